#!/usr/bin/env bash
# Entrypoint of the flink-helm offline Flink image, with the interface of the official
# apache/flink image:
#   jobmanager [HOST] [-Dk=v ...]        session-cluster JobManager (HOST: address to advertise)
#   taskmanager [-Dk=v ...]              TaskManager
#   standalone-job --job-classname C [--job-id ID] [--jars a,b] [--fromSavepoint P]
#                  [--allowNonRestoredState] [-Dk=v ...] [job args]
#                                        application-mode JobManager for a job in /opt/flink/usrlib
#   history-server                       HistoryServer
#   help                                 usage
#   anything else                        run as given (e.g. bash, flink run ...)
# Before any command it, like the official image:
#   - preloads jemalloc (unless DISABLE_JEMALLOC=true);
#   - links the jars named in ENABLE_BUILT_IN_PLUGINS ("a.jar;b.jar") from opt/ into plugins/;
#   - rewrites conf/config.yaml: jobmanager.rpc.address = $JOB_MANAGER_RPC_ADDRESS (default: this
#     host's name), blob.server.port = 6124, query.server.port = 6125, taskmanager.numberOfTaskSlots
#     = $TASK_MANAGER_NUMBER_OF_TASK_SLOTS (if set), then every "key: value" line of
#     $FLINK_PROPERTIES (values pass through envsubst).
# Differences from the official script, all on purpose:
#   - FLINK_PROPERTIES lines are trimmed, not stripped of every blank, so values with spaces (JVM
#     options) survive; blank lines and lines starting with # are skipped.
#   - If conf/config.yaml cannot be written (read-only ConfigMap mount or root filesystem), it says
#     so loudly and passes the same settings as -D arguments to the Flink process instead of
#     dropping them (command-line -D arguments given to the container still win).
#   - The Flink process is exec'd, so it is PID 1 and gets SIGTERM directly (as upstream).

COMMAND_STANDALONE=standalone-job
COMMAND_HISTORY_SERVER=history-server

FLINK_HOME=${FLINK_HOME:-/opt/flink}
CONF_DIR=${FLINK_CONF_DIR:-$FLINK_HOME/conf}
CONF_FILE=$CONF_DIR/config.yaml
JOB_MANAGER_RPC_ADDRESS=${JOB_MANAGER_RPC_ADDRESS:-$(hostname -f 2>/dev/null || hostname)}

# Settings the Flink process gets as -D arguments because config.yaml could not take them.
FALLBACK_DYNAMIC_ARGS=()

warn() { echo "WARNING: $*" >&2; }

check_priv_user() {
  if [ "$(id -u)" = 0 ]; then
    echo "WARNING: Running as root user is not recommended. Please use a non-root user to run Flink."
  fi
}

maybe_enable_jemalloc() {
  [ "${DISABLE_JEMALLOC:-false}" = false ] || return 0
  local arch_dir=/usr/lib/$(uname -m)-linux-gnu lib
  for lib in "$arch_dir/libjemalloc.so" "$arch_dir/libjemalloc.so.2" \
             /usr/lib/x86_64-linux-gnu/libjemalloc.so /usr/lib/x86_64-linux-gnu/libjemalloc.so.2; do
    if [ -f "$lib" ]; then
      export LD_PRELOAD=${LD_PRELOAD:+$LD_PRELOAD:}$lib
      return 0
    fi
  done
  warn "attempted to load jemalloc from $arch_dir/libjemalloc.so[.2] but the library couldn't be found. glibc will be used instead."
}

copy_plugins_if_required() {
  [ -n "${ENABLE_BUILT_IN_PLUGINS:-}" ] || return 0
  echo "Enabling required built-in plugins"
  local plugin name
  for plugin in $(tr ';' ' ' <<<"$ENABLE_BUILT_IN_PLUGINS"); do
    echo "Linking $plugin to plugin directory"
    name=${plugin%.jar}
    if [ ! -e "$FLINK_HOME/opt/$plugin" ]; then
      echo "Plugin $plugin does not exist. Exiting."
      exit 1
    fi
    if ! mkdir -p "$FLINK_HOME/plugins/$name" || ! ln -fs "$FLINK_HOME/opt/$plugin" "$FLINK_HOME/plugins/$name"; then
      echo "ERROR: cannot link $plugin into $FLINK_HOME/plugins/$name (read-only filesystem? mount a writable volume at $FLINK_HOME/plugins). Exiting."
      exit 1
    fi
    echo "Successfully enabled $plugin"
  done
}

