# shellcheck shell=sh
# The uninstall cleanup of the chart (post-delete hook, templates/uninstall-cleanup-job.yaml), run in the Flink
# image with files/lib.sh in front. Flink's HA ConfigMaps have no owner reference, so nothing else
# removes them; they cannot go before the Flink pods do (a running JobManager's leader elector
# re-creates the lock ConfigMap within seconds). The arguments are the steps, run in order:
#   wait-for-pods  until no JobManager or TaskManager pod of the release is left;
#   ha-configmaps  deletes Flink's HA ConfigMaps of the cluster id (labels app=<cluster-id>,
#                  type=flink-native-kubernetes: <cluster-id>-cluster-config-map and one per job);
#   savepoint-record  deletes the lifecycle's savepoint record $RECORD (files/lifecycle.sh), if any.
# A step is a function step_<name> below and a line of the `case` at the end; the Job lists the steps
# it runs, and its Role (uninstall-cleanup-rbac.yaml) allows what they need.
# Environment: RELEASE, CLUSTER_ID, RECORD.

# The Flink pods of the release (JobManagers and TaskManagers), as a label selector for a URL.
FLINK_PODS="app.kubernetes.io%2Finstance%3D$RELEASE%2Capp.kubernetes.io%2Fcomponent%20in%20%28jobmanager%2Ctaskmanager%29"

step_wait_for_pods() {
  say "waiting until no JobManager or TaskManager pod of release $RELEASE is left"
  _n=0
  until k8s GET "/pods?labelSelector=$FLINK_PODS" && grep -q '"items":\[\]' "$HTTP_BODY"; do
    _n=$((_n + 1))
    # Every 30th try (about a minute) says why it still waits.
    [ $((_n % 30)) = 0 ] && say "still waiting: $(last_response)"
    sleep 2
  done
}

step_ha_configmaps() {
  say "deleting the HA ConfigMaps of cluster-id $CLUSTER_ID"
  k8s DELETE "/configmaps?labelSelector=app%3D$CLUSTER_ID%2Ctype%3Dflink-native-kubernetes" ||
    die "cannot delete the HA ConfigMaps of cluster-id $CLUSTER_ID: $(last_response)"
}

step_savepoint_record() {
  if k8s DELETE "/configmaps/$RECORD"; then
    say "deleted the savepoint record $RECORD"
  elif [ "$HTTP_STATUS" = 404 ]; then
    say "no savepoint record $RECORD to delete"
  else
    die "cannot delete the savepoint record $RECORD: $(last_response)"
  fi
}

# shellcheck disable=SC2034 # read by say() in files/lib.sh
SCRIPT=uninstall-cleanup
[ $# -gt 0 ] || die "no step given (wait-for-pods, ha-configmaps, savepoint-record)"
for step in "$@"; do
  case $step in
    wait-for-pods) step_wait_for_pods ;;
    ha-configmaps) step_ha_configmaps ;;
    savepoint-record) step_savepoint_record ;;
    *) die "unknown step '$step' (wait-for-pods, ha-configmaps, savepoint-record)" ;;
  esac
done
say "done"
