{{/*
Pieces shared by the JobManager and TaskManager pods, and the TaskManager pod template shared by
the Deployment and the StatefulSet.

How the configuration reaches /opt/flink/conf: the ConfigMap is mounted read-only at
/opt/flink/conf-template in the `flink-config` init container, which copies the image's own conf/
and then the chart's config.yaml and log4j-console.properties into an emptyDir. The main container
mounts that emptyDir at /opt/flink/conf, so the image entrypoint can rewrite config.yaml while the
root filesystem stays read-only.
*/}}

{{/* Shared pod-level fields. Call with (dict "root" $ "component" "jobManager"). */}}
{{- define "flink.podCommon" -}}
{{- $root := .root -}}
{{- $c := get $root.Values .component -}}
serviceAccountName: {{ include "flink.serviceAccountName" $root }}
automountServiceAccountToken: {{ $root.Values.highAvailability.enabled }}
{{- include "flink.imagePullSecrets" $root }}
securityContext:
  {{- toYaml $root.Values.podSecurityContext | nindent 2 }}
terminationGracePeriodSeconds: {{ int $c.terminationGracePeriodSeconds }}
{{- with $c.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- with $c.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $c.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $c.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $c.topologySpreadConstraints }}
topologySpreadConstraints:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* Init containers: configuration copy, optional artifacts, then the user's. Call with (dict "root" $ "component" ...). */}}
{{- define "flink.initContainers" -}}
{{- $root := .root -}}
{{- $c := get $root.Values .component -}}
{{- $plugins := include "flink.builtInPlugins" $root -}}
- name: flink-config
  image: {{ include "flink.image" $root }}
  imagePullPolicy: {{ $root.Values.image.pullPolicy }}
  command:
    - /bin/sh
    - -ec
    - |
      # Start from the image's conf/ (CLI logging etc.), then lay the chart's files over it.
      cp -R /opt/flink/conf/. /mnt/conf/ 2>/dev/null || true
      cp -L /opt/flink/conf-template/config.yaml /opt/flink/conf-template/log4j-console.properties /mnt/conf/
      # Only the copied files: the emptyDir itself belongs to root (group fsGroup) and may not be chmod'ed.
      find /mnt/conf -mindepth 1 -exec chmod u+w {} +
      {{- if $plugins }}
      # Keep the image's plugins; the entrypoint links ENABLE_BUILT_IN_PLUGINS into this copy.
      if [ -d /opt/flink/plugins ]; then cp -R /opt/flink/plugins/. /mnt/plugins/; fi
      {{- end }}
      {{- if include "flink.ha.ownEtcHosts" . }}
      # The pod IP's first name is the IP itself, so the BlobServer address reaches other pods.
      printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n%s\t%s\t%s\n' "$POD_IP" "$POD_IP" "$(hostname)" > /mnt/etc-hosts/hosts
      {{- end }}
  {{- if include "flink.ha.ownEtcHosts" . }}
  env:
    - name: POD_IP
      valueFrom:
        fieldRef:
          fieldPath: status.podIP
  {{- end }}
  securityContext:
    {{- toYaml $root.Values.securityContext | nindent 4 }}
  resources:
    {{- toYaml $root.Values.helperResources | nindent 4 }}
  volumeMounts:
    - name: flink-config-template
      mountPath: /opt/flink/conf-template
      readOnly: true
    - name: flink-conf
      mountPath: /mnt/conf
    {{- if include "flink.ha.ownEtcHosts" . }}
    - name: etc-hosts
      mountPath: /mnt/etc-hosts
    {{- end }}
    {{- if $plugins }}
    - name: flink-plugins
      mountPath: /mnt/plugins
    {{- end }}
{{- if eq $root.Values.artifacts.source "initContainer" }}
{{- $a := $root.Values.artifacts.initContainer }}
- name: flink-artifacts
  image: {{ default (include "flink.image" $root) $a.image }}
  imagePullPolicy: {{ $root.Values.image.pullPolicy }}
  command:
    - /bin/sh
    - -ec
    - |
      {{- with $a.copyFrom }}
      if [ -d {{ . | quote }} ]; then cp -R {{ . | quote }}/. /opt/flink/usrlib/; else cp {{ . | quote }} /opt/flink/usrlib/; fi
      {{- end }}
      {{- range $a.urls }}
      f=/opt/flink/usrlib/$(basename {{ . | quote }})
      if command -v curl >/dev/null 2>&1; then curl -fsSL -o "$f" {{ . | quote }}; else wget -q -O "$f" {{ . | quote }}; fi
      {{- end }}
      ls -l /opt/flink/usrlib
  securityContext:
    {{- toYaml $root.Values.securityContext | nindent 4 }}
  resources:
    {{- toYaml $a.resources | nindent 4 }}
  volumeMounts:
    - name: flink-usrlib
      mountPath: /opt/flink/usrlib
    - name: flink-tmp
      mountPath: /tmp
{{- end }}
{{- with $c.initContainers }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Environment of the Flink container. Call with (dict "root" $ "component" ...). */}}
{{- define "flink.env" -}}
{{- $root := .root -}}
{{- $c := get $root.Values .component -}}
{{- $conf := include "flink.config" $root | fromJson -}}
{{- $plugins := include "flink.builtInPlugins" $root -}}
# The image entrypoint writes these two into conf/config.yaml; they carry the configured values.
- name: JOB_MANAGER_RPC_ADDRESS
  value: {{ get $conf "jobmanager.rpc.address" | default (include "flink.jobmanager.fullname" $root) | quote }}
