{{/*
Memory arithmetic used to keep Flink's process memory consistent with the container memory limit.
Both helpers print a number of bytes (as a float without exponent) or fail naming the value.
*/}}

{{/* Kubernetes quantity -> bytes. Call with (dict "value" "1600Mi" "name" "jobManager.resources.limits.memory"). */}}
{{- define "flink.quantityToBytes" -}}
{{- $v := toString .value | trim -}}
{{- $m := regexFind "^[0-9]+(\\.[0-9]+)?" $v -}}
{{- if not $m -}}
{{- fail (printf "%s: cannot read %q as a Kubernetes memory quantity (use e.g. 1600Mi or 2Gi)" .name $v) -}}
{{- end -}}
{{- $suffix := trimPrefix $m $v -}}
{{- $units := dict "" 1 "Ki" 1024 "Mi" 1048576 "Gi" 1073741824 "Ti" 1099511627776 "k" 1000 "M" 1000000 "G" 1000000000 "T" 1000000000000 -}}
{{- if not (hasKey $units $suffix) -}}
{{- fail (printf "%s: unsupported memory unit %q in %q (use Ki, Mi, Gi, Ti, k, M, G or T)" .name $suffix $v) -}}
{{- end -}}
{{- printf "%.0f" (mulf (float64 $m) (get $units $suffix)) -}}
{{- end -}}

{{/* Flink MemorySize string -> bytes (units b, k/kb, m/mb, g/gb, t/tb and their long names; binary). */}}
{{- define "flink.flinkMemoryToBytes" -}}
{{- $v := lower (toString .value) | trim -}}
{{- $m := regexFind "^[0-9]+" $v -}}
{{- if not $m -}}
{{- fail (printf "%s: cannot read %q as a Flink memory size (use e.g. 1600m or 2g)" .name $v) -}}
{{- end -}}
{{- $suffix := trimPrefix $m $v | trim -}}
{{- $units := dict "" 1 "b" 1 "bytes" 1 "k" 1024 "kb" 1024 "kibibytes" 1024 "m" 1048576 "mb" 1048576 "mebibytes" 1048576 "g" 1073741824 "gb" 1073741824 "gibibytes" 1073741824 "t" 1099511627776 "tb" 1099511627776 "tebibytes" 1099511627776 -}}
{{- if not (hasKey $units $suffix) -}}
{{- fail (printf "%s: unsupported Flink memory unit %q in %q" .name $suffix $v) -}}
{{- end -}}
{{- printf "%.0f" (mulf (float64 $m) (get $units $suffix)) -}}
{{- end -}}

{{/*
Process memory of one component. Call with (dict "root" $ "component" "jobManager" "key" "jobmanager.memory.process.size"
"default" "1600m" "user" $userFlatConfig). Prints the value for config.yaml:
- the user's value when flinkConfiguration sets it (it must fit in the container limit),
- else the container limit in mebibytes,
- else the Flink docs' default.
*/}}
{{- define "flink.processMemory" -}}
{{- $res := get .root.Values .component -}}
{{- $limit := "" -}}
{{- with $res.resources -}}{{- with .limits -}}{{- with .memory -}}{{- $limit = toString . -}}{{- end -}}{{- end -}}{{- end -}}
{{- $limitName := printf "%s.resources.limits.memory" .component -}}
{{- if hasKey .user .key -}}
{{- $val := get .user .key -}}
{{- if $limit -}}
{{- $lb := include "flink.quantityToBytes" (dict "value" $limit "name" $limitName) | float64 -}}
{{- $vb := include "flink.flinkMemoryToBytes" (dict "value" $val "name" (printf "flinkConfiguration.%s" .key)) | float64 -}}
{{- if gt $vb $lb -}}
{{- fail (printf "flinkConfiguration.%s (%v) is larger than %s (%s): lower the Flink memory or raise the container limit" .key $val $limitName $limit) -}}
{{- end -}}
{{- end -}}
{{- $val -}}
{{- else if $limit -}}
{{- $lb := include "flink.quantityToBytes" (dict "value" $limit "name" $limitName) | float64 -}}
{{- printf "%.0fm" (floor (divf $lb 1048576)) -}}
{{- else -}}
{{- .default -}}
{{- end -}}
{{- end -}}
