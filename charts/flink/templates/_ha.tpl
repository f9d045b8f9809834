{{/*
Kubernetes HA (highAvailability.*): its keys of the Flink configuration, the cluster id that prefixes
Flink's HA ConfigMaps, and the HA JobManagers' own /etc/hosts and exit handover. Objects: ha-rbac.yaml
(what the Flink pods may do), uninstall-cleanup-rbac.yaml and uninstall-cleanup-job.yaml (the HA ConfigMaps deleted on
uninstall), jobmanager-scripts-configmap.yaml (the handover's script).
*/}}

{{/*
`kubernetes.cluster-id` in effect: flinkConfiguration's when it sets the key, else
highAvailability.clusterId, else the release's full name.
*/}}
{{- define "flink.ha.clusterId" -}}
{{- $user := (include "flink.config.user" . | fromJson).set | default dict -}}
{{- if hasKey $user "kubernetes.cluster-id" -}}
{{- get $user "kubernetes.cluster-id" -}}
{{- else -}}
{{- default (include "flink.fullname" .) .Values.highAvailability.clusterId -}}
{{- end -}}
{{- end -}}

{{/* `high-availability.storageDir`: highAvailability.storageDir, else <storage base>/ha, else empty. */}}
{{- define "flink.ha.storageDir" -}}
{{- if .Values.highAvailability.storageDir -}}
{{- .Values.highAvailability.storageDir -}}
{{- else -}}
{{- $base := include "flink.storage.base" . -}}
{{- if $base -}}{{- printf "%s/ha" $base -}}{{- end -}}
{{- end -}}
{{- end -}}

{{/* Sets the HA keys of the Flink configuration in .config (with HA only). Call with (dict "root" $ "config" $map). */}}
{{- define "flink.ha.setConfig" -}}
{{- $c := .config -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- if $v.highAvailability.enabled -}}
{{- $ha := $v.highAvailability -}}
{{- $_ := set $c "high-availability.type" "kubernetes" -}}
{{- $_ := set $c "high-availability.storageDir" (include "flink.ha.storageDir" $root) -}}
{{- $_ := set $c "high-availability.jobmanager.port" (int $v.jobManager.ports.rpc) -}}
{{- $_ := set $c "kubernetes.cluster-id" (include "flink.ha.clusterId" $root) -}}
{{- $_ := set $c "kubernetes.namespace" $root.Release.Namespace -}}
{{- $_ := set $c "high-availability.kubernetes.leader-election.lease-duration" $ha.leaderElection.leaseDuration -}}
{{- $_ := set $c "high-availability.kubernetes.leader-election.renew-deadline" $ha.leaderElection.renewDeadline -}}
{{- $_ := set $c "high-availability.kubernetes.leader-election.retry-period" $ha.leaderElection.retryPeriod -}}
{{- end -}}
{{- end -}}

{{/*
True for HA JobManagers: they get their own /etc/hosts (written by the flink-config init container)
that maps the pod IP to the IP itself first, and bind RPC and the BlobServer to the pod IP. A standby
JobManager's REST API runs a submitted jar by uploading it to the leader's BlobServer at the address
the leader reports, the host name Java finds for its IP; with the kubelet's /etc/hosts that is the
pod's hostname, which no other pod resolves, and the submission fails with UnknownHostException.
Call with (dict "root" $ "component" ...).
*/}}
{{- define "flink.ha.ownEtcHosts" -}}
{{- if and (eq .component "jobManager") .root.Values.highAvailability.enabled -}}true{{- end -}}
{{- end -}}

