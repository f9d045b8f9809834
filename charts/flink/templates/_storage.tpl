{{/* Durable storage (storage.*): where checkpoints, savepoints and HA metadata go. */}}

{{/* Durable base URI ("s3://bucket/prefix" or "file:///flink-data"), or empty without durable storage. */}}
{{- define "flink.storage.base" -}}
{{- $s := .Values.storage -}}
{{- if $s.s3.enabled -}}
{{- printf "s3://%s/%s" $s.s3.bucket (trimAll "/" $s.s3.prefix) | trimSuffix "/" -}}
{{- else if $s.pvc.enabled -}}
{{- printf "file://%s" (trimSuffix "/" $s.pvc.mountPath) -}}
{{- end -}}
{{- end -}}

{{/* The S3 plugin jar for ENABLE_BUILT_IN_PLUGINS. */}}
{{- define "flink.storage.s3PluginJar" -}}
{{- printf "flink-s3-fs-%s-%s.jar" .Values.storage.s3.plugin .Chart.AppVersion -}}
{{- end -}}

{{/* Sets the storage keys of the Flink configuration in .config. Call with (dict "root" $ "config" $map). */}}
{{- define "flink.storage.setConfig" -}}
{{- $c := .config -}}
{{- $s := .root.Values.storage -}}
{{- $base := include "flink.storage.base" .root -}}
{{- if $base -}}
{{- $_ := set $c "execution.checkpointing.dir" (printf "%s/checkpoints" $base) -}}
{{- $_ := set $c "execution.checkpointing.savepoint-dir" (printf "%s/savepoints" $base) -}}
{{- end -}}
{{- if $s.s3.enabled -}}
{{- with $s.s3.endpoint -}}{{- $_ := set $c "s3.endpoint" . -}}{{- end -}}
{{- $_ := set $c "s3.path.style.access" $s.s3.pathStyleAccess -}}
{{- end -}}
{{- end -}}