- name: TASK_MANAGER_NUMBER_OF_TASK_SLOTS
  value: {{ get $conf "taskmanager.numberOfTaskSlots" | default 1 | int | quote }}
- name: POD_IP
  valueFrom:
    fieldRef:
      fieldPath: status.podIP
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
{{- if $plugins }}
- name: ENABLE_BUILT_IN_PLUGINS
  value: {{ $plugins | quote }}
{{- end }}
{{- if and $root.Values.storage.s3.enabled $root.Values.storage.s3.existingSecret }}
- name: AWS_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ $root.Values.storage.s3.existingSecret }}
      key: {{ $root.Values.storage.s3.accessKeyIdKey }}
- name: AWS_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $root.Values.storage.s3.existingSecret }}
      key: {{ $root.Values.storage.s3.secretAccessKeyKey }}
{{- end }}
{{- with $c.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Volume mounts of the Flink container. Call with (dict "root" $ "component" ...). */}}
{{- define "flink.volumeMounts" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $c := get $v .component -}}
- name: flink-conf
  mountPath: /opt/flink/conf
- name: flink-log
  mountPath: /opt/flink/log
- name: flink-tmp
  mountPath: /tmp
{{- if include "flink.ha.ownEtcHosts" . }}
- name: etc-hosts
  mountPath: /etc/hosts
  subPath: hosts
  readOnly: true
{{- end }}
{{- if include "flink.builtInPlugins" $root }}
- name: flink-plugins
  mountPath: /opt/flink/plugins
{{- end }}
{{- if eq $v.artifacts.source "pvc" }}
- name: flink-usrlib
  mountPath: /opt/flink/usrlib
  readOnly: true
  {{- with $v.artifacts.pvc.subPath }}
  subPath: {{ . }}
  {{- end }}
{{- else if eq $v.artifacts.source "initContainer" }}
- name: flink-usrlib
  mountPath: /opt/flink/usrlib
  readOnly: true
{{- end }}
{{- if $v.storage.pvc.enabled }}
- name: flink-data
  mountPath: {{ $v.storage.pvc.mountPath }}
{{- end }}
{{- if and (eq .component "taskManager") $v.taskManager.persistence.enabled }}
- name: working-dir
  mountPath: {{ $v.taskManager.persistence.mountPath }}
{{- end }}
{{- with $c.extraVolumeMounts }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Pod volumes. Call with (dict "root" $ "component" ...). */}}
{{- define "flink.volumes" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $c := get $v .component -}}
- name: flink-config-template
  configMap:
    name: {{ include "flink.config.fullname" $root }}
- name: flink-conf
  emptyDir: {}
- name: flink-log
  emptyDir: {}
