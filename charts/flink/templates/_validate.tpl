{{/*
Contradictory values fail rendering with a message that names the value to change.
Included once, from flink-config-configmap.yaml (always rendered).
*/}}
{{- define "flink.validate" -}}
{{- $v := .Values -}}
{{- $user := (include "flink.config.user" . | fromJson).set | default dict -}}
{{- if and (gt (int $v.jobManager.replicas) 1) (not $v.highAvailability.enabled) -}}
{{- fail (printf "jobManager.replicas=%d needs highAvailability.enabled=true: standby JobManagers only work with HA (or set jobManager.replicas=1)" (int $v.jobManager.replicas)) -}}
{{- end -}}
{{- if and $v.highAvailability.enabled (not (include "flink.ha.storageDir" .)) -}}
{{- fail "highAvailability.storageDir is required when highAvailability.enabled=true (or enable storage.s3 or storage.pvc to derive it)" -}}
{{- end -}}
{{- if and (eq $v.mode "application") (not $v.application.jobClassName) -}}
{{- fail "application.jobClassName is required when mode=application" -}}
{{- end -}}
{{- if and $v.taskManager.localRecovery.enabled (ne $v.taskManager.kind "StatefulSet") -}}
{{- fail "taskManager.localRecovery.enabled=true needs taskManager.kind=StatefulSet" -}}
{{- end -}}
{{- if and $v.taskManager.localRecovery.enabled (not $v.taskManager.persistence.enabled) -}}
{{- fail "taskManager.localRecovery.enabled=true needs taskManager.persistence.enabled=true (a volume per TaskManager)" -}}
{{- end -}}
{{- if and $v.taskManager.persistence.enabled (ne $v.taskManager.kind "StatefulSet") -}}
{{- fail "taskManager.persistence.enabled=true needs taskManager.kind=StatefulSet" -}}
{{- end -}}
{{- range $key, $value := dict "jobmanager.rpc.port" "jobManager.ports.rpc" "blob.server.port" "jobManager.ports.blob" "rest.port" "jobManager.ports.webui" "rest.bind-port" "jobManager.ports.webui" "taskmanager.rpc.port" "taskManager.ports.rpc" "high-availability.jobmanager.port" "jobManager.ports.rpc" "metrics.reporter.prom.port" "metrics.port" -}}
{{- if hasKey $user $key -}}
{{- fail (printf "flinkConfiguration.%s: ports are set with %s (container ports, services and probes follow it)" $key $value) -}}
{{- end -}}
{{- end -}}
{{- if and (hasKey $user "high-availability.type") (not $v.highAvailability.enabled) -}}
{{- if ne (lower (toString (get $user "high-availability.type"))) "none" -}}
{{- fail "flinkConfiguration.high-availability.type: enable HA with highAvailability.enabled=true (it also creates the RBAC and sets kubernetes.cluster-id)" -}}
{{- end -}}
{{- end -}}
{{- range $comp := list "jobManager" "taskManager" -}}
{{- $key := printf "%s.memory.flink.size" (lower $comp) -}}
{{- $limit := "" -}}
{{- with (get $v $comp).resources -}}{{- with .limits -}}{{- with .memory -}}{{- $limit = toString . -}}{{- end -}}{{- end -}}{{- end -}}
{{- if and (hasKey $user $key) $limit -}}
{{- $lb := include "flink.quantityToBytes" (dict "value" $limit "name" (printf "%s.resources.limits.memory" $comp)) | float64 -}}
{{- $fb := include "flink.flinkMemoryToBytes" (dict "value" (get $user $key) "name" (printf "flinkConfiguration.%s" $key)) | float64 -}}
{{- if gt $fb $lb -}}
{{- fail (printf "flinkConfiguration.%s (%v) is larger than %s.resources.limits.memory (%s): lower the Flink memory or raise the container limit" $key (get $user $key) $comp $limit) -}}
{{- end -}}
{{- end -}}
{{- $pdb := (get $v $comp).podDisruptionBudget -}}
{{- if and $pdb.enabled (not (kindIs "invalid" $pdb.minAvailable)) (not (kindIs "invalid" $pdb.maxUnavailable)) -}}
{{- fail (printf "%s.podDisruptionBudget: set minAvailable or maxUnavailable, not both" $comp) -}}
{{- end -}}
{{- range (get $v $comp).extraEnv -}}
{{- if has .name (list "JOB_MANAGER_RPC_ADDRESS" "TASK_MANAGER_NUMBER_OF_TASK_SLOTS" "FLINK_PROPERTIES" "ENABLE_BUILT_IN_PLUGINS" "POD_IP" "POD_NAME") -}}
{{- fail (printf "%s.extraEnv: %s is managed by the chart; set Flink keys with flinkConfiguration and plugins with builtInPlugins" $comp .name) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if and $v.storage.s3.enabled $v.storage.pvc.enabled -}}
{{- fail "storage.s3.enabled and storage.pvc.enabled are both true: choose one durable storage" -}}
{{- end -}}
{{- if and $v.storage.s3.enabled (not $v.storage.s3.bucket) -}}
{{- fail "storage.s3.bucket is required when storage.s3.enabled=true" -}}
{{- end -}}
{{- if and (eq $v.artifacts.source "pvc") (not $v.artifacts.pvc.claimName) -}}
{{- fail "artifacts.pvc.claimName is required when artifacts.source=pvc" -}}
{{- end -}}
{{- if and (eq $v.artifacts.source "initContainer") (not $v.artifacts.initContainer.copyFrom) (not $v.artifacts.initContainer.urls) -}}
{{- fail "artifacts.initContainer.copyFrom or artifacts.initContainer.urls is required when artifacts.source=initContainer" -}}
{{- end -}}
{{- if and (eq $v.rest.service.type "ClusterIP") (not (kindIs "invalid" $v.rest.service.nodePort)) -}}
{{- fail "rest.service.nodePort needs rest.service.type=NodePort or LoadBalancer" -}}
{{- end -}}
{{- if and (or $v.metrics.podMonitor.enabled $v.metrics.serviceMonitor.enabled) (not $v.metrics.enabled) -}}
{{- fail "metrics.podMonitor/serviceMonitor need metrics.enabled=true (the Prometheus reporter)" -}}
{{- end -}}
{{- $lc := $v.lifecycle -}}
{{- $app := eq $v.mode "application" -}}
{{- if hasKey $v.application "upgradeMode" -}}
{{- fail "application.upgradeMode: the upgrade mode is lifecycle.upgradeMode (the job lifecycle has its own values section)" -}}
{{- end -}}
{{- if and $app (eq $lc.upgradeMode "last-state") (not $v.highAvailability.enabled) -}}
{{- fail "lifecycle.upgradeMode=last-state needs highAvailability.enabled=true (the latest checkpoint is found through HA): enable HA, or set lifecycle.upgradeMode=savepoint (needs a savepoint directory) or stateless" -}}
{{- end -}}
{{- $spDir := include "flink.lifecycle.savepointDir" . -}}
{{- if and $app (eq $lc.upgradeMode "savepoint") (not $spDir) -}}
{{- fail "lifecycle.upgradeMode=savepoint needs a savepoint directory: set lifecycle.savepoints.targetDirectory, enable storage.pvc or storage.s3, or set flinkConfiguration.execution.checkpointing.savepoint-dir" -}}
{{- end -}}
{{- if and $lc.savepoints.onUninstall (not $spDir) -}}
{{- fail "lifecycle.savepoints.onUninstall=true needs a savepoint directory: set lifecycle.savepoints.targetDirectory, enable storage.pvc or storage.s3, or set flinkConfiguration.execution.checkpointing.savepoint-dir" -}}
{{- end -}}
{{- if and $lc.savepoints.schedule (not $spDir) -}}
{{- fail "lifecycle.savepoints.schedule needs a savepoint directory: set lifecycle.savepoints.targetDirectory, enable storage.pvc or storage.s3, or set flinkConfiguration.execution.checkpointing.savepoint-dir" -}}
{{- end -}}
{{- if and (not $v.rbac.create) (or (include "flink.lifecycle.hookEvents" .) (include "flink.lifecycle.cronJob" .)) -}}
{{- fail "rbac.create=false: the lifecycle hooks and the savepoint CronJob need their own Role (savepoint record, JobManager Deployment); set rbac.create=true, or lifecycle.upgradeMode=last-state, lifecycle.savepoints.onUninstall=false and no savepoint directory" -}}
{{- end -}}
{{- if and $app $v.highAvailability.enabled -}}
{{- if not (semverCompare ">=1.29-0" .Capabilities.KubeVersion.Version) -}}
{{- fail (printf "mode=application with highAvailability.enabled=true needs Kubernetes >= 1.29 (this is %s): upgrades hand the job to the new version in a native sidecar of the JobManager" .Capabilities.KubeVersion.Version) -}}
{{- end -}}
{{- if not $v.logging.rollingFile.enabled -}}
{{- fail "mode=application with highAvailability.enabled=true needs logging.rollingFile.enabled=true: the JobManager's exit handover, which makes an upgrade run the new version, reads the JVM's leader-lock identity from the log file" -}}
{{- end -}}
{{- end -}}
{{- if and $v.highAvailability.enabled (not $v.rbac.create) (not $v.serviceAccount.name) -}}
{{- fail "highAvailability.enabled=true with rbac.create=false: set serviceAccount.name to an account allowed to manage ConfigMaps" -}}
{{- end -}}
{{- end -}}