# Prints one "key=value" line per setting the container asks for, in the order they apply.
collect_settings() {
  echo "jobmanager.rpc.address=$JOB_MANAGER_RPC_ADDRESS"
  echo "blob.server.port=6124"
  echo "query.server.port=6125"
  [ -n "${TASK_MANAGER_NUMBER_OF_TASK_SLOTS:-}" ] && echo "taskmanager.numberOfTaskSlots=$TASK_MANAGER_NUMBER_OF_TASK_SLOTS"
  [ -n "${FLINK_PROPERTIES:-}" ] || return 0
  local line key value
  while IFS= read -r line || [ -n "$line" ]; do
    line=$(sed 's/^[[:space:]]*//; s/[[:space:]]*$//' <<<"$line")
    [ -z "$line" ] && continue
    [[ $line == \#* ]] && continue
    if [[ $line != *:* ]]; then
      warn "FLINK_PROPERTIES: ignoring line without 'key: value': $line"
      continue
    fi
    key=$(sed 's/[[:space:]]*$//' <<<"${line%%:*}")
    value=$(sed 's/^[[:space:]]*//' <<<"${line#*:}")
    value=$(envsubst <<<"$value")
    echo "$key=$value"
  done <<<"$FLINK_PROPERTIES"
}

prepare_configuration() {
  local settings=() s
  while IFS= read -r s; do settings+=("-D$s"); done < <(collect_settings)

  if [ -w "$CONF_FILE" ] || { [ ! -e "$CONF_FILE" ] && [ -w "$CONF_DIR" ]; }; then
    if "$FLINK_HOME/bin/config-parser-utils.sh" "$CONF_DIR" "$FLINK_HOME/bin" "$FLINK_HOME/lib" "${settings[@]}"; then
      return 0
    fi
    warn "updating $CONF_FILE failed (see above)."
  else
    warn "$CONF_FILE is not writable (read-only mount or filesystem, or owned by another user than uid $(id -u))."
  fi
  warn "the container's settings could not be written to $CONF_FILE; passing them to the Flink process as -D arguments instead (bin/flink, which reads only the file, will not see them):"
  for s in "${settings[@]}"; do warn "  $s"; done
  FALLBACK_DYNAMIC_ARGS=("${settings[@]}")
  # The bin/ scripts apply them too when they read the configuration (env.java.opts.*, env.log.*).
  FLINK_CONF_OVERRIDES=$(printf '%s\n' "${settings[@]}")
  export FLINK_CONF_OVERRIDES
}

usage() {
  echo "Usage: $(basename "$0") (jobmanager|$COMMAND_STANDALONE|taskmanager|$COMMAND_HISTORY_SERVER)"
  echo "    Or $(basename "$0") help"
  echo
  echo "By default, Flink image adopts jemalloc as default memory allocator. This behavior can be disabled by setting the 'DISABLE_JEMALLOC' environment variable to 'true'."
}

check_priv_user
maybe_enable_jemalloc
copy_plugins_if_required
prepare_configuration

cmd=${1:-help}
[ $# -gt 0 ] && shift
case $cmd in
  help)
    usage
    exit 0
    ;;
  jobmanager)
    echo "Starting Job Manager"
    host=()
    if [ $# -gt 0 ] && [[ $1 != -* ]]; then host=("$1"); shift; fi
    exec "$FLINK_HOME/bin/jobmanager.sh" start-foreground "${host[@]}" "${FALLBACK_DYNAMIC_ARGS[@]}" "$@"
    ;;
  "$COMMAND_STANDALONE")
    echo "Starting Job Manager"
    exec "$FLINK_HOME/bin/standalone-job.sh" start-foreground "${FALLBACK_DYNAMIC_ARGS[@]}" "$@"
    ;;
  "$COMMAND_HISTORY_SERVER")
    echo "Starting History Server"
    [ ${#FALLBACK_DYNAMIC_ARGS[@]} -gt 0 ] && warn "the HistoryServer reads only $CONF_FILE: the settings above do not reach it."
    exec "$FLINK_HOME/bin/historyserver.sh" start-foreground "$@"
    ;;
  taskmanager)
    echo "Starting Task Manager"
    exec "$FLINK_HOME/bin/taskmanager.sh" start-foreground "${FALLBACK_DYNAMIC_ARGS[@]}" "$@"
    ;;
  *)
    # Pass-through mode
    exec "$cmd" "$@"
    ;;
esac
