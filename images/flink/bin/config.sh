#!/usr/bin/env bash
# shellcheck shell=bash
# Sourced by the other scripts in bin/ (the flink-helm image's own equivalents of the distribution's
# scripts, which need flink-dist and are not on Maven Central). It
#   - locates the installation (FLINK_HOME = parent of bin/, after resolving symlinks), conf/, lib/;
#   - picks the java binary (env.java.home, then JAVA_HOME, then PATH);
#   - reads conf/config.yaml with Flink's own parser (BashJavaUtils from flink-runtime, flattened),
#     so nested and flat YAML keys both work, and derives the variables the start scripts use:
#     FLINK_LOG_DIR, FLINK_PID_DIR, MAX_LOG_FILE_NUMBER, ROOT_LOG_LEVEL, FLINK_ENV_JAVA_OPTS[_JM|_TM|
#     _HS|_CLI] (env.java.default-opts.* + env.java.opts.*), each overridable by the environment.
# Set FLINK_SKIP_CONFIG_LOAD=1 before sourcing to get only the locations and helper functions.
# FLINK_CONF_OVERRIDES: extra "-Dkey=value" lines applied on top of the file (see below).

_flink_self=$(readlink -f "${BASH_SOURCE[0]}")
FLINK_HOME=$(dirname "$(dirname "$_flink_self")")
FLINK_BIN_DIR=$FLINK_HOME/bin
FLINK_LIB_DIR=${FLINK_LIB_DIR:-$FLINK_HOME/lib}
FLINK_OPT_DIR=${FLINK_OPT_DIR:-$FLINK_HOME/opt}
FLINK_PLUGINS_DIR=${FLINK_PLUGINS_DIR:-$FLINK_HOME/plugins}
FLINK_CONF_DIR=${FLINK_CONF_DIR:-$FLINK_HOME/conf}
export FLINK_HOME FLINK_BIN_DIR FLINK_LIB_DIR FLINK_OPT_DIR FLINK_PLUGINS_DIR FLINK_CONF_DIR

HOSTNAME=${HOSTNAME:-$(hostname)}

