#!/bin/sh
# The leader-lock release sidecar of HA JobManagers (highAvailability.releaseLeaderLock; see
# flink.leaderLockRelease in templates/_pod.tpl for when and why). Environment: LOCK_CONFIGMAP, the
# Kubernetes service account of the pod. Runs until SIGTERM, which Kubernetes sends a native sidecar
# only after the jobmanager container has exited.
say() { echo "$(date -u +%H:%M:%S) leader-lock-release: $*"; }
SA=/var/run/secrets/kubernetes.io/serviceaccount
NS=$(cat $SA/namespace)
HOST=$KUBERNETES_SERVICE_HOST
case $HOST in *:*) HOST="[$HOST]" ;; esac
URL="https://$HOST:$KUBERNETES_SERVICE_PORT/api/v1/namespaces/$NS/configmaps/$LOCK_CONFIGMAP"
# http GET | http PATCH <merge-patch body>: the ConfigMap as JSON on stdout; non-zero on failure.
# (The API server pretty-prints JSON for curl and wget, hence the " *" in the patterns below.)
http() {
  auth="Authorization: Bearer $(cat $SA/token)"
  if command -v curl >/dev/null 2>&1; then
    if [ "$1" = GET ]; then curl -sS --fail --max-time 5 --cacert $SA/ca.crt -H "$auth" "$URL"
    else curl -sS --fail --max-time 5 --cacert $SA/ca.crt -H "$auth" -X PATCH -H "Content-Type: application/merge-patch+json" --data "$2" "$URL"; fi
  else
    if [ "$1" = GET ]; then wget -qO- -T 5 --ca-certificate=$SA/ca.crt --header="$auth" "$URL"
    else wget -qO- -T 5 --ca-certificate=$SA/ca.crt --header="$auth" --header="Content-Type: application/merge-patch+json" --method=PATCH --body-data="$2" "$URL"; fi
  fi
}
release() {
  # Every lock identity a JVM of this container logged (current and rolled files, all exited now).
  ids=$(cat /opt/flink/log/*.log /opt/flink/log/*.log.* 2>/dev/null | sed -n "s/.*Create KubernetesLeaderElector on lock ConfigMapLock: $NS - $LOCK_CONFIGMAP (\([0-9a-f-]*\)).*/\1/p")
  if [ -z "$ids" ]; then say "no lock identity in /opt/flink/log: nothing to release"; return; fi
  for attempt in 1 2 3 4 5; do
    cm=$(http GET) || { say "cannot read $LOCK_CONFIGMAP"; sleep 0.2; continue; }
    holder=$(printf '%s' "$cm" | grep -o 'holderIdentity\\": *\\"[0-9a-f-]*' | head -n 1 | sed 's/.*"//')
    if [ -z "$holder" ] || ! printf '%s\n' "$ids" | grep -qx -- "$holder"; then
      say "$LOCK_CONFIGMAP is not held by a JVM of this JobManager (holder: ${holder:-none}): nothing to release"; return
    fi
    # Only the holder changes; every other field stays as Flink wrote it (and can parse).
    rv=$(printf '%s' "$cm" | grep -o '"resourceVersion": *"[0-9]*"' | head -n 1 | cut -d'"' -f4)
    ann=$(printf '%s' "$cm" | grep -oE '"control-plane\.alpha\.kubernetes\.io/leader": *"([^"\\]|\\.)*"' | head -n 1)
    needle='\"holderIdentity\":\"'"$holder"'\"'
    if [ -z "$rv" ] || [ -z "$ann" ]; then say "unexpected ConfigMap: nothing to release"; return; fi
    case $ann in *"$needle"*) ;; *) say "unexpected lock record: nothing to release"; return ;; esac
    ann="${ann%%"$needle"*}"'\"holderIdentity\":\"\"'"${ann#*"$needle"}"
    body='{"metadata":{"resourceVersion":"'"$rv"'","annotations":{'"$ann"'}}}'
    if http PATCH "$body" >/dev/null; then say "released $LOCK_CONFIGMAP held by this JobManager's exited JVM ($holder)"; return; fi
    say "release attempt $attempt failed (lock changed meanwhile?), re-reading"
    sleep 0.2
  done
}
if command -v curl >/dev/null 2>&1 || command -v wget >/dev/null 2>&1; then
  trap 'release; exit 0' TERM
  say "waiting for the jobmanager container to exit (then releasing $LOCK_CONFIGMAP if it still holds it)"
else
  trap 'exit 0' TERM
  say "neither curl nor wget in the image: the leader lock is left to expire"
fi
while :; do sleep 3600 & wait $!; done
