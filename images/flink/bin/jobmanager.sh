#!/usr/bin/env bash
# jobmanager.sh start-foreground [HOST [WEBUI_PORT]] [-Dkey=value ...] [other args]
# Runs a session-cluster JobManager (StandaloneSessionClusterEntrypoint) in the foreground. HOST is
# the address it advertises (jobmanager.rpc.address, e.g. the pod IP); memory options are derived from the
# configuration and the -D arguments by BashJavaUtils GET_JM_RESOURCE_PARAMS.
USAGE="Usage: jobmanager.sh start-foreground [host [webui-port]] [-Dkey=value ...]"

STARTSTOP=${1:-}
shift || true
HOST="" WEBUIPORT=""
if [ $# -gt 0 ] && [[ $1 != -* ]]; then
  HOST=$1; shift
  if [ $# -gt 0 ] && [[ $1 =~ ^[0-9]+$ ]]; then WEBUIPORT=$1; shift; fi
fi
if [ "$STARTSTOP" != start-foreground ]; then
  echo "$USAGE (this image runs Flink processes in the foreground only; start/stop are not provided)" >&2
  exit 1
fi

# shellcheck source=config.sh
. "$(dirname "$(readlink -f "$0")")/config.sh"

export FLINK_ENV_JAVA_OPTS="$FLINK_ENV_JAVA_OPTS $FLINK_ENV_JAVA_OPTS_JM"
flink_resource_params GET_JM_RESOURCE_PARAMS "$@"

# Flink 2.x's entrypoint parser knows only --configDir and -D, and stops at the first argument it does
# not know (everything after it would be silently ignored): no --executionMode, and the legacy HOST /
# WEBUI_PORT positional arguments become the dynamic properties they always stood for.
args=(--configDir "$FLINK_CONF_DIR")
[ -n "$HOST" ] && args+=(-D "jobmanager.rpc.address=$HOST")
[ -n "$WEBUIPORT" ] && args+=(-D "rest.port=$WEBUIPORT")
args+=("$@")
# shellcheck disable=SC2206 # "-D key=value ..." splits into arguments
args=($DYNAMIC_PARAMETERS "${args[@]}")

exec "$FLINK_BIN_DIR/flink-console.sh" standalonesession "${args[@]}"
