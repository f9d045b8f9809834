{{/*
The job lifecycle (lifecycle.* values): upgrades that apply, savepoints on demand, on a schedule and on
uninstall. Objects: lifecycle-rbac.yaml (the savepoint CronJob's identity), lifecycle-hook-rbac.yaml (the
hooks' identity), lifecycle-savepoint-cronjob.yaml, lifecycle-upgrade-job.yaml (pre-upgrade and
pre-rollback), lifecycle-install-job.yaml (pre-install), lifecycle-uninstall-job.yaml (pre-delete). The
steps are files/lifecycle.sh; the JobManager's own part, the exit handover, is files/leader-lock-release.sh.

How an upgrade reaches the job. The JobManager pod template carries the hash of itself as its "job spec"
(annotation flink-helm.dev/job-spec). Whenever a helm upgrade or rollback changes it:
  - last-state: the Deployment rolls (new JobManagers wait as standbys); the old leader's exit handover
    removes the job's execution plan from the HA ConfigMap together with its leader lock, so the next
    leader runs the new main() and restores the latest checkpoint from HA;
  - savepoint / stateless: the upgrade hook stops the job with a savepoint (or cancels it) before anything
    changes and records, under the key job-<spec> of the savepoint record, the savepoint and a new job id
    for the new JobManagers, which read it as FLINK_PROPERTIES. A failed savepoint fails the hook, so helm
    changes nothing and the job keeps running.
*/}}

{{/* Name of the savepoint record ConfigMap (written by the lifecycle steps, not by Helm). */}}
{{- define "flink.lifecycle.recordName" -}}
{{- include "flink.componentName" (dict "root" . "suffix" "savepoints") -}}
{{- end -}}

{{- define "flink.lifecycle.fullname" -}}
{{- include "flink.componentName" (dict "root" . "suffix" "lifecycle") -}}
{{- end -}}

{{- define "flink.lifecycle.hookName" -}}
{{- include "flink.componentName" (dict "root" . "suffix" "lifecycle-hook") -}}
{{- end -}}

{{/* The directory savepoints go to: lifecycle.savepoints.targetDirectory, else the configured savepoint-dir. */}}
{{- define "flink.lifecycle.savepointDir" -}}
{{- default (get (include "flink.config" . | fromJson) "execution.checkpointing.savepoint-dir") .Values.lifecycle.savepoints.targetDirectory -}}
{{- end -}}

{{/*
The upgrade mode in effect: lifecycle.upgradeMode, or when empty the one that keeps the most state here:
last-state with HA, savepoint with a savepoint directory, else stateless (nothing durable to keep).
*/}}
{{- define "flink.lifecycle.upgradeMode" -}}
{{- if .Values.lifecycle.upgradeMode -}}
{{- .Values.lifecycle.upgradeMode -}}
{{- else if .Values.highAvailability.enabled -}}
last-state
{{- else if include "flink.lifecycle.savepointDir" . -}}
savepoint
{{- else -}}
stateless
{{- end -}}
{{- end -}}

{{/* True when the upgrade hook runs: application mode. */}}
{{- define "flink.lifecycle.upgradeHook" -}}
{{- if eq .Values.mode "application" -}}true{{- end -}}
{{- end -}}

{{/*
True when the install hook runs: application mode, when lifecycle.savepoints.onUninstall is set or the
savepoint record of an earlier release of this name exists (the hook forgets that release's start
instructions). `lookup` finds nothing in `helm template`; the uninstall cleanup removes those
instructions, too.
*/}}
{{- define "flink.lifecycle.installHook" -}}
{{- if eq .Values.mode "application" -}}
{{- if or .Values.lifecycle.savepoints.onUninstall (lookup "v1" "ConfigMap" .Release.Namespace (include "flink.lifecycle.recordName" .)) -}}true{{- end -}}
{{- end -}}
{{- end -}}

{{/* True when the savepoint CronJob is rendered: a savepoint directory is known. */}}
{{- define "flink.lifecycle.cronJob" -}}
{{- if include "flink.lifecycle.savepointDir" . -}}true{{- end -}}
{{- end -}}

{{/* The hook events the lifecycle hooks run at (comma-joined; empty when there is none). */}}
{{- define "flink.lifecycle.hookEvents" -}}
{{- $e := list -}}
{{- if include "flink.lifecycle.installHook" . -}}{{- $e = append $e "pre-install" -}}{{- end -}}
{{- if include "flink.lifecycle.upgradeHook" . -}}{{- $e = concat $e (list "pre-upgrade" "pre-rollback") -}}{{- end -}}
{{- if .Values.lifecycle.savepoints.onUninstall -}}{{- $e = append $e "pre-delete" -}}{{- end -}}
{{- join "," $e -}}
{{- end -}}

{{/*
The job spec: a hash of the JobManager pod template (application mode). The template is rendered with a
placeholder where the spec itself appears, so the hash covers everything else in it.
*/}}
{{- define "flink.jobSpec" -}}
{{- if eq .Values.mode "application" -}}
{{- include "flink.jobmanager.podTemplate" (dict "root" . "jobSpec" "JOB-SPEC") | sha256sum | trunc 16 -}}
{{- end -}}
{{- end -}}

