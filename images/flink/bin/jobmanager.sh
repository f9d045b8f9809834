#!/usr/bin/env bash
# jobmanager.sh start-foreground [HOST [WEBUI_PORT]] [-Dkey=value ...] [other args]
# Runs a session-cluster JobManager (StandaloneSessionClusterEntrypoint) in the foreground. HOST is
# the address it advertises (--host, e.g. the pod IP); memory options are derived from the
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

args=(--configDir "$FLINK_CONF_DIR" --executionMode cluster "$@")
[ -n "$HOST" ] && args+=(--host "$HOST")
[ -n "$WEBUIPORT" ] && args+=(--webui-port "$WEBUIPORT")
# shellcheck disable=SC2206 # "-D key=value ..." splits into arguments
args=($DYNAMIC_PARAMETERS "${args[@]}")

exec "$FLINK_BIN_DIR/flink-console.sh" standalonesession "${args[@]}"