- name: flink-tmp
  emptyDir: {}
{{- if include "flink.ha.ownEtcHosts" . }}
- name: etc-hosts
  emptyDir: {}
{{- end }}
{{- if include "flink.builtInPlugins" $root }}
- name: flink-plugins
  emptyDir: {}
{{- end }}
{{- if eq $v.artifacts.source "pvc" }}
- name: flink-usrlib
  persistentVolumeClaim:
    claimName: {{ $v.artifacts.pvc.claimName }}
    readOnly: true
{{- else if eq $v.artifacts.source "initContainer" }}
- name: flink-usrlib
  emptyDir: {}
{{- end }}
{{- if $v.storage.pvc.enabled }}
- name: flink-data
  persistentVolumeClaim:
    claimName: {{ default (include "flink.data.fullname" $root) $v.storage.pvc.existingClaim }}
{{- end }}
{{- with $c.extraVolumes }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* TCP probes. Call with (dict "probes" $c "liveness" port "readiness" port "startup" port). */}}
{{- define "flink.probes" -}}
{{- range $kind, $port := dict "livenessProbe" .liveness "readinessProbe" .readiness "startupProbe" .startup -}}
{{- $p := get $.probes $kind -}}
{{- if $p.enabled }}
{{ $kind }}:
  tcpSocket:
    port: {{ $port }}
  initialDelaySeconds: {{ int $p.initialDelaySeconds }}
  periodSeconds: {{ int $p.periodSeconds }}
  timeoutSeconds: {{ int $p.timeoutSeconds }}
  failureThreshold: {{ int $p.failureThreshold }}
{{- end }}
{{- end }}
{{- end -}}

