{{/* The job's restart strategy (restart-strategy.* of the Flink configuration). */}}

{{/* Sets the restart-strategy keys in .config. Call with (dict "root" $ "config" $map). */}}
{{- define "flink.restartStrategy.setConfig" -}}
{{- $c := .config -}}
{{- $v := .root.Values -}}
{{- if $v.highAvailability.enabled -}}
{{- $rs := $v.highAvailability.restartStrategy -}}
{{- $_ := set $c "restart-strategy.type" $rs.type -}}
{{- if eq $rs.type "fixed-delay" -}}
{{- $_ := set $c "restart-strategy.fixed-delay.attempts" (int $rs.attempts) -}}
{{- $_ := set $c "restart-strategy.fixed-delay.delay" $rs.delay -}}
{{- else if eq $rs.type "exponential-delay" -}}
{{- with $rs.delay }}{{ $_ := set $c "restart-strategy.exponential-delay.initial-backoff" . }}{{ end -}}
{{- with $rs.maxDelay }}{{ $_ := set $c "restart-strategy.exponential-delay.max-backoff" . }}{{ end -}}
{{- end -}}
{{- end -}}
{{- end -}}
