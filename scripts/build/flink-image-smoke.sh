#!/usr/bin/env bash
# Proves the Flink image and the test-job image with plain `docker run` (a user-defined network, no
# Kubernetes). Re-runnable; cleans up after itself; on failure prints the containers' logs.
#
#  1. session cluster: jobmanager (FLINK_PROPERTIES, ENABLE_BUILT_IN_PLUGINS=flink-s3-fs-presto,
#     Prometheus reporter) + taskmanager (TASK_MANAGER_NUMBER_OF_TASK_SLOTS, -D memory argument);
#     /overview shows 1 TaskManager and its slots; the derived memory reached the TaskManager;
#  2. bin/flink: `flink run -m` of examples/streaming/WordCount.jar finishes; `flink list` works;
#  3. the test job through REST (POST /jars/upload, /jars/<id>/run): RUNNING, checkpoints completed,
#     stateViolations = 0;
#  4. docker kill of the TaskManager, a new one started: the job restores from the checkpoint,
#     every key's state is found again (restoredKeys = keys), violations still 0, verifiedEvents go on;
#  5. application mode from the test image: standalone-job --job-classname ..., with the JobManager
#     on a read-only root filesystem as uid 9999 (conf copied into a writable volume, tmpfs log and
#     /tmp) and a TaskManager whose conf is read-only (the entrypoint warns and passes its settings
#     as -D arguments): RUNNING with completed checkpoints and no violations;
#  6. history-server starts and answers.
# Builds the images first when they are missing (scripts/build/flink-image.sh).
LOG_TAG=flink-smoke
source "$(dirname "$0")/../lib/common.sh"

command -v jq >/dev/null || die "jq is missing (apt-get install jq)"
FLINK_IMAGE=flink-helm/flink:${FLINK_VERSION}-scala_${FLINK_SCALA_VERSION}
TAG_FILE=$FLINK_HELM_CACHE/images/flink-testjob.tag
if ! docker image inspect "$FLINK_IMAGE" >/dev/null 2>&1 || [ ! -s "$TAG_FILE" ] \
   || ! docker image inspect "$(cat "$TAG_FILE")" >/dev/null 2>&1; then
  log "images missing: building them"
  "$REPO_ROOT/scripts/build/flink-image.sh"
fi
TESTJOB_IMAGE=$(cat "$TAG_FILE")
JOB_JAR=$("$REPO_ROOT/scripts/build/test-job.sh")
JOB_CLASS=dev.flinkhelm.testjob.StatefulCounterJob
KEYS=64

P=fh-smoke-$$
NET=$P-net
CONTAINERS=()
VOLUMES=()
START=$SECONDS

