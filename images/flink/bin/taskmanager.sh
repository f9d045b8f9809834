#!/usr/bin/env bash
# taskmanager.sh start-foreground [-Dkey=value ...]
# Runs a TaskManager (TaskManagerRunner) in the foreground. Its JVM heap/direct/metaspace limits and
# every derived memory option come from BashJavaUtils GET_TM_RESOURCE_PARAMS applied to the
# configuration plus the -D arguments, as with Flink's own scripts.
USAGE="Usage: taskmanager.sh start-foreground [-Dkey=value ...]"

STARTSTOP=${1:-}
shift || true
if [ "$STARTSTOP" != start-foreground ]; then
  echo "$USAGE (this image runs Flink processes in the foreground only; start/stop are not provided)" >&2
  exit 1
fi

# shellcheck source=config.sh
. "$(dirname "$(readlink -f "$0")")/config.sh"

export FLINK_ENV_JAVA_OPTS="$FLINK_ENV_JAVA_OPTS $FLINK_ENV_JAVA_OPTS_TM"
flink_resource_params GET_TM_RESOURCE_PARAMS "$@"

# shellcheck disable=SC2206
args=($DYNAMIC_PARAMETERS --configDir "$FLINK_CONF_DIR" "$@")

exec "$FLINK_BIN_DIR/flink-console.sh" taskexecutor "${args[@]}"
