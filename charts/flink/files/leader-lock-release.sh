# shellcheck shell=sh
# The handover of an HA JobManager (see flink.ha.leaderLockReleaseContainer in templates/_ha.tpl for when and why),
# with files/lib.sh in front, from the ConfigMap mounted at /opt/flink-helm/bin. Environment:
# LOCK_CONFIGMAP, the pod's service account; in application mode also JM_DEPLOYMENT and JOB_SPEC (this
# pod's job spec, the hash in its flink-helm.dev/job-spec annotation).
#
# `prestop` (the jobmanager container's preStop hook, application mode): runs when the pod is being
# deleted, before Kubernetes stops the JVM, so while a leader still leads. When the Deployment's pod
# template now carries another job spec (a helm upgrade or rollback replaces this pod), it removes the
# job's execution plan (the executionPlan-<job id> entries of the HA ConfigMap): the next leader then
# runs the new version's main() instead of recovering the old plan, and the job restores its latest
# checkpoint, which stays in HA. The running JVM does not write the plan again (Flink stores it when a
# job is submitted), so none survives the upgrade; it cannot wait for the exit: a JobManager that
# shuts down cleanly releases its lock itself, and a new leader can read the plan right away.
# A leader first waits (at most PEER_WAIT seconds) until no other JobManager of its own job spec (its
# ReplicaSet, POD_TEMPLATE_HASH) runs a JVM any more: a superseded standby that outlived the leader
# would otherwise win the released lock, find no plan and run the *old* main() again, writing the old
# plan back for the new JobManagers to recover. While the leader waits it still holds the lock, so no
# standby can lead; the job keeps running.
#
# Without an argument (the leader-lock release sidecar): runs until SIGTERM, which Kubernetes sends a
# native sidecar only after the jobmanager container has exited. If the leader lock still names a JVM
# of this container (all of them have exited by then), it empties the lock's holder so a standby takes
# over at its next retry period (and removes a superseded plan in the same write).
#
# Meanwhile, with CRASH_WATCH=true, it watches for a JVM that exits while the pod lives (a crash: the
# kubelet restarts the container, and the dead JVM's lock would otherwise hold until the lease runs
# out). A JVM is provably gone when either
#   - another JVM of this container logged its lock identity after it (the container runs one JVM at a
#     time: a restart starts only after the previous process exited), or
#   - nothing listens on the JobManager's RPC port (JM_RPC_PORT) in the pod's network namespace, read
#     from /proc/net/tcp*, *after* its identity was read from the log: a JobManager binds that port
#     before it creates its leader elector and closes it only after its HA services, so a JVM with an
#     identity in the log that is still alive has it bound. A paused (SIGSTOPped) JVM keeps its socket
#     bound, so it is never taken for dead: its lock expires with the lease, as Flink intends.
# Each set of dead identities is checked against the lock once; the release itself is the same
# resourceVersion-guarded write as on pod deletion.
# shellcheck disable=SC2034 # read by say() in files/lib.sh
SCRIPT=leader-lock-release
# Where the JVM's log files and the pod's socket tables are, and where prestop writes (overridden by the
# script's own tests).
LOG_DIR=${LOG_DIR:-/opt/flink/log}
PROC_NET=${PROC_NET:-/proc/net}

# superseded: true when this pod's job spec is no longer the Deployment's (prints the new spec).
superseded() {
  [ -n "${JOB_SPEC:-}" ] && [ -n "${JM_DEPLOYMENT:-}" ] || return 1
  k8s GET "/apis/apps/v1/namespaces/{ns}/deployments/$JM_DEPLOYMENT" || return 1
  _desired=$(json_str 'flink-helm.dev/job-spec' <"$HTTP_BODY")
  [ -n "$_desired" ] && [ "$_desired" != "$JOB_SPEC" ] && echo "$_desired"
}

