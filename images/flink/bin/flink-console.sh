#!/usr/bin/env bash
# flink-console.sh SERVICE [ARGS...]: runs a Flink service in the foreground as this process (exec),
# logging to the console and to $FLINK_LOG_DIR/flink-$USER-SERVICE-N-$HOSTNAME.log through
# conf/log4j-console.properties. Stop it with SIGTERM. JVM_ARGS and FLINK_ENV_JAVA_OPTS (set by
# jobmanager.sh, taskmanager.sh, ...) come first on the java command line.
USAGE="Usage: flink-console.sh (standalonesession|taskexecutor|standalonejob|historyserver|kubernetes-session|kubernetes-application|kubernetes-taskmanager) [args]"

SERVICE=${1:-}
ARGS=("${@:2}")

case $SERVICE in
  standalonesession)      CLASS_TO_RUN=org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint ;;
  taskexecutor)           CLASS_TO_RUN=org.apache.flink.runtime.taskexecutor.TaskManagerRunner ;;
  standalonejob)          CLASS_TO_RUN=org.apache.flink.container.entrypoint.StandaloneApplicationClusterEntryPoint ;;
  historyserver)          CLASS_TO_RUN=org.apache.flink.runtime.webmonitor.history.HistoryServer ;;
  kubernetes-session)     CLASS_TO_RUN=org.apache.flink.kubernetes.entrypoint.KubernetesSessionClusterEntrypoint ;;
  kubernetes-application) CLASS_TO_RUN=org.apache.flink.kubernetes.entrypoint.KubernetesApplicationClusterEntrypoint ;;
  kubernetes-taskmanager) CLASS_TO_RUN=org.apache.flink.kubernetes.taskmanager.KubernetesTaskExecutorRunner ;;
  *) echo "Unknown service '$SERVICE'. $USAGE" >&2; exit 1 ;;
esac

# shellcheck source=config.sh
. "$(dirname "$(readlink -f "$0")")/config.sh"

CLASSPATH_ALL="$(flink_classpath):$INTERNAL_HADOOP_CLASSPATHS" || exit 1
FLINK_IDENT_STRING=${FLINK_IDENT_STRING:-${USER:-}}

# Instance number N: how many processes of this service already run here (pid file in
# FLINK_PID_DIR); 0 in a container. A pid directory that cannot be written is not an error.
pid_file=$FLINK_PID_DIR/flink-$FLINK_IDENT_STRING-$SERVICE.pid
instance=0
if mkdir -p "$FLINK_PID_DIR" 2>/dev/null; then
  if [ -f "$pid_file" ]; then
    live=()
    while read -r p; do kill -0 "$p" 2>/dev/null && live+=("$p"); done <"$pid_file"
    instance=${#live[@]}
    [ "$instance" -eq 0 ] && rm -f "$pid_file"
  fi
  echo $$ >>"$pid_file" 2>/dev/null || true
fi

FLINK_LOG_PREFIX=$FLINK_LOG_DIR/flink-$FLINK_IDENT_STRING-$SERVICE-$instance-$HOSTNAME
log=$FLINK_LOG_PREFIX.log
if ! mkdir -p "$FLINK_LOG_DIR" 2>/dev/null || [ ! -w "$FLINK_LOG_DIR" ]; then
  echo "WARNING: log directory $FLINK_LOG_DIR is not writable by uid $(id -u): logging to the console only (mount a writable volume or tmpfs there, or set env.log.dir)." >&2
fi
log_setting=("-Dlog.file=$log"
  "-Dlog4j.configuration=file:$FLINK_CONF_DIR/log4j-console.properties"
  "-Dlog4j.configurationFile=file:$FLINK_CONF_DIR/log4j-console.properties"
  "-Dlogback.configurationFile=file:$FLINK_CONF_DIR/logback-console.xml")

echo "Starting $SERVICE as a console application on host $HOSTNAME."

if [ "$STD_REDIRECT_TO_FILE" = true ]; then
  echo "Redirecting stdout and stderr to $FLINK_LOG_PREFIX.out and $FLINK_LOG_PREFIX.err (env.stdout-err.redirect-to-file)."
  exec >"$FLINK_LOG_PREFIX.out" 2>"$FLINK_LOG_PREFIX.err"
fi

# Options may refer to variables of this script, e.g. -Xlog:gc:file=${FLINK_LOG_PREFIX}.gc.log.
FLINK_ENV_JAVA_OPTS=$(eval echo "$FLINK_ENV_JAVA_OPTS")

# Internal to the scripts: keep them out of the Flink process's environment.
unset FLINK_CONF_FLAT _FLINK_CONF_FLAT_DIR

# shellcheck disable=SC2086 # JVM_ARGS and FLINK_ENV_JAVA_OPTS are lists of options
exec "$JAVA_RUN" $JVM_ARGS $FLINK_ENV_JAVA_OPTS "${log_setting[@]}" -classpath "$CLASSPATH_ALL" "$CLASS_TO_RUN" "${ARGS[@]}"