{{/*
The leader-lock release sidecar of HA JobManagers (highAvailability.releaseLeaderLock). A native
sidecar (an init container with restartPolicy Always): on pod deletion Kubernetes sends it SIGTERM only
after the jobmanager container has exited. It then clears Flink's leader lock (the
control-plane.alpha.kubernetes.io/leader annotation of <cluster-id>-cluster-config-map) if, and only if,
the lock still names a lock identity that a JVM of this container logged at start ("Create
KubernetesLeaderElector on lock ConfigMapLock: <namespace> - <configmap> (<identity>).", in
/opt/flink/log, rolled files included): every such JVM has exited by then, so none can still renew it. The write carries the ConfigMap's resourceVersion, so it fails if anything changed the
lock in between. It empties the holder, as Flink's own release does, and keeps every other field as Flink wrote it: a standby
JobManager takes over at its next retry period instead of waiting for the lease to expire, which it
otherwise must when the exiting leader's elector renews the lock during shutdown (FLINK-34007's restart
of the elector re-acquires a just-released lock). Without curl or wget in the image, or without the
identity in the log, it does nothing. With releaseLeaderLock.onCrash it also releases, while the pod
lives, the lock of a JVM of this container that provably exited (a crash the kubelet restarts): a later
JVM logged its own identity, or nothing listens on the RPC port any more. The script is
files/leader-lock-release.sh.
*/}}
{{- define "flink.ha.leaderLockReleaseContainer" -}}
{{- $root := .root -}}
{{- $r := $root.Values.highAvailability.releaseLeaderLock -}}
- name: leader-lock-release
  image: {{ include "flink.image" $root }}
  imagePullPolicy: {{ $root.Values.image.pullPolicy }}
  restartPolicy: Always
  env:
    {{- include "flink.ha.handoverEnv" . | nindent 4 }}
    # The crash watch: see files/leader-lock-release.sh.
    - name: CRASH_WATCH
      value: {{ $r.onCrash | quote }}
    - name: JM_RPC_PORT
      value: {{ $root.Values.jobManager.ports.rpc | quote }}
  command: ["/bin/sh", "/opt/flink-helm/bin/leader-lock-release.sh"]
  securityContext:
    {{- toYaml $root.Values.securityContext | nindent 4 }}
  resources:
    {{- toYaml $r.resources | nindent 4 }}
  volumeMounts:
    - name: flink-log
      mountPath: /opt/flink/log
      readOnly: true
    - name: flink-tmp
      mountPath: /tmp
    - name: jobmanager-scripts
      mountPath: /opt/flink-helm/bin
      readOnly: true
{{- end -}}

{{/* Environment of the JobManager's handover (the leader-lock release sidecar and the preStop hook). */}}
{{- define "flink.ha.handoverEnv" -}}
- name: LOCK_CONFIGMAP
  value: {{ printf "%s-cluster-config-map" (include "flink.ha.clusterId" .root) | quote }}
{{- if eq .root.Values.mode "application" }}
# The exit handover of an upgrade: see files/leader-lock-release.sh.
- name: JM_DEPLOYMENT
  value: {{ include "flink.jobmanager.fullname" .root | quote }}
- name: JOB_SPEC
  value: {{ .jobSpec | quote }}
# A leading JobManager's preStop waits for the other pods of its ReplicaSet (POD_TEMPLATE_HASH; the
# jobmanager container has POD_NAME already), at most half the grace period.
- name: POD_TEMPLATE_HASH
  valueFrom:
    fieldRef:
      fieldPath: metadata.labels['pod-template-hash']
- name: PEER_WAIT
  value: {{ div (int .root.Values.jobManager.terminationGracePeriodSeconds) 2 | quote }}
{{- end }}
{{- end -}}

{{/*
True when the leader-lock release sidecar is rendered: HA on Kubernetes >= 1.29 (native sidecars), and
highAvailability.releaseLeaderLock.enabled or application mode, where it is also the exit handover that
makes an upgrade take effect (_lifecycle.tpl).
*/}}
{{- define "flink.ha.handover.enabled" -}}
{{- $ha := .Values.highAvailability -}}
{{- if and $ha.enabled (or $ha.releaseLeaderLock.enabled (eq .Values.mode "application")) (semverCompare ">=1.29-0" .Capabilities.KubeVersion.Version) -}}true{{- end -}}
{{- end -}}

