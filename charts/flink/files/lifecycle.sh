# shellcheck shell=sh
# The job lifecycle steps of the chart (lifecycle.* values; templates/lifecycle-*.yaml), run in the Flink
# image with files/lib.sh in front. `$1` is the step:
#   savepoint  (CronJob, or `kubectl create job --from=cronjob/...`): a savepoint of every RUNNING job,
#              recorded, then the oldest scheduled ones beyond lifecycle.savepoints.retain disposed;
#   upgrade    (pre-upgrade and pre-rollback hook, application mode): when the JobManager pods are about
#              to change, tells the new JobManagers which job to run and where it starts (see below):
#              last-state: the running job (its id; its latest checkpoint is in HA), savepoint: a new job
#              from the savepoint the running job is stopped with, stateless: a new job, empty;
#   uninstall  (pre-delete hook, lifecycle.savepoints.onUninstall): stops every job with a savepoint;
#   install    (pre-install hook, application mode, when lifecycle.savepoints.onUninstall is set or a
#              record of an earlier release of the same name exists): forgets the start instructions of
#              that release, and a new release starts from the savepoint its uninstall took, unless
#              application.fromSavepoint is set.
#
# The record is the ConfigMap $RECORD, created here on first use and kept when the release goes away
# only while it is needed (lifecycle.savepoints.onUninstall):
#   savepoint-<UTC time>-<job id>-<cause>  one per savepoint taken: {"path", "time", "jobId",
#                                          "triggerId", "cause"} (cause: schedule, upgrade, uninstall)
#   job-<spec>                             FLINK_PROPERTIES of the JobManagers whose pod template has the
#                                          hash <spec> (annotation flink-helm.dev/job-spec): the savepoint
#                                          to start from and a fresh job id (a stopped or cancelled job id
#                                          is globally terminal in Flink's job result store)
#   restore-on-install                     the savepoint the last uninstall took
# Environment: RELEASE, REST_URL, RECORD, RECORD_LABELS (JSON object), JM_DEPLOYMENT, JOB_SPEC (the spec being
# deployed), MODE, UPGRADE_MODE, SAVEPOINT_DIR, FORMAT_TYPE, SAVEPOINT_TIMEOUT (seconds), RETAIN,
# FROM_SAVEPOINT.

# --- the record ------------------------------------------------------------------------------------

# record_json: the record ConfigMap as compact JSON ("" when it does not exist yet).
record_json() {
  if k8s GET "/configmaps/$RECORD"; then
    cat "$HTTP_BODY"
  elif [ "$HTTP_STATUS" = 404 ]; then
    echo ""
  else
    die "cannot read ConfigMap $RECORD: $(last_response)"
  fi
}

# record_put KEY VALUE: sets one key of the record, creating the ConfigMap when it is missing.
record_put() {
  _v=$(printf '%s' "$2" | json_escape)
  k8s PATCH "/configmaps/$RECORD" "{\"data\":{\"$1\":\"$_v\"}}" && return 0
  [ "$HTTP_STATUS" = 404 ] || die "cannot write $1 to ConfigMap $RECORD: $(last_response)"
  k8s POST /configmaps "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"$RECORD\",\"labels\":$RECORD_LABELS},\"data\":{\"$1\":\"$_v\"}}" application/json ||
    die "cannot create ConfigMap $RECORD: $(last_response)"
  say "created the savepoint record, ConfigMap $RECORD"
}