{{/* Pod annotations: the config checksum plus the user's. */}}
{{- define "flink.podAnnotations" -}}
checksum/config: {{ include "flink.config.checksum" .root }}
{{- with .annotations }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* The TaskManager pod template, shared by the Deployment and the StatefulSet. */}}
{{- define "flink.taskmanager.podTemplate" -}}
{{- $v := .Values -}}
{{- $tm := $v.taskManager -}}
{{- $comp := dict "root" . "component" "taskManager" -}}
{{- $conf := include "flink.config" . | fromJson -}}
metadata:
  labels:
    {{- include "flink.componentLabels" (dict "root" . "component" "taskmanager") | nindent 4 }}
    {{- with $tm.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  annotations:
    {{- include "flink.podAnnotations" (dict "root" . "annotations" $tm.podAnnotations) | nindent 4 }}
spec:
  {{- include "flink.podCommon" $comp | nindent 2 }}
  initContainers:
    {{- include "flink.initContainers" $comp | nindent 4 }}
  containers:
    - name: taskmanager
      image: {{ include "flink.image" . }}
      imagePullPolicy: {{ $v.image.pullPolicy }}
      args:
        - taskmanager
        {{- if eq $tm.kind "StatefulSet" }}
        - -Dtaskmanager.resource-id=$(POD_NAME)
        {{- end }}
        - -Dblob.server.port={{ get $conf "blob.server.port" }}
      env:
        {{- include "flink.env" $comp | nindent 8 }}
      {{- with $tm.extraEnvFrom }}
      envFrom:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      ports:
        - name: rpc
          containerPort: {{ int $tm.ports.rpc }}
          protocol: TCP
        {{- if $v.metrics.enabled }}
        - name: metrics
          containerPort: {{ int $v.metrics.port }}
          protocol: TCP
        {{- end }}
      {{- include "flink.probes" (dict "probes" $tm "liveness" "rpc" "readiness" "rpc" "startup" "rpc") | trim | nindent 6 }}
      resources:
        {{- toYaml $tm.resources | nindent 8 }}
      securityContext:
        {{- toYaml $v.securityContext | nindent 8 }}
      volumeMounts:
        {{- include "flink.volumeMounts" $comp | nindent 8 }}
    {{- with $tm.sidecars }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  volumes:
    {{- include "flink.volumes" $comp | nindent 4 }}
{{- end -}}

{{/*
The JobManager pod template. Call with (dict "root" $ "jobSpec" SPEC): SPEC is the job spec (see
flink.jobSpec in _lifecycle.tpl), rendered as a placeholder while the spec itself is computed.
*/}}
{{- define "flink.jobmanager.podTemplate" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $jm := $v.jobManager -}}
{{- $comp := dict "root" $root "component" "jobManager" -}}
{{- $conf := include "flink.config" $root | fromJson -}}
{{- $app := $v.application -}}
{{- $application := eq $v.mode "application" -}}
{{- $handover := include "flink.ha.handover.enabled" $root -}}
metadata:
  labels:
    {{- include "flink.componentLabels" (dict "root" $root "component" "jobmanager") | nindent 4 }}
    {{- with $jm.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  annotations:
    {{- include "flink.podAnnotations" (dict "root" $root "annotations" $jm.podAnnotations) | nindent 4 }}
    {{- if $application }}
    flink-helm.dev/job-spec: {{ .jobSpec | quote }}
    {{- end }}
    {{- if $handover }}
    checksum/jobmanager-scripts: {{ include "flink.jobmanager.scripts" $root | sha256sum }}
    {{- end }}
spec:
  {{- include "flink.podCommon" $comp | nindent 2 }}
  initContainers:
    {{- include "flink.initContainers" $comp | nindent 4 }}
    {{- if $handover }}
    {{- include "flink.ha.leaderLockReleaseContainer" (dict "root" $root "jobSpec" .jobSpec) | nindent 4 }}
    {{- end }}
  containers:
    - name: jobmanager
      image: {{ include "flink.image" $root }}
      imagePullPolicy: {{ $v.image.pullPolicy }}
      # jobmanager.sh only forwards dynamic properties written as two words: "-D" "key=value". The job id
      # and the savepoint to start from are in config.yaml, where the lifecycle's FLINK_PROPERTIES can
      # replace them.
      args:
        {{- if $application }}
        - standalone-job
        - --job-classname
        - {{ $app.jobClassName | quote }}
        {{- with $app.jars }}
        - --jars
        - {{ join "," . | quote }}
        {{- end }}
        {{- else }}
        - jobmanager
        {{- end }}
        - -D
        - blob.server.port={{ get $conf "blob.server.port" }}
        {{- if $v.highAvailability.enabled }}
        # With HA each JobManager advertises its own pod IP. Flink 2.x ignores the old positional
        # host / --host argument, so it is passed as a dynamic property (before any job argument).
        - -D
        - jobmanager.rpc.address=$(POD_IP)
        # The BlobServer reports the address it is bound to (the wildcard reports the pod's
        # hostname); see flink.ha.ownEtcHosts.
        - -D
        - jobmanager.bind-host=$(POD_IP)
        {{- end }}
        {{- if $application }}
        {{- range $app.args }}
        - {{ . | quote }}
        {{- end }}
        {{- end }}
      env:
        {{- include "flink.env" $comp | nindent 8 }}
        {{- if and $handover $application }}
        {{- include "flink.ha.handoverEnv" (dict "root" $root "jobSpec" .jobSpec) | nindent 8 }}
        {{- end }}
        {{- if $application }}
        # Where this version of the job starts (a savepoint and a fresh job id), when a lifecycle step
        # recorded it: see files/lifecycle.sh.
        - name: FLINK_PROPERTIES
          valueFrom:
            configMapKeyRef:
              name: {{ include "flink.lifecycle.recordName" $root }}
              key: job-{{ .jobSpec }}
              optional: true
        {{- end }}
      {{- with $jm.extraEnvFrom }}
      envFrom:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      ports:
        - name: rpc
          containerPort: {{ int $jm.ports.rpc }}
          protocol: TCP
        - name: blob
          containerPort: {{ int $jm.ports.blob }}
          protocol: TCP
        - name: webui
          containerPort: {{ int $jm.ports.webui }}
          protocol: TCP
        {{- if $v.metrics.enabled }}
        - name: metrics
          containerPort: {{ int $v.metrics.port }}
          protocol: TCP
        {{- end }}
      {{- include "flink.probes" (dict "probes" $jm "liveness" "rpc" "readiness" "webui" "startup" "rpc") | trim | nindent 6 }}
      {{- if and $handover $application }}
      # Before the JVM is stopped, while it still leads: when an upgrade replaces this pod, the job's
      # execution plan leaves the HA ConfigMap, so the next leader runs the new version's main()
      # (files/leader-lock-release.sh).
      lifecycle:
        preStop:
          exec:
            command: ["/bin/sh", "/opt/flink-helm/bin/leader-lock-release.sh", "prestop"]
      {{- end }}
      resources:
        {{- toYaml $jm.resources | nindent 8 }}
      securityContext:
        {{- toYaml $v.securityContext | nindent 8 }}
      volumeMounts:
        {{- include "flink.volumeMounts" $comp | nindent 8 }}
        {{- if and $handover $application }}
        - name: jobmanager-scripts
          mountPath: /opt/flink-helm/bin
          readOnly: true
        {{- end }}
    {{- with $jm.sidecars }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  volumes:
    {{- include "flink.volumes" $comp | nindent 4 }}
    {{- if $handover }}
    - name: jobmanager-scripts
      configMap:
        name: {{ include "flink.componentName" (dict "root" $root "suffix" "jobmanager-scripts") }}
    {{- end }}
{{- end -}}

{{/* The JobManager's scripts ConfigMap data (jobmanager-scripts-configmap.yaml): each with files/lib.sh in front. */}}
{{- define "flink.jobmanager.scripts" -}}
leader-lock-release.sh: |
  {{- include "flink.script" (dict "root" . "script" "leader-lock-release.sh") | trim | nindent 2 }}
{{- end -}}
