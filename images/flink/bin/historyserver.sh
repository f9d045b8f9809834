#!/usr/bin/env bash
# historyserver.sh start-foreground: runs the HistoryServer (web UI of archived jobs, port 8082 by
# default) in the foreground. Configure historyserver.archive.fs.dir and jobmanager.archive.fs.dir.
USAGE="Usage: historyserver.sh start-foreground"

STARTSTOP=${1:-}
shift || true
if [ "$STARTSTOP" != start-foreground ]; then
  echo "$USAGE (this image runs Flink processes in the foreground only; start/stop are not provided)" >&2
  exit 1
fi

# shellcheck source=config.sh
. "$(dirname "$(readlink -f "$0")")/config.sh"

export FLINK_ENV_JAVA_OPTS="$FLINK_ENV_JAVA_OPTS $FLINK_ENV_JAVA_OPTS_HS"
exec "$FLINK_BIN_DIR/flink-console.sh" historyserver --configDir "$FLINK_CONF_DIR" "$@"