# --- Java ---------------------------------------------------------------------------------------
# env.java.home is read straight from the file (it is needed before any JVM runs), so it must be
# written as a flat key, as with the distribution's scripts.
_flink_java_home=$(sed -n 's/^[ ]*env\.java\.home[ ]*:[ ]*\([^#]*\).*$/\1/p' "$FLINK_CONF_DIR/config.yaml" 2>/dev/null | sed 's/[ "'\'']*$//; s/^["'\'']//' | tail -n 1)
JAVA_HOME=${_flink_java_home:-${JAVA_HOME:-}}
if [ -n "$JAVA_HOME" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  JAVA_RUN=$JAVA_HOME/bin/java
elif command -v java >/dev/null 2>&1; then
  JAVA_RUN=java
else
  echo "[ERROR] no java found: set env.java.home in $FLINK_CONF_DIR/config.yaml or JAVA_HOME" >&2
  exit 1
fi
export JAVA_HOME JAVA_RUN

# --- Helpers ------------------------------------------------------------------------------------
# The classpath of every Flink process: all jars of lib/, in name order.
flink_classpath() {
  local cp="" jar
  while IFS= read -r -d '' jar; do cp=${cp:+$cp:}$jar; done \
    < <(find "$FLINK_LIB_DIR" -maxdepth 1 ! -type d -name '*.jar' -print0 | sort -z)
  [ -n "$cp" ] || { echo "[ERROR] no jars in $FLINK_LIB_DIR" >&2; return 1; }
  printf '%s' "$cp"
}

# flink_java_utils COMMAND [ARGS...]: runs org.apache.flink.runtime.util.bash.BashJavaUtils COMMAND
# --configDir $FLINK_CONF_DIR ARGS and prints its result lines (the BASH_JAVA_UTILS_EXEC_RESULT:
# prefix removed). On failure prints everything it said to stderr and returns 1.
flink_java_utils() {
  local cmd=$1; shift
  local out rc=0
  out=$("$JAVA_RUN" -classpath "$(flink_classpath)" org.apache.flink.runtime.util.bash.BashJavaUtils \
        "$cmd" --configDir "$FLINK_CONF_DIR" "$@" 2>&1) || rc=$?
  if [ $rc -ne 0 ] || ! grep -q '^BASH_JAVA_UTILS_EXEC_RESULT:' <<<"$out"; then
    echo "[ERROR] BashJavaUtils $cmd failed (exit $rc) with configuration $FLINK_CONF_DIR:" >&2
    echo "$out" >&2
    return 1
  fi
  sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p' <<<"$out"
}

# flink_conf KEY [DEFAULT]: the value of KEY in the flattened configuration (last one wins),
# surrounding quotes removed.
flink_conf() {
  local v
  v=$(awk -v k="$1" 'index($0, k ":") == 1 { v = substr($0, length(k) + 2) } END { print v }' <<<"$FLINK_CONF_FLAT")
  v=$(sed 's/^[[:space:]]*//; s/[[:space:]]*$//; s/^"\(.*\)"$/\1/; s/^'\''\(.*\)'\''$/\1/' <<<"$v")
  printf '%s' "${v:-${2:-}}"
}

# flink_resource_params GET_JM_RESOURCE_PARAMS|GET_TM_RESOURCE_PARAMS [ARGS...]: derives the memory
# setup from the configuration plus the -D arguments in ARGS, exactly as Flink's own scripts do:
# line 1 (JVM options such as -Xmx/-Xms/-XX:MaxDirectMemorySize/-XX:MaxMetaspaceSize) is appended to
# JVM_ARGS, line 2 (-D key=value for every derived memory option) becomes DYNAMIC_PARAMETERS, which
# the caller puts in front of the process arguments.
flink_resource_params() {
  local cmd=$1; shift
  local out
  out=$(flink_java_utils "$cmd" "$@") || exit 1
  if [ "$(wc -l <<<"$out")" -ne 2 ]; then
    echo "[ERROR] BashJavaUtils $cmd: expected 2 result lines, got:" >&2; echo "$out" >&2; exit 1
  fi
  local jvm_params; jvm_params=$(head -n 1 <<<"$out")
  export JVM_ARGS="${JVM_ARGS:-} $jvm_params"
  DYNAMIC_PARAMETERS=$(tail -n 1 <<<"$out")
  export DYNAMIC_PARAMETERS
  export FLINK_INHERITED_LOGS="${FLINK_INHERITED_LOGS:-}
$cmd: jvm_params: $jvm_params
$cmd: dynamic_configs: $DYNAMIC_PARAMETERS"
}

# --- Configuration ------------------------------------------------------------------------------
[ "${FLINK_SKIP_CONFIG_LOAD:-0}" = 1 ] && return 0

# Loaded once per configuration directory; the start scripts pass it on to flink-console.sh.
# FLINK_CONF_OVERRIDES (one -Dkey=value per line) is applied on top: /docker-entrypoint.sh sets it
# when it could not write conf/config.yaml, so settings such as env.java.opts.* still apply.
if [ "${_FLINK_CONF_FLAT_DIR:-}" != "$FLINK_CONF_DIR" ] || [ -z "${FLINK_CONF_FLAT:-}" ]; then
  _flink_overrides=()
  [ -n "${FLINK_CONF_OVERRIDES:-}" ] && mapfile -t _flink_overrides <<<"$FLINK_CONF_OVERRIDES"
  FLINK_CONF_FLAT=$(flink_java_utils UPDATE_AND_GET_FLINK_CONFIGURATION -flatten "${_flink_overrides[@]}") || exit 1
  _FLINK_CONF_FLAT_DIR=$FLINK_CONF_DIR
  export FLINK_CONF_FLAT _FLINK_CONF_FLAT_DIR
fi

export MAX_LOG_FILE_NUMBER=${MAX_LOG_FILE_NUMBER:-$(flink_conf env.log.max 10)}
export ROOT_LOG_LEVEL=${ROOT_LOG_LEVEL:-$(flink_conf env.log.level INFO)}
STD_REDIRECT_TO_FILE=${STD_REDIRECT_TO_FILE:-$(flink_conf env.stdout-err.redirect-to-file false)}
FLINK_LOG_DIR=${FLINK_LOG_DIR:-$(flink_conf env.log.dir "$FLINK_HOME/log")}
FLINK_PID_DIR=${FLINK_PID_DIR:-$(flink_conf env.pid.dir /tmp)}
HADOOP_CONF_DIR=${HADOOP_CONF_DIR:-$(flink_conf env.hadoop.conf.dir)}
YARN_CONF_DIR=${YARN_CONF_DIR:-$(flink_conf env.yarn.conf.dir)}
INTERNAL_HADOOP_CLASSPATHS="${HADOOP_CLASSPATH:-}:${HADOOP_CONF_DIR}:${YARN_CONF_DIR}"

# JVM options: the administrator's defaults (env.java.default-opts.*) first, then the user's
# (env.java.opts.*). An environment variable of the same name replaces the configured value.
if [ -z "${FLINK_ENV_JAVA_OPTS:-}" ]; then
  _opts=$(flink_conf env.java.opts.all "$(flink_conf env.java.opts)")
  FLINK_ENV_JAVA_OPTS="-XX:+IgnoreUnrecognizedVMOptions $(flink_conf env.java.default-opts.all) $_opts"
  _java_spec=$("$JAVA_RUN" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java\.specification\.version = \([0-9.]*\).*/\1/p')
  if [ "${_java_spec##*.}" -gt 17 ] 2>/dev/null; then
    # Java 18+ refuses System.setSecurityManager() unless allowed; Flink uses it.
    FLINK_ENV_JAVA_OPTS="$FLINK_ENV_JAVA_OPTS -Djava.security.manager=allow"
  fi
fi
FLINK_ENV_JAVA_OPTS_JM=${FLINK_ENV_JAVA_OPTS_JM:-"$(flink_conf env.java.default-opts.jobmanager) $(flink_conf env.java.opts.jobmanager)"}
FLINK_ENV_JAVA_OPTS_TM=${FLINK_ENV_JAVA_OPTS_TM:-"$(flink_conf env.java.default-opts.taskmanager) $(flink_conf env.java.opts.taskmanager)"}
FLINK_ENV_JAVA_OPTS_HS=${FLINK_ENV_JAVA_OPTS_HS:-$(flink_conf env.java.opts.historyserver)}
FLINK_ENV_JAVA_OPTS_CLI=${FLINK_ENV_JAVA_OPTS_CLI:-$(flink_conf env.java.opts.client)}
export FLINK_ENV_JAVA_OPTS FLINK_ENV_JAVA_OPTS_JM FLINK_ENV_JAVA_OPTS_TM FLINK_ENV_JAVA_OPTS_HS FLINK_ENV_JAVA_OPTS_CLI
export FLINK_LOG_DIR FLINK_PID_DIR STD_REDIRECT_TO_FILE INTERNAL_HADOOP_CLASSPATHS
export JVM_ARGS=${JVM_ARGS:-}
