{{/* PodDisruptionBudget of one component. Call with (dict "root" $ "component" "jobManager" "label" "jobmanager"). */}}
{{- define "flink.pdb" -}}
{{- $root := .root -}}
{{- $pdb := (get $root.Values .component).podDisruptionBudget -}}
{{- if $pdb.enabled -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "flink.componentName" (dict "root" $root "suffix" .label) }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "flink.componentLabels" (dict "root" $root "component" .label) | nindent 4 }}
spec:
  {{- if not (kindIs "invalid" $pdb.minAvailable) }}
  minAvailable: {{ $pdb.minAvailable }}
  {{- else }}
  maxUnavailable: {{ kindIs "invalid" $pdb.maxUnavailable | ternary 1 $pdb.maxUnavailable }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "flink.componentSelectorLabels" (dict "root" $root "component" .label) | nindent 6 }}
{{- end }}
{{- end -}}
