#!/usr/bin/env bash
# standalone-job.sh start-foreground --job-classname CLASS [--job-id ID] [--jars a.jar,b.jar]
#     [--fromSavepoint PATH] [--allowNonRestoredState] [-Dkey=value ...] [job args]
# Runs an application-mode JobManager (StandaloneApplicationClusterEntryPoint) in the foreground; it
# runs the job whose main class is CLASS, found in /opt/flink/usrlib (or in the --jars).
USAGE="Usage: standalone-job.sh start-foreground --job-classname CLASS [--job-id ID] [--jars a,b] [--fromSavepoint P] [--allowNonRestoredState] [args]"

STARTSTOP=${1:-}
shift || true
if [ "$STARTSTOP" != start-foreground ]; then
  echo "$USAGE (this image runs Flink processes in the foreground only; start/stop are not provided)" >&2
  exit 1
fi

# shellcheck source=config.sh
. "$(dirname "$(readlink -f "$0")")/config.sh"

export FLINK_ENV_JAVA_OPTS="$FLINK_ENV_JAVA_OPTS $FLINK_ENV_JAVA_OPTS_JM"
flink_resource_params GET_JM_RESOURCE_PARAMS "$@"

# shellcheck disable=SC2206
args=($DYNAMIC_PARAMETERS --configDir "$FLINK_CONF_DIR" "$@")

exec "$FLINK_BIN_DIR/flink-console.sh" standalonejob "${args[@]}"
