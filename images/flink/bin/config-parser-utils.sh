#!/usr/bin/env bash
# config-parser-utils.sh CONF_DIR BIN_DIR LIB_DIR [OPTIONS...]: rewrites CONF_DIR/config.yaml with
# Flink's own parser (BashJavaUtils UPDATE_AND_GET_FLINK_CONFIGURATION), as the distribution's
# script of the same name does. OPTIONS:
#   -Dkey=value                set a key            -rmKey key          remove a key
#   -repKV key,old,new         replace a value      -rmKV key=value     remove a key with that value
# The result is standard nested YAML (comments are not kept). Exits 1 if it cannot be written.
if [ $# -lt 3 ]; then
  echo "Usage: config-parser-utils.sh FLINK_CONF_DIR FLINK_BIN_DIR FLINK_LIB_DIR [dynamic args...]" >&2
  exit 1
fi
export FLINK_CONF_DIR=$1 FLINK_LIB_DIR=$3
FLINK_SKIP_CONFIG_LOAD=1
# shellcheck source=config.sh
. "$2/config.sh"

result=$(flink_java_utils UPDATE_AND_GET_FLINK_CONFIGURATION "${@:4}") || exit 1
if ! printf '%s\n' "$result" >"$FLINK_CONF_DIR/config.yaml"; then
  echo "[ERROR] cannot write $FLINK_CONF_DIR/config.yaml (read-only?)" >&2
  exit 1
fi