cleanup() {
  local rc=$?
  if [ $rc -ne 0 ]; then
    warn "smoke test FAILED (exit $rc); logs of its containers follow"
    local c
    for c in "${CONTAINERS[@]}"; do
      printf '\n===== docker logs %s (last 80 lines) =====\n' "$c" >&2
      docker logs --tail 80 "$c" >&2 2>&1 || true
    done
  fi
  [ ${#CONTAINERS[@]} -gt 0 ] && docker rm -f "${CONTAINERS[@]}" >/dev/null 2>&1
  [ ${#VOLUMES[@]} -gt 0 ] && docker volume rm "${VOLUMES[@]}" >/dev/null 2>&1
  docker network rm "$NET" >/dev/null 2>&1
  exit $rc
}
trap cleanup EXIT

step() { log "--- $*"; }
ok() { log "ok: $*"; }

# run NAME ARGS...: docker run -d --name $P-NAME on the test network; remembers it for cleanup.
run() {
  local name=$P-$1; shift
  CONTAINERS+=("$name")
  docker run -d --name "$name" --hostname "$name" --network "$NET" "$@" >/dev/null
}

# wait_for DESCRIPTION SECONDS COMMAND...: polls COMMAND every 2 s until it succeeds.
wait_for() {
  local what=$1 limit=$2; shift 2
  local t0=$SECONDS
  until "$@" >/dev/null 2>&1; do
    [ $((SECONDS - t0)) -lt "$limit" ] || die "timed out after ${limit}s waiting for: $what"
    sleep 2
  done
  ok "$what (after $((SECONDS - t0)) s)"
}

# rest PORT PATH: GET on a JobManager's REST API through its mapped port on 127.0.0.1.
rest() { curl -sf --max-time 10 "http://127.0.0.1:$1$2"; }
mapped_port() { docker port "$P-$1" 8081/tcp | head -n 1 | sed 's/.*://'; }

job_state() { rest "$1" "/jobs/$2" | jq -r .state; }
completed_checkpoints() { rest "$1" "/jobs/$2/checkpoints" | jq -r '.counts.completed'; }
restored_checkpoints() { rest "$1" "/jobs/$2/checkpoints" | jq -r '.counts.restored'; }
verifier_vertex() { rest "$1" "/jobs/$2" | jq -r '.vertices[] | select(.name | startswith("verifier")) | .id'; }
# metric PORT JOB NAME: the test job's metric over the verifier's subtasks: summed, except
# maxSequence (the maximum).
metric() {
  local v agg=sum; v=$(verifier_vertex "$1" "$2")
  [ "$3" = maxSequence ] && agg=max
  rest "$1" "/jobs/$2/vertices/$v/subtasks/metrics?get=verifier.$3&agg=$agg" | jq -r ".[0].$agg // empty | floor"
}
is_running() { [ "$(job_state "$1" "$2")" = RUNNING ]; }
checkpoints_at_least() { [ "$(completed_checkpoints "$1" "$2")" -ge "$3" ]; }
metric_at_least() { local m; m=$(metric "$1" "$2" "$3"); [ -n "$m" ] && [ "$m" -ge "$4" ]; }
expect_zero_violations() {
  local v; v=$(metric "$1" "$2" stateViolations)
  [ "$v" = 0 ] || die "stateViolations = '$v' (lostUpdates=$(metric "$1" "$2" lostUpdates) duplicateUpdates=$(metric "$1" "$2" duplicateUpdates) corruptStates=$(metric "$1" "$2" corruptStates))"
  ok "stateViolations = 0 (verifiedEvents=$(metric "$1" "$2" verifiedEvents), maxSequence=$(metric "$1" "$2" maxSequence))"
}

docker network create "$NET" >/dev/null
CKPT_VOL=$P-checkpoints
VOLUMES+=("$CKPT_VOL")
docker volume create "$CKPT_VOL" >/dev/null
# Checkpoints must be readable by the JobManager and writable by every TaskManager: a shared volume.
docker run --rm --user 0 --entrypoint chown -v "$CKPT_VOL:/flink-data" "$FLINK_IMAGE" 9999:9999 /flink-data

# Settings for the session cluster, given the way the Helm chart gives them: FLINK_PROPERTIES.
SESSION_PROPS="execution.checkpointing.dir: file:///flink-data/checkpoints
restart-strategy.type: fixed-delay
restart-strategy.fixed-delay.attempts: 1000
restart-strategy.fixed-delay.delay: 2 s
heartbeat.interval: 2000
heartbeat.timeout: 12000
metrics.reporter.prom.factory.class: org.apache.flink.metrics.prometheus.PrometheusReporterFactory
metrics.reporter.prom.port: 9249"

step "1. session cluster: jobmanager + taskmanager from $FLINK_IMAGE"
run jm -p 127.0.0.1::8081 -v "$CKPT_VOL:/flink-data" -e "JOB_MANAGER_RPC_ADDRESS=$P-jm" \
  -e "FLINK_PROPERTIES=$SESSION_PROPS" -e "ENABLE_BUILT_IN_PLUGINS=flink-s3-fs-presto-${FLINK_VERSION}.jar" \
  "$FLINK_IMAGE" jobmanager "$P-jm" -D rest.flamegraph.enabled=true
JM_PORT=$(mapped_port jm)
run tm1 -v "$CKPT_VOL:/flink-data" -e "JOB_MANAGER_RPC_ADDRESS=$P-jm" -e TASK_MANAGER_NUMBER_OF_TASK_SLOTS=2 \
  -e "FLINK_PROPERTIES=$SESSION_PROPS" "$FLINK_IMAGE" taskmanager -Dtaskmanager.memory.process.size=1200m
tm_registered() { [ "$(rest "$JM_PORT" /overview | jq -r '."taskmanagers"')" = 1 ]; }
wait_for "REST /overview on 127.0.0.1:$JM_PORT shows 1 TaskManager" 120 tm_registered
overview=$(rest "$JM_PORT" /overview)
log "/overview: $overview"
[ "$(jq -r '."slots-total"' <<<"$overview")" = 2 ] || die "expected 2 slots (TASK_MANAGER_NUMBER_OF_TASK_SLOTS=2)"
ok "1 TaskManager with 2 slots"
tm_mem=$(rest "$JM_PORT" /taskmanagers | jq -r '.taskmanagers[0].memoryConfiguration.totalProcessMemory')
[ "$tm_mem" = $((1200 * 1024 * 1024)) ] || die "TaskManager totalProcessMemory is $tm_mem, expected 1200m from -Dtaskmanager.memory.process.size"
ok "TaskManager memory derived from its -D argument: totalProcessMemory=$tm_mem"
jvm_line=$(docker exec "$P-tm1" ps -o args= -p 1)
if ! { grep -q -- '-Xmx' <<<"$jvm_line" && grep -q -- '-XX:MaxDirectMemorySize=' <<<"$jvm_line" \
  && grep -q -- 'taskmanager.memory.managed.size=' <<<"$jvm_line"; }; then
  die "TaskManager JVM (PID 1) lacks derived memory options: $jvm_line"
fi
grep -q -- '--add-opens=java.base/java.util=ALL-UNNAMED' <<<"$jvm_line" || die "TaskManager JVM lacks the Java 17 options of env.java.opts.all"
ok "TaskManager is PID 1 with -Xmx/-Xms/-XX:MaxDirectMemorySize and -D memory options from GET_TM_RESOURCE_PARAMS, and the Java 17 options"
jm_conf() { rest "$JM_PORT" /jobmanager/config | jq -r --arg k "$1" '.[] | select(.key == $k) | .value'; }
[ "$(jm_conf heartbeat.timeout)" = 12000 ] || die "FLINK_PROPERTIES did not reach the JobManager (heartbeat.timeout=$(jm_conf heartbeat.timeout))"
[ "$(jm_conf restart-strategy.fixed-delay.delay)" = "2 s" ] || die "FLINK_PROPERTIES value with a space was mangled: '$(jm_conf restart-strategy.fixed-delay.delay)'"
[ "$(jm_conf jobmanager.rpc.address)" = "$P-jm" ] || die "jobmanager.rpc.address is not \$JOB_MANAGER_RPC_ADDRESS"
# Flink 2.x's entrypoint stops parsing at the first option it does not know: a -D after the host
# argument only arrives if the scripts pass nothing else (no --executionMode, no --host) before it.
[ "$(jm_conf rest.flamegraph.enabled)" = true ] || die "the JobManager's -D argument after the host did not take effect"
docker exec "$P-jm" grep -Eq "timeout: '?12000" conf/config.yaml || die "FLINK_PROPERTIES were not written to conf/config.yaml"
ok "FLINK_PROPERTIES and JOB_MANAGER_RPC_ADDRESS written to conf/config.yaml and in effect (values with spaces intact)"
docker exec "$P-jm" test -L "plugins/flink-s3-fs-presto-${FLINK_VERSION}/flink-s3-fs-presto-${FLINK_VERSION}.jar" \
  || die "ENABLE_BUILT_IN_PLUGINS did not link the S3 plugin"
ok "ENABLE_BUILT_IN_PLUGINS linked opt/flink-s3-fs-presto-${FLINK_VERSION}.jar into plugins/"
# (grep -c, not -q: an early exit of grep would fail the pipeline under pipefail)
[ "$(rest "$JM_PORT" / | grep -c 'Apache Flink Web Dashboard')" -gt 0 ] || die "GET / does not serve the web dashboard"
ok "web dashboard served on /"
docker exec "$P-tm1" grep -q jemalloc /proc/1/maps || die "jemalloc is not loaded in the TaskManager"
docker exec "$P-jm" sh -c 'ls log/flink--standalonesession-0-*.log' >/dev/null || die "no JobManager log file in log/"
ok "jemalloc preloaded; JobManager logs to the console and log/$(docker exec "$P-jm" sh -c 'cd log && ls *.log')"
prom() { [ "$(docker exec "$P-jm" curl -sf localhost:9249/metrics | grep -c '^flink_jobmanager_')" -gt 0 ]; }
wait_for "Prometheus reporter (plugins/metrics-prometheus) answers on 9249" 30 prom

step "2. bin/flink: flink run -m $P-jm:8081 examples/streaming/WordCount.jar; flink list"
out=$(docker run --rm --network "$NET" "$FLINK_IMAGE" flink run -m "$P-jm:8081" examples/streaming/WordCount.jar 2>&1) \
  || { echo "$out" >&2; die "flink run of WordCount failed"; }
grep -q 'Job has been submitted with JobID' <<<"$out" || { echo "$out" >&2; die "flink run printed no JobID"; }
wc_done() { rest "$JM_PORT" /jobs/overview | jq -e '.jobs[] | select(.name == "WordCount" and .state == "FINISHED")'; }
wait_for "WordCount FINISHED" 60 wc_done
ok "flink run: $(grep -o 'JobID [0-9a-f]*' <<<"$out")"
# Every example jar must be self-contained (a class shared between examples once was not).
for ex in TopSpeedWindowing StateMachineExample; do
  out=$(docker run --rm --network "$NET" "$FLINK_IMAGE" flink run -m "$P-jm:8081" "examples/streaming/$ex.jar" --events 200 2>&1) \
    || { echo "$out" >&2; die "flink run of $ex failed"; }
  ok "flink run examples/streaming/$ex.jar --events 200: $(grep -o 'JobID [0-9a-f]*' <<<"$out")"
done

step "3. test job through REST: POST /jars/upload + /jars/<id>/run"
upload=$(curl -sf --max-time 60 -X POST -F "jarfile=@$JOB_JAR" "http://127.0.0.1:$JM_PORT/jars/upload")
jar_id=$(jq -r '.filename' <<<"$upload" | sed 's|.*/||')
[ -n "$jar_id" ] || die "upload failed: $upload"
ok "uploaded $JOB_JAR as $jar_id"
run_req=$(jq -nc --arg k "$KEYS" '{programArgsList: ["--keys", $k, "--rate", "200", "--payload-bytes", "256", "--parallelism", "2"]}')
job=$(curl -sf --max-time 60 -X POST -H 'Content-Type: application/json' -d "$run_req" \
  "http://127.0.0.1:$JM_PORT/jars/$jar_id/run" | jq -r .jobid)
if [ -z "$job" ] || [ "$job" = null ]; then die "run failed"; fi
ok "submitted job $job"
wait_for "job RUNNING" 60 is_running "$JM_PORT" "$job"
wait_for "3 completed checkpoints" 90 checkpoints_at_least "$JM_PORT" "$job" 3
wait_for "verifiedEvents > 0" 30 metric_at_least "$JM_PORT" "$job" verifiedEvents 1
expect_zero_violations "$JM_PORT" "$job"
list=$(docker run --rm --network "$NET" "$FLINK_IMAGE" flink list -m "$P-jm:8081" 2>&1) || true
grep -q "$job.*RUNNING" <<<"$list" || { echo "$list" >&2; die "flink list does not show $job RUNNING"; }
ok "flink list shows the job RUNNING"

step "4. docker kill the TaskManager, start a new one: the job restores from its checkpoint"
before=$(metric "$JM_PORT" "$job" verifiedEvents)
ckpts_before=$(completed_checkpoints "$JM_PORT" "$job")
docker kill "$P-tm1" >/dev/null
ok "killed $P-tm1 (verifiedEvents was $before, $ckpts_before checkpoints completed)"
run tm2 -v "$CKPT_VOL:/flink-data" -e "JOB_MANAGER_RPC_ADDRESS=$P-jm" -e TASK_MANAGER_NUMBER_OF_TASK_SLOTS=2 \
  -e "FLINK_PROPERTIES=$SESSION_PROPS" "$FLINK_IMAGE" taskmanager
restored() { [ "$(restored_checkpoints "$JM_PORT" "$job")" -ge 1 ] && is_running "$JM_PORT" "$job"; }
wait_for "job restored from a checkpoint and RUNNING on the new TaskManager" 180 restored
restored_from=$(rest "$JM_PORT" "/jobs/$job/checkpoints" | jq -r '.latest.restored | "checkpoint \(.id) (\(.external_path))"')
ok "restored from $restored_from"
wait_for "new checkpoints after the restore" 90 checkpoints_at_least "$JM_PORT" "$job" $((ckpts_before + 2))
wait_for "verifiedEvents beyond the pre-kill $before" 60 metric_at_least "$JM_PORT" "$job" verifiedEvents $((before + 1))
wait_for "restoredKeys = $KEYS (every key's state found after the restore)" 60 metric_at_least "$JM_PORT" "$job" restoredKeys "$KEYS"
[ "$(metric "$JM_PORT" "$job" restoredKeys)" = "$KEYS" ] || die "restoredKeys $(metric "$JM_PORT" "$job" restoredKeys) != $KEYS"
expect_zero_violations "$JM_PORT" "$job"
tm_prom() { [ "$(docker exec "$P-tm2" curl -sf localhost:9249/metrics | grep -c '^flink_taskmanager_job_task_operator_stateViolations{.*operator_name="verifier"')" -gt 0 ]; }
wait_for "the test job's metrics on the TaskManager's Prometheus endpoint" 30 tm_prom
jm_log=$(docker logs "$P-jm" 2>&1)
grep -q "Restoring job $job from Checkpoint" <<<"$jm_log" || die "no 'Restoring job ... from Checkpoint' in the JobManager log"
ok "JobManager log: $(grep -o "Restoring job $job from Checkpoint [0-9]*" <<<"$jm_log" | tail -n 1)"
curl -sf -X PATCH "http://127.0.0.1:$JM_PORT/jobs/$job?mode=cancel" >/dev/null || true

step "5. application mode from $TESTJOB_IMAGE: read-only root filesystem, uid 9999"
APP_JOB_ID=f1ec0000000000000000000000000001
CONF_VOL=$P-appconf
VOLUMES+=("$CONF_VOL")
# A fresh named volume is filled with the image's conf/ (owner 9999): a writable copy of it.
# /tmp must allow exec: RocksDB loads its native library from there (docker's tmpfs default is noexec);
# tmpfs mode= is ignored here, so the log tmpfs is given to uid 9999.
run app --read-only --user 9999 -p 127.0.0.1::8081 -v "$CONF_VOL:/opt/flink/conf" \
  --tmpfs /opt/flink/log:uid=9999,gid=9999 --tmpfs /tmp:rw,exec,size=512m \
  -e "JOB_MANAGER_RPC_ADDRESS=$P-app" -e "FLINK_PROPERTIES=$SESSION_PROPS" -v "$CKPT_VOL:/flink-data" \
  "$TESTJOB_IMAGE" standalone-job --job-classname "$JOB_CLASS" --job-id "$APP_JOB_ID" --keys 16 --rate 50
APP_PORT=$(mapped_port app)
# Its TaskManager has no writable conf at all (like a read-only ConfigMap mount).
run apptm --read-only --user 9999 --tmpfs /opt/flink/log:uid=9999,gid=9999 --tmpfs /tmp:rw,exec,size=512m \
  -e "JOB_MANAGER_RPC_ADDRESS=$P-app" -v "$CKPT_VOL:/flink-data" \
  -e "FLINK_PROPERTIES=$SESSION_PROPS
env.java.opts.taskmanager: -Dflinkhelm.readonly=1 -Dflinkhelm.second=2" \
  "$TESTJOB_IMAGE" taskmanager
app_job() { rest "$APP_PORT" /jobs/overview | jq -er '.jobs[0].jid'; }
wait_for "the application's job is submitted" 120 app_job
APP_JOB=$(app_job)
[ "$APP_JOB" = "$APP_JOB_ID" ] || die "application job id is $APP_JOB, expected --job-id $APP_JOB_ID"
wait_for "application job $APP_JOB RUNNING" 120 is_running "$APP_PORT" "$APP_JOB"
wait_for "2 completed checkpoints in application mode" 90 checkpoints_at_least "$APP_PORT" "$APP_JOB" 2
wait_for "verifiedEvents > 0 in application mode" 30 metric_at_least "$APP_PORT" "$APP_JOB" verifiedEvents 1
expect_zero_violations "$APP_PORT" "$APP_JOB"
apptm_log=$(docker logs "$P-apptm" 2>&1)
grep -q "config.yaml is not writable" <<<"$apptm_log" || die "read-only TaskManager printed no warning about its conf"
grep -q -- "-Djobmanager.rpc.address=$P-app" <<<"$apptm_log" || die "read-only TaskManager did not pass its settings as -D"
apptm_jvm=$(docker exec "$P-apptm" ps -o args= -p 1)
grep -q -- '-Dflinkhelm.readonly=1 -Dflinkhelm.second=2' <<<"$apptm_jvm" || die "env.java.opts.taskmanager from FLINK_PROPERTIES did not reach the read-only TaskManager's JVM: $apptm_jvm"
ok "read-only conf: the entrypoint warned and passed its settings as -D (the TaskManager registered; env.java.opts.taskmanager reached its JVM)"
docker exec "$P-app" grep -q "address: $P-app" conf/config.yaml || die "JobManager conf copy was not rewritten"
ok "read-only root fs with a writable conf copy: conf/config.yaml rewritten, uid $(docker exec "$P-app" id -u)"

step "6. history-server"
run hs -p 127.0.0.1::8082 -e "FLINK_PROPERTIES=historyserver.archive.fs.dir: file:///tmp/flink-archive" \
  "$FLINK_IMAGE" bash -c 'mkdir -p /tmp/flink-archive && exec /docker-entrypoint.sh history-server'
HS_PORT=$(docker port "$P-hs" 8082/tcp | head -n 1 | sed 's/.*://')
hs_up() { curl -sf --max-time 5 "http://127.0.0.1:$HS_PORT/config" | jq -e '."flink-version"'; }
wait_for "history-server answers /config on 127.0.0.1:$HS_PORT" 60 hs_up

log "smoke test PASSED in $((SECONDS - START)) s"