# identities: every lock identity a JVM of this container logged, oldest first (rolled files, then the
# current one), each once: the last one is the newest JVM's.
identities() {
  # By age (log4j's rolled-file numbering depends on its strategy); Flink's log names have no spaces.
  # shellcheck disable=SC2045
  for _f in $(ls -1tr "$LOG_DIR"/*.log* 2>/dev/null); do
    sed -n "s/.*Create KubernetesLeaderElector on lock ConfigMapLock: [^ ]* - $LOCK_CONFIGMAP (\([0-9a-f-]*\)).*/\1/p" "$_f"
  done | awk '!seen[$0]++' # a JVM that re-creates its elector logs the same identity again
}

# listening PORT: true when a socket of the pod's network namespace listens on PORT.
listening() {
  # Unreadable socket tables prove nothing: treat the port as bound.
  [ -r "$PROC_NET/tcp" ] || [ -r "$PROC_NET/tcp6" ] || return 0
  _hex=$(printf '%04X' "$1")
  grep -qi "^ *[0-9]*: [0-9A-F]*:$_hex [0-9A-F]*:0000 0A " "$PROC_NET/tcp" "$PROC_NET/tcp6" 2>/dev/null
}

# release [IDS]: empties the lock's holder if it is one of IDS (default: every identity in the log, all
# of them exited: the pod-deletion case).
release() {
  ids=${1:-$(identities)}
  if [ -z "$ids" ]; then
    say "no lock identity in $LOG_DIR: nothing to release"
    return
  fi
  attempt=0
  while [ "$attempt" -lt 5 ]; do
    attempt=$((attempt + 1))
    if ! k8s GET "/configmaps/$LOCK_CONFIGMAP"; then
      say "cannot read $LOCK_CONFIGMAP: $(last_response)"
      sleep 0.2
      continue
    fi
    cm=$(cat "$HTTP_BODY")
    holder=$(lock_holder)
    if [ -z "$holder" ] || ! printf '%s\n' "$ids" | grep -qx -- "$holder"; then
      say "$LOCK_CONFIGMAP is not held by a JVM of this JobManager (holder: ${holder:-none}): nothing to release"
      return
    fi
    # Only the holder changes; every other field stays as Flink wrote it (and can parse).
    rv=$(printf '%s' "$cm" | grep -o '"resourceVersion": *"[0-9]*"' | head -n 1 | cut -d'"' -f4)
    ann=$(printf '%s' "$cm" | grep -oE '"control-plane\.alpha\.kubernetes\.io/leader": *"([^"\\]|\\.)*"' | head -n 1)
    needle='\"holderIdentity\":\"'"$holder"'\"'
    if [ -z "$rv" ] || [ -z "$ann" ]; then
      say "unexpected ConfigMap: nothing to release"
      return
    fi
    case $ann in *"$needle"*) ;; *)
      say "unexpected lock record: nothing to release"
      return
      ;;
    esac
    ann="${ann%%"$needle"*}"'\"holderIdentity\":\"\"'"${ann#*"$needle"}"
    data=
    if desired=$(superseded); then
      for plan in $(printf '%s' "$cm" | grep -o '"executionPlan-[0-9a-f]*":' | tr -d '":'); do
        data="$data${data:+,}\"$plan\":null"
      done
      say "this JobManager (job spec $JOB_SPEC) is replaced by job spec $desired: removing the execution plan(s) ${data:-(none stored)}"
    fi
    extra=
    [ -n "$data" ] && extra=',"data":{'"$data"'}'
    body='{"metadata":{"resourceVersion":"'"$rv"'","annotations":{'"$ann"'}}'"$extra"'}'
    if k8s PATCH "/configmaps/$LOCK_CONFIGMAP" "$body"; then
      say "released $LOCK_CONFIGMAP held by this JobManager's exited JVM ($holder)"
      return
    fi
    say "release attempt $attempt failed ($(last_response)), re-reading"
    sleep 0.2
  done
}

# lock_holder: the identity in the leader record of the lock ConfigMap in $HTTP_BODY (empty: none).
lock_holder() {
  grep -o 'holderIdentity\\": *\\"[0-9a-f-]*' "$HTTP_BODY" | head -n 1 | sed 's/.*"//'
}

# peers_running: true while another pod of this ReplicaSet has a running jobmanager container (the
# Kubernetes API answers compact JSON; a container status starts with its name, then its state).
peers_running() {
  [ -n "${POD_TEMPLATE_HASH:-}" ] || return 1
  if ! k8s GET "/pods?labelSelector=pod-template-hash%3D$POD_TEMPLATE_HASH&fieldSelector=metadata.name%21%3D${POD_NAME:-$(hostname)}"; then
    say "cannot list the other JobManagers ($(last_response)): not waiting for them"
    return 1
  fi
  grep -Eq '"name": *"jobmanager", *"state": *\{ *"running"' "$HTTP_BODY"
}