# record_del KEY...: removes keys from the record.
record_del() {
  [ $# -gt 0 ] || return 0
  _d=
  for _k in "$@"; do _d="$_d${_d:+,}\"$_k\":null"; done
  k8s PATCH "/configmaps/$RECORD" "{\"data\":{$_d}}" || [ "$HTTP_STATUS" = 404 ] || die "cannot update ConfigMap $RECORD: $(last_response)"
}

# record_keys PREFIX < record JSON: the keys starting with PREFIX, sorted (savepoints: oldest first).
record_keys() { grep -o "\"$1[A-Za-z0-9._-]*\":\"" | sed 's/^"//; s/":"$//' | LC_ALL=C sort; }

# record_savepoint JOB PATH TRIGGER CAUSE: records a savepoint taken.
record_savepoint() {
  _t=$(date -u +%Y%m%dT%H%M%SZ)
  record_put "savepoint-$_t-$1-$4" "{\"path\":\"$2\",\"time\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\",\"jobId\":\"$1\",\"triggerId\":\"$3\",\"cause\":\"$4\"}"
  say "recorded savepoint $2 of job $1 ($4) as savepoint-$_t-$1-$4 in ConfigMap $RECORD"
}

# --- Flink's savepoint operations ----------------------------------------------------------------

# failure_cause < operation JSON: the first line of Flink's stack trace and its last "Caused by".
failure_cause() {
  json_str stack-trace | sed 's/\\n/\n/g' | grep -v '^\\t' | grep -E '^[A-Za-z]' >"$TMPD/cause" || true
  { head -n 1 "$TMPD/cause"; grep '^Caused by' "$TMPD/cause" | tail -n 1; } | tr '\n' ' ' | head -c 900
}

# await_operation PATH WHAT: polls an asynchronous operation (GET PATH) until Flink reports it done, at
# most $SAVEPOINT_TIMEOUT seconds; prints the operation's location and succeeds when it completed,
# prints Flink's failure cause and fails (1) when it failed, fails (2) on timeout.
await_operation() {
  _start=$(date +%s)
  _last=0
  while :; do
    if rest GET "$1"; then
      _state=$(json_str id <"$HTTP_BODY")
      if [ "$_state" = COMPLETED ]; then
        _loc=$(json_str location <"$HTTP_BODY")
        if [ -n "$_loc" ] || ! grep -q '"failure-cause"' "$HTTP_BODY"; then
          echo "$_loc"
          return 0
        fi
        say "$2 failed: $(failure_cause <"$HTTP_BODY")" >&2
        return 1
      fi
    else
      say "$2: status request failed ($(last_response)), retrying" >&2
    fi
    _now=$(date +%s)
    if [ $((_now - _start)) -ge "$SAVEPOINT_TIMEOUT" ]; then
      say "$2 did not complete within lifecycle.savepoints.timeoutSeconds=$SAVEPOINT_TIMEOUT" >&2
      return 2
    fi
    if [ $((_now - _last)) -ge 10 ]; then
      say "waiting for $2 (${_state:-unknown}, $((_now - _start)) s of at most $SAVEPOINT_TIMEOUT s)" >&2
      _last=$_now
    fi
    sleep 1
  done
}

# The target directory and format of a savepoint request, as JSON members ($1: the name of the
# directory member, which differs between the two endpoints).
savepoint_members() {
  printf '"formatType":"%s"' "$FORMAT_TYPE"
  [ -n "$SAVEPOINT_DIR" ] && printf ',"%s":"%s"' "$1" "$SAVEPOINT_DIR"
  return 0
}

# take_savepoint JOB: a savepoint of a running job (it keeps running); prints "TRIGGER-ID PATH".
take_savepoint() {
  rest POST "/jobs/$1/savepoints" "{$(savepoint_members target-directory),\"cancel-job\":false}" ||
    die "cannot trigger a savepoint of job $1: $(last_response)"
  _trigger=$(json_str request-id <"$HTTP_BODY")
  say "savepoint of job $1 triggered (trigger id $_trigger)" >&2
  _path=$(await_operation "/jobs/$1/savepoints/$_trigger" "savepoint of job $1") || return 1
  say "savepoint of job $1 completed: $_path" >&2
  echo "$_trigger $_path"
}

# stop_with_savepoint JOB: stops a job with a savepoint (POST /jobs/:id/stop); prints "TRIGGER-ID PATH". When the
# savepoint fails Flink keeps the job running, and so does this: it fails with Flink's reason.
stop_with_savepoint() {
  rest POST "/jobs/$1/stop" "{$(savepoint_members targetDirectory),\"drain\":false}" ||
    die "cannot stop job $1 with a savepoint: $(last_response)"
  _trigger=$(json_str request-id <"$HTTP_BODY")
  say "stop-with-savepoint of job $1 triggered (trigger id $_trigger)" >&2
  _path=$(await_operation "/jobs/$1/savepoints/$_trigger" "stop-with-savepoint of job $1") || return 1
  say "job $1 stopped with savepoint $_path" >&2
  echo "$_trigger $_path"
}

# dispose PATH: deletes a savepoint through Flink (POST /savepoint-disposal); succeeds when it is gone.
dispose() {
  rest POST /savepoint-disposal "{\"savepoint-path\":\"$1\"}" || {
    say "cannot dispose of $1: $(last_response)"
    return 1
  }
  _trigger=$(json_str request-id <"$HTTP_BODY")
  if await_operation "/savepoint-disposal/$_trigger" "disposal of $1" >/dev/null 2>"$TMPD/dispose.err"; then
    return 0
  fi
  cat "$TMPD/dispose.err"
  # A savepoint that no longer exists is gone, too.
  grep -qiE 'FileNotFound|does not exist|not found' "$TMPD/dispose.err"
}

# job_state JOB: the job's state (GET /jobs/:id).
job_state() { rest GET "/jobs/$1" && json_str state <"$HTTP_BODY"; }

# deployed_spec: the job spec of the deployed JobManager pods ("" when there is no Deployment yet).
deployed_spec() {
  if k8s GET "/apis/apps/v1/namespaces/{ns}/deployments/$JM_DEPLOYMENT"; then
    json_str 'flink-helm.dev/job-spec' <"$HTTP_BODY"
  elif [ "$HTTP_STATUS" != 404 ]; then
    die "cannot read Deployment $JM_DEPLOYMENT: $(last_response)"
  fi
}

# record_value KEY: the text of one key of the record ("" when absent).
record_value() { record_json | json_str "$1" | json_unescape; }

# start_properties SPEC [PATH]: records where JobManagers of SPEC start: a fresh job id, and PATH.
start_properties() {
  _jid=$(new_job_id)
  if [ -n "${2:-}" ]; then
    record_put "job-$1" "execution.state-recovery.path: $2
\$internal.pipeline.job-id: $_jid"
    say "JobManagers of job spec $1 start job $_jid from $2"
  else
    record_put "job-$1" "\$internal.pipeline.job-id: $_jid"
    say "JobManagers of job spec $1 start job $_jid with empty state"
  fi
}

# restart_stale_jobmanagers: deletes the JobManager pods that already run the job spec being deployed
# (a rollback to pods that never went away, because the broken version never became ready): they
# read their start instructions when they started, before this step changed them; their ReplicaSet
# starts them again with the new ones.
restart_stale_jobmanagers() {
  k8s GET "/pods?labelSelector=app.kubernetes.io%2Finstance%3D$RELEASE%2Capp.kubernetes.io%2Fcomponent%3Djobmanager" ||
    die "cannot list the JobManager pods: $(last_response)"
  pods=$(sed 's/"metadata":{"name":"/\n/g' "$HTTP_BODY" | grep "\"flink-helm.dev/job-spec\":\"$JOB_SPEC\"" | cut -d'"' -f1)
  for p in $pods; do
    if k8s DELETE "/pods/$p"; then
      say "restarted JobManager pod $p: it started before its start instructions changed"
    else
      die "cannot delete JobManager pod $p: $(last_response)"
    fi
  done
}

# --- the steps -----------------------------------------------------------------------------------

step_savepoint() {
  jobs=$(running_jobs)
  if [ -z "$jobs" ]; then
    say "no RUNNING job at $REST_URL: no savepoint to take"
    return 0
  fi
  failed=0
  for j in $jobs; do
    if r=$(take_savepoint "$j"); then
      record_savepoint "$j" "${r#* }" "${r%% *}" schedule
    else
      failed=$((failed + 1))
      continue
    fi
    # Retention: the scheduled savepoints of this job beyond the newest $RETAIN are disposed.
    old=$(record_json | record_keys "savepoint-" | grep -- "-$j-schedule\$" | head -n "-$RETAIN")
    for k in $old; do
      path=$(record_json | json_str "$k" | sed 's/.*\\"path\\":\\"\([^\\]*\)\\".*/\1/')
      if dispose "$path"; then
        record_del "$k"
        say "disposed of $path and removed $k (lifecycle.savepoints.retain=$RETAIN)"
      else
        say "could not dispose of $path: kept $k in the record"
        failed=$((failed + 1))
      fi
    done
  done
  [ "$failed" = 0 ] || die "$failed savepoint step(s) failed (see above)"
}

step_upgrade() {
  current=$(deployed_spec)
  if [ -z "$current" ]; then
    say "no JobManager Deployment $JM_DEPLOYMENT yet: nothing to prepare"
    return 0
  fi
  if [ "$current" = "$JOB_SPEC" ]; then
    say "the JobManager pods do not change (job spec $JOB_SPEC): the job keeps running"
    return 0
  fi
  say "the JobManager pods change (job spec $current -> $JOB_SPEC); upgrade mode $UPGRADE_MODE"
  jobs=
  if [ "$UPGRADE_MODE" != last-state ]; then
    jobs=$(running_jobs)
    if [ "$(echo "$jobs" | grep -c .)" -gt 1 ]; then die "more than one RUNNING job in an application cluster: $jobs"; fi
  fi
  case $UPGRADE_MODE in
    last-state)
      # The same job goes on: the new JobManagers get the start instructions of the deployed ones (its
      # job id; the latest checkpoint comes from HA), and the old leader's exit handover removes its plan.
      props=$(record_value "job-$current")
      if [ -n "$props" ]; then
        record_put "job-$JOB_SPEC" "$props"
        say "JobManagers of job spec $JOB_SPEC go on with the job of the deployed ones ($(echo "$props" | grep 'pipeline.job-id'))"
      else
        record_del "job-$JOB_SPEC"
        say "JobManagers of job spec $JOB_SPEC go on with the job of the deployed ones (the configured job id)"
      fi
      ;;
    savepoint)
      if [ -z "$jobs" ]; then
        # Nothing runs (for example a rollback after a version that never started): start where the
        # deployed version started.
        path=$(record_value "job-$current" | sed -n 's/^execution.state-recovery.path: //p')
        [ -n "$path" ] || die "no RUNNING job to take a savepoint of, and no savepoint the deployed version started from; to upgrade anyway set lifecycle.upgradeMode=last-state (HA: latest checkpoint) or stateless, or application.fromSavepoint"
        say "no RUNNING job: the new version starts from $path, where the deployed version started"
        start_properties "$JOB_SPEC" "$path"
      else
        j=$jobs
        if ! r=$(stop_with_savepoint "$j"); then
          state=$(job_state "$j")
          die "the savepoint failed, so the upgrade stops here; job $j is ${state:-in an unknown state} and the deployed version stays (lifecycle.upgradeMode=savepoint)"
        fi
        record_savepoint "$j" "${r#* }" "${r%% *}" upgrade
        start_properties "$JOB_SPEC" "${r#* }"
      fi
      ;;
    stateless)
      for j in $jobs; do
        rest PATCH "/jobs/$j?mode=cancel" || die "cannot cancel job $j: $(last_response)"
        say "cancelling job $j (lifecycle.upgradeMode=stateless)"
        i=0
        while [ "$(job_state "$j")" != CANCELED ]; do
          i=$((i + 1))
          [ "$i" -le "$SAVEPOINT_TIMEOUT" ] || die "job $j was not CANCELED within $SAVEPOINT_TIMEOUT s"
          sleep 1
        done
        say "job $j CANCELED"
      done
      start_properties "$JOB_SPEC"
      ;;
    *) die "unknown lifecycle.upgradeMode $UPGRADE_MODE" ;;
  esac
  [ "$UPGRADE_MODE" = last-state ] || restart_stale_jobmanagers
  # Start instructions of other versions are stale now (the deployed one stays for a rollback).
  stale=$(record_json | record_keys "job-" | grep -vx -e "job-$JOB_SPEC" -e "job-$current" || true)
  # shellcheck disable=SC2086 # one key per word
  record_del $stale
}

