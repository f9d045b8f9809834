{{/* Names, labels and the image reference. */}}

{{- define "flink.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Full name: <release>-<chart> unless the release name already contains the chart name; at most 63 characters. */}}
{{- define "flink.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
Truncate-then-suffix: "<fullname truncated>-<suffix>", at most `max` (default 63) characters in all.
Call with (dict "root" $ "suffix" "jobmanager" ["max" 52]).
*/}}
{{- define "flink.componentName" -}}
{{- $max := .max | default 63 | int -}}
{{- $room := sub $max (add 1 (len .suffix)) | int -}}
{{- printf "%s-%s" (include "flink.fullname" .root | trunc $room | trimSuffix "-") .suffix -}}
{{- end -}}

{{- define "flink.jobmanager.fullname" -}}
{{- include "flink.componentName" (dict "root" . "suffix" "jobmanager") -}}
{{- end -}}

{{- define "flink.rest.fullname" -}}
{{- include "flink.componentName" (dict "root" . "suffix" "rest") -}}
{{- end -}}

{{/* StatefulSet names must leave room for the 11-character controller-revision-hash suffix: at most 52. */}}
{{- define "flink.taskmanager.fullname" -}}
{{- include "flink.componentName" (dict "root" . "suffix" "taskmanager" "max" 52) -}}
{{- end -}}

{{- define "flink.taskmanager.headlessName" -}}
{{- include "flink.componentName" (dict "root" . "suffix" "taskmanager-headless") -}}
{{- end -}}

{{- define "flink.config.fullname" -}}
{{- include "flink.componentName" (dict "root" . "suffix" "config") -}}
{{- end -}}

{{- define "flink.data.fullname" -}}
{{- include "flink.componentName" (dict "root" . "suffix" "data") -}}
{{- end -}}

{{- define "flink.metrics.fullname" -}}
{{- include "flink.componentName" (dict "root" . "suffix" "metrics") -}}
{{- end -}}

{{- define "flink.uninstallCleanup.fullname" -}}
{{- include "flink.componentName" (dict "root" . "suffix" "uninstall-cleanup") -}}
{{- end -}}

{{/*
The steps of the uninstall cleanup (files/uninstall-cleanup.sh), space-separated; empty when nothing is
left behind to clean up. Flink's HA ConfigMaps go unless highAvailability.keepConfigMapsOnUninstall; the
lifecycle's savepoint record (application mode, or a savepoint CronJob) goes unless it is needed by the
next install (lifecycle.savepoints.onUninstall) or the HA state is kept with it.
*/}}
{{- define "flink.uninstallCleanup.steps" -}}
{{- $keep := .Values.highAvailability.keepConfigMapsOnUninstall -}}
{{- $steps := list -}}
{{- if and .Values.highAvailability.enabled (not $keep) -}}
{{- $steps = concat $steps (list "wait-for-pods" "ha-configmaps") -}}
{{- end -}}
{{- if and (or (eq .Values.mode "application") (include "flink.lifecycle.cronJob" .)) (not .Values.lifecycle.savepoints.onUninstall) (not $keep) -}}
{{- $steps = append $steps "savepoint-record" -}}
{{- end -}}
{{- join " " $steps -}}
{{- end -}}

{{- define "flink.test.fullname" -}}
{{- include "flink.componentName" (dict "root" . "suffix" "test-overview") -}}
{{- end -}}

{{- define "flink.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "flink.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "flink.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Selector labels: only name and instance (plus component where given), stable across upgrades. */}}
{{- define "flink.selectorLabels" -}}
app.kubernetes.io/name: {{ include "flink.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "flink.labels" -}}
helm.sh/chart: {{ include "flink.chart" . }}
{{ include "flink.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Call with (dict "root" $ "component" "jobmanager"). */}}
{{- define "flink.componentSelectorLabels" -}}
{{ include "flink.selectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "flink.componentLabels" -}}
{{ include "flink.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "flink.image" -}}
{{- $img := .Values.image -}}
{{- $tag := default (printf "%s-scala_2.12" .Chart.AppVersion) $img.tag -}}
{{- $repo := $img.repository -}}
{{- if $img.registry -}}{{- $repo = printf "%s/%s" $img.registry $img.repository -}}{{- end -}}
{{- if $img.digest -}}
{{- printf "%s:%s@%s" $repo $tag $img.digest -}}
{{- else -}}
{{- printf "%s:%s" $repo $tag -}}
{{- end -}}
{{- end -}}

{{- define "flink.imagePullSecrets" -}}
{{- with .Values.image.pullSecrets }}
imagePullSecrets:
{{- range . }}
{{- if kindIs "map" . }}
  - name: {{ .name }}
{{- else }}
  - name: {{ . }}
{{- end }}
{{- end }}
{{- end }}
{{- end -}}

{{/*
A script of the chart's helper containers: the shell library files/lib.sh, then files/<script>. Run as
`/bin/sh -c SCRIPT NAME ARG...` in hook and test pods, which may run while the release's own objects do
not exist (pre-install, post-delete), or from a mounted ConfigMap (jobmanager-scripts-configmap.yaml).
Never "$$" in these files: Kubernetes turns it into "$" in a container command.
Call with (dict "root" $ "script" "lifecycle.sh").
*/}}
{{- define "flink.script" -}}
{{ .root.Files.Get "files/lib.sh" }}
{{ .root.Files.Get (printf "files/%s" .script) }}
{{- end -}}