# wait_for_peers: until no other JobManager of this job spec runs a JVM, at most PEER_WAIT seconds.
wait_for_peers() {
  _deadline=$(($(date +%s) + ${PEER_WAIT:-30}))
  _said=
  while peers_running; do
    if [ "$(date +%s)" -ge "$_deadline" ]; then
      say "other JobManagers of job spec $JOB_SPEC still run after ${PEER_WAIT:-30} s: stopping anyway"
      return
    fi
    if [ -z "$_said" ]; then
      say "this JobManager leads: waiting until the other JobManagers of job spec $JOB_SPEC have stopped, so none of them takes over with the old job"
      _said=1
    fi
    sleep 0.5
  done
  [ -z "$_said" ] || say "the other JobManagers of job spec $JOB_SPEC have stopped"
}

# prestop: removes the execution plan when this pod is replaced by another job spec (a leader first
# waits for the other JobManagers of its job spec to stop).
prestop() {
  if ! desired=$(superseded); then
    say "not replaced by another job spec: the execution plan stays"
    return
  fi
  if k8s GET "/configmaps/$LOCK_CONFIGMAP" && _holder=$(lock_holder) && [ -n "$_holder" ] &&
    identities | grep -qx -- "$_holder"; then
    wait_for_peers
  fi
  if ! k8s GET "/configmaps/$LOCK_CONFIGMAP"; then
    say "cannot read $LOCK_CONFIGMAP ($(last_response)): the new leader may recover the old plan"
    return
  fi
  data=
  for plan in $(grep -o '"executionPlan-[0-9a-f]*":' "$HTTP_BODY" | tr -d '":'); do
    data="$data${data:+,}\"$plan\":null"
  done
  if [ -z "$data" ]; then
    say "replaced by job spec $desired; no execution plan stored"
  elif k8s PATCH "/configmaps/$LOCK_CONFIGMAP" "{\"data\":{$data}}"; then
    say "replaced by job spec $desired: removed the execution plan(s) $data before stopping"
  else
    say "replaced by job spec $desired, but removing the execution plan failed: $(last_response)"
  fi
}

# dead_identities: the identities of this container's JVMs that have provably exited (see above).
dead_identities() {
  _ids=$(identities)
  [ -n "$_ids" ] || return 0
  if listening "$JM_RPC_PORT"; then
    printf '%s\n' "$_ids" | sed '$d'
  else
    printf '%s\n' "$_ids"
  fi
}

# crash_check: one pass of the crash watch; a set of dead identities is checked once ($checked).
checked=
crash_check() {
  dead=$(dead_identities)
  if [ -n "$dead" ] && [ "$dead" != "$checked" ]; then
    say "a JVM of the jobmanager container has exited (lock identities $(printf '%s' "$dead" | tr '\n' ' '))"
    release "$dead"
    checked=$dead
  fi
}

# sleep_forever: until a trapped signal.
sleep_forever() {
  while :; do
    sleep 3600 &
    wait $!
  done
}

case ${1:-} in
  prestop)
    # A preStop hook's output is not kept: write to the container's own log (the JVM's stdout) instead.
    _out=${PRESTOP_LOG:-/proc/1/fd/1}
    if [ -w "$_out" ]; then exec >"$_out" 2>&1; fi
    prestop
    exit 0
    ;;
  check)
    # One pass of the crash watch (the script's own tests).
    crash_check
    exit 0
    ;;
esac

if ! command -v curl >/dev/null 2>&1 && ! command -v wget >/dev/null 2>&1; then
  trap 'exit 0' TERM
  say "neither curl nor wget in the image: the leader lock is left to expire"
  sleep_forever
fi
trap 'release; exit 0' TERM
if [ "${CRASH_WATCH:-false}" != true ] || [ -z "${JM_RPC_PORT:-}" ]; then
  say "waiting for the jobmanager container to exit (then releasing $LOCK_CONFIGMAP if it still holds it)"
  sleep_forever
fi
say "watching for an exited JVM of the jobmanager container (RPC port $JM_RPC_PORT), releasing $LOCK_CONFIGMAP if it still holds it"
while :; do
  crash_check
  sleep "${CRASH_WATCH_INTERVAL:-0.5}" &
  wait $!
done