step_uninstall() {
  if ! rest GET /jobs/overview; then
    die "cannot reach $REST_URL to stop the jobs with a savepoint ($(last_response)); to uninstall without one: helm uninstall --no-hooks"
  fi
  jobs=$(running_jobs)
  [ -n "$jobs" ] || say "no RUNNING job: no savepoint to take"
  for j in $jobs; do
    r=$(stop_with_savepoint "$j") || die "job $j could not be stopped with a savepoint, so the release stays; to uninstall without one: helm uninstall --no-hooks"
    record_savepoint "$j" "${r#* }" "${r%% *}" uninstall
    if [ "$MODE" = application ]; then
      record_put restore-on-install "${r#* }"
      say "the next helm install of this release starts from ${r#* }"
    fi
  done
}

step_install() {
  # Start instructions of an earlier release of the same name belong to its job, not to this one.
  stale=$(record_json | record_keys "job-")
  if [ -n "$stale" ]; then
    # shellcheck disable=SC2086 # one key per word
    record_del $stale
    say "forgot the start instructions of an earlier release of this name: $(printf '%s ' "$stale" | tr '\n' ' ')"
  fi
  if [ -n "$FROM_SAVEPOINT" ]; then
    say "application.fromSavepoint is set ($FROM_SAVEPOINT): the job starts from it"
    return 0
  fi
  path=$(record_value restore-on-install)
  if [ -z "$path" ]; then
    say "no savepoint from an earlier uninstall of this release: the job starts as configured"
    return 0
  fi
  start_properties "$JOB_SPEC" "$path"
  record_del restore-on-install
}

# shellcheck disable=SC2034 # read by say() in files/lib.sh
SCRIPT="lifecycle ${1:-}"
case ${1:-} in
  savepoint) step_savepoint ;;
  upgrade) step_upgrade ;;
  uninstall) step_uninstall ;;
  install) step_install ;;
  *) die "unknown step '${1:-}' (savepoint, upgrade, uninstall, install)" ;;
esac
say "done"