{{/*
The pod spec of a lifecycle step (hook Jobs and the CronJob). Call with
(dict "root" $ "step" "upgrade" "serviceAccount" NAME).
*/}}
{{- define "flink.lifecycle.podSpec" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $s := $v.lifecycle.savepoints -}}
restartPolicy: Never
serviceAccountName: {{ .serviceAccount }}
automountServiceAccountToken: true
{{- include "flink.imagePullSecrets" $root }}
securityContext:
  {{- toYaml $v.podSecurityContext | nindent 2 }}
containers:
  - name: {{ .step }}
    image: {{ include "flink.image" $root }}
    imagePullPolicy: {{ $v.image.pullPolicy }}
    command:
      - /bin/sh
      - -c
      - |
        {{- include "flink.script" (dict "root" $root "script" "lifecycle.sh") | trim | nindent 8 }}
      - lifecycle
      - {{ .step }}
    env:
      - name: RELEASE
        value: {{ $root.Release.Name | quote }}
      - name: REST_URL
        value: {{ printf "http://%s:%d" (include "flink.rest.fullname" $root) (int $v.rest.service.port) | quote }}
      - name: RECORD
        value: {{ include "flink.lifecycle.recordName" $root | quote }}
      - name: RECORD_LABELS
        value: {{ dict "app.kubernetes.io/name" (include "flink.name" $root) "app.kubernetes.io/instance" $root.Release.Name "app.kubernetes.io/component" "savepoint-record" | toJson | quote }}
      - name: JM_DEPLOYMENT
        value: {{ include "flink.jobmanager.fullname" $root | quote }}
      - name: JOB_SPEC
        value: {{ include "flink.jobSpec" $root | quote }}
      - name: MODE
        value: {{ $v.mode | quote }}
      - name: UPGRADE_MODE
        value: {{ include "flink.lifecycle.upgradeMode" $root | quote }}
      - name: SAVEPOINT_DIR
        value: {{ $s.targetDirectory | quote }}
      - name: FORMAT_TYPE
        value: {{ $s.formatType | quote }}
      - name: SAVEPOINT_TIMEOUT
        value: {{ int $s.timeoutSeconds | quote }}
      - name: RETAIN
        value: {{ int $s.retain | quote }}
      - name: FROM_SAVEPOINT
        value: {{ $v.application.fromSavepoint | quote }}
    # `kubectl describe pod` shows the end of the log of a failed step.
    terminationMessagePolicy: FallbackToLogsOnError
    securityContext:
      {{- toYaml $v.securityContext | nindent 6 }}
    resources:
      {{- toYaml $v.helperResources | nindent 6 }}
    volumeMounts:
      - name: tmp
        mountPath: /tmp
volumes:
  - name: tmp
    emptyDir: {}
{{- end -}}

{{/*
The Role rules of the lifecycle steps: the savepoint record; the hooks (call with (dict "root" $ "hooks"
true)) also read the JobManager Deployment and restart JobManager pods whose start instructions changed
(pods cannot be limited by name; the hook identity only exists while a hook runs).
*/}}
{{- define "flink.lifecycle.rules" -}}
- apiGroups: [""]
  resources: ["configmaps"]
  resourceNames: [{{ include "flink.lifecycle.recordName" .root | quote }}]
  verbs: ["get", "patch"]
# The record is created on first use (create cannot be limited to a name).
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["create"]
{{- if .hooks }}
- apiGroups: ["apps"]
  resources: ["deployments"]
  resourceNames: [{{ include "flink.jobmanager.fullname" .root | quote }}]
  verbs: ["get"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list", "delete"]
{{- end }}
{{- end -}}

{{/*
A lifecycle hook Job. Call with (dict "root" $ "step" "upgrade" "hook" "pre-upgrade,pre-rollback"). A
failed hook stays (with its pod and log) until the next run of the same hook: `kubectl logs job/<name>`.
*/}}
{{- define "flink.lifecycle.hookJob" -}}
{{- $root := .root -}}
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ include "flink.componentName" (dict "root" $root "suffix" (printf "lifecycle-%s" .step)) }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "flink.labels" $root | nindent 4 }}
    app.kubernetes.io/component: lifecycle
  annotations:
    helm.sh/hook: {{ .hook }}
    helm.sh/hook-weight: "0"
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
spec:
  # A savepoint is not retried behind the user's back: a failure fails the helm command at once.
  backoffLimit: 0
  activeDeadlineSeconds: {{ add (int $root.Values.lifecycle.savepoints.timeoutSeconds) 120 }}
  template:
    metadata:
      labels:
        {{- include "flink.labels" $root | nindent 8 }}
        app.kubernetes.io/component: lifecycle
    spec:
      {{- include "flink.lifecycle.podSpec" (dict "root" $root "step" .step "serviceAccount" (include "flink.lifecycle.hookName" $root)) | nindent 6 }}
{{- end -}}
