{{/*
The Flink configuration, built once as a flat map of dotted keys:
  1. defaults from the Flink docs and the distribution's config.yaml,
  2. keys the chosen mode, HA (_ha.tpl), the restart strategy (_restart-strategy.tpl), durable storage
     (_storage.tpl), local recovery and metrics need,
  3. the user's flinkConfiguration (flattened; `null` removes a key).
Emitted flat and sorted (toYaml sorts map keys), so a flat/nested clash or a duplicate key is impossible
and the checksum only changes with the content.
*/}}

{{/* Flattens .map into .out with dotted keys; null leaves go to .removed. Fails on a key given twice. */}}
{{- define "flink.config.flatten" -}}
{{- $out := .out -}}
{{- $removed := .removed -}}
{{- $prefix := .prefix -}}
{{- range $k, $v := .map -}}
{{- $key := $k -}}
{{- if $prefix -}}{{- $key = printf "%s.%s" $prefix $k -}}{{- end -}}
{{- if kindIs "map" $v -}}
{{- include "flink.config.flatten" (dict "map" $v "prefix" $key "out" $out "removed" $removed) -}}
{{- else if hasKey $out $key -}}
{{- fail (printf "flinkConfiguration: key %q is given twice (once flat, once nested); keep one" $key) -}}
{{- else if kindIs "invalid" $v -}}
{{- $_ := set $removed $key true -}}
{{- else -}}
{{- $_ := set $out $key $v -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The user's flinkConfiguration, flattened, as JSON: {"set": {...}, "removed": {...}}. */}}
{{- define "flink.config.user" -}}
{{- $out := dict -}}
{{- $removed := dict -}}
{{- include "flink.config.flatten" (dict "map" (.Values.flinkConfiguration | default dict) "prefix" "" "out" $out "removed" $removed) -}}
{{- toJson (dict "set" $out "removed" $removed) -}}
{{- end -}}

{{/* JVM options from the Flink distribution's config.yaml (required on Java 17+). */}}
{{- define "flink.config.defaultJavaOpts" -}}
--add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED --add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED --add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED --add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED --add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED
{{- end -}}

{{/* Built-in plugins to enable, joined with ';' (empty when none). */}}
{{- define "flink.builtInPlugins" -}}
{{- $p := list -}}
{{- range .Values.builtInPlugins -}}{{- $p = append $p . -}}{{- end -}}
{{- if .Values.storage.s3.enabled -}}{{- $p = append $p (include "flink.storage.s3PluginJar" .) -}}{{- end -}}
{{- $p | uniq | join ";" -}}
{{- end -}}

{{/* The merged Flink configuration: a flat map of dotted keys, as JSON (`include "flink.config" . | fromJson`). */}}
{{- define "flink.config" -}}
{{- $user := include "flink.config.user" . | fromJson -}}
{{- $set := $user.set | default dict -}}
{{- $v := .Values -}}
{{- $c := dict -}}
{{- $_ := set $c "jobmanager.rpc.address" (include "flink.jobmanager.fullname" .) -}}
{{- $_ := set $c "jobmanager.rpc.port" (int $v.jobManager.ports.rpc) -}}
{{- $_ := set $c "jobmanager.bind-host" "0.0.0.0" -}}
{{- $_ := set $c "blob.server.port" (int $v.jobManager.ports.blob) -}}
{{- $_ := set $c "rest.port" (int $v.jobManager.ports.webui) -}}
{{- $_ := set $c "rest.address" (include "flink.rest.fullname" .) -}}
{{- $_ := set $c "rest.bind-address" "0.0.0.0" -}}
{{- $_ := set $c "taskmanager.rpc.port" (int $v.taskManager.ports.rpc) -}}
{{- $_ := set $c "taskmanager.bind-host" "0.0.0.0" -}}
{{- $_ := set $c "taskmanager.numberOfTaskSlots" (int $v.taskManager.numberOfTaskSlots) -}}
{{- $_ := set $c "parallelism.default" 2 -}}
{{- $_ := set $c "jobmanager.execution.failover-strategy" "region" -}}
{{- $_ := set $c "io.tmp.dirs" "/tmp" -}}
{{- $_ := set $c "env.java.default-opts.all" (include "flink.config.defaultJavaOpts" .) -}}
{{- $_ := set $c "jobmanager.memory.process.size" (include "flink.processMemory" (dict "root" . "component" "jobManager" "key" "jobmanager.memory.process.size" "default" "1600m" "user" $set)) -}}
{{- $_ := set $c "taskmanager.memory.process.size" (include "flink.processMemory" (dict "root" . "component" "taskManager" "key" "taskmanager.memory.process.size" "default" "1728m" "user" $set)) -}}
{{- if eq $v.mode "application" -}}
{{- $_ := set $c "execution.shutdown-on-application-finish" false -}}
{{- /* In config.yaml rather than as arguments, so a lifecycle step's FLINK_PROPERTIES can replace them. */ -}}
{{- with $v.application.jobId }}{{ $_ := set $c "$internal.pipeline.job-id" . }}{{ end -}}
{{- with $v.application.fromSavepoint }}{{ $_ := set $c "execution.state-recovery.path" . }}{{ end -}}
{{- if $v.application.allowNonRestoredState }}{{ $_ := set $c "execution.state-recovery.ignore-unclaimed-state" true }}{{ end -}}
{{- end -}}
{{- include "flink.storage.setConfig" (dict "root" . "config" $c) -}}
{{- include "flink.ha.setConfig" (dict "root" . "config" $c) -}}
{{- include "flink.restartStrategy.setConfig" (dict "root" . "config" $c) -}}
{{- if $v.taskManager.persistence.enabled -}}
{{- $_ := set $c "process.taskmanager.working-dir" $v.taskManager.persistence.mountPath -}}
{{- end -}}
{{- if $v.taskManager.localRecovery.enabled -}}
{{- $_ := set $c "execution.state-recovery.from-local" true -}}
{{- $_ := set $c "execution.checkpointing.local-backup.enabled" true -}}
{{- end -}}
{{- if $v.metrics.enabled -}}
{{- $_ := set $c "metrics.reporter.prom.factory.class" "org.apache.flink.metrics.prometheus.PrometheusReporterFactory" -}}
{{- $_ := set $c "metrics.reporter.prom.port" (int $v.metrics.port) -}}
{{- end -}}
{{- range $k, $val := $set -}}
{{- $_ := set $c $k $val -}}
{{- end -}}
{{- range $k, $_ := ($user.removed | default dict) -}}
{{- $_ := unset $c $k -}}
{{- end -}}
{{- toJson $c -}}
{{- end -}}

{{/*
config.yaml itself: one "key: value" line per key, sorted. Strings that are not plainly safe are
emitted JSON-quoted (a JSON string is a valid YAML 1.2 double-quoted scalar), and no line is folded.
*/}}
{{- define "flink.file.configYaml" -}}
# Rendered by the flink Helm chart: flat keys, sorted. Set keys with the `flinkConfiguration` value.
{{- range $k, $val := include "flink.config" . | fromJson }}
{{- $key := $k }}
{{- if not (regexMatch "^[A-Za-z0-9][A-Za-z0-9._-]*$" $k) }}{{ $key = toJson $k }}{{ end }}
{{- if kindIs "string" $val }}
{{- $plain := and (regexMatch "^[A-Za-z0-9/][A-Za-z0-9._/@%+=,-]*( [A-Za-z0-9._/@%+=,-]+)*$" $val) (not (regexMatch "^(?i:true|false|yes|no|on|off|y|n|null|~)$" $val)) (not (regexMatch "^[-+]?[0-9._]+([eE][-+]?[0-9]+)?$" $val)) }}
{{ $key }}: {{ ternary $val (toJson $val) $plain }}
{{- else }}
{{ $key }}: {{ toJson $val }}
{{- end }}
{{- end }}
{{- end -}}

{{/* log4j-console.properties (Flink's console-mode logging: console and rolling-file appenders). */}}
{{- define "flink.file.log4jConsole" -}}
{{- $l := .Values.logging -}}
# Rendered by the flink Helm chart. Root level: logging.rootLevel.
monitorInterval = 30
rootLogger.level = {{ $l.rootLevel }}
{{- if $l.console }}
rootLogger.appenderRef.console.ref = ConsoleAppender
{{- end }}
{{- if $l.rollingFile.enabled }}
rootLogger.appenderRef.rolling.ref = RollingFileAppender
{{- end }}

# Quieter third-party loggers, as in Flink's distribution.
logger.pekko.name = org.apache.pekko
logger.pekko.level = INFO
logger.kafka.name = org.apache.kafka
logger.kafka.level = INFO
logger.hadoop.name = org.apache.hadoop
logger.hadoop.level = WARN
logger.zookeeper.name = org.apache.zookeeper
logger.zookeeper.level = INFO
logger.shaded_zookeeper.name = org.apache.flink.shaded.zookeeper3
logger.shaded_zookeeper.level = INFO
logger.netty.name = org.jboss.netty.channel.DefaultChannelPipeline
logger.netty.level = OFF
{{- $i := 0 }}
{{- range $name, $level := $l.loggers }}
{{- $i = add1 $i }}
logger.chart{{ $i }}.name = {{ $name }}
logger.chart{{ $i }}.level = {{ $level }}
{{- end }}
{{- if $l.console }}

appender.console.name = ConsoleAppender
appender.console.type = CONSOLE
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
appender.console.filter.threshold.type = ThresholdFilter
appender.console.filter.threshold.level = ${sys:console.log.level:-ALL}
{{- end }}
{{- if $l.rollingFile.enabled }}

appender.rolling.name = RollingFileAppender
appender.rolling.type = RollingFile
appender.rolling.append = true
appender.rolling.fileName = ${sys:log.file}
appender.rolling.filePattern = ${sys:log.file}.%i
appender.rolling.layout.type = PatternLayout
appender.rolling.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
appender.rolling.policies.type = Policies
appender.rolling.policies.size.type = SizeBasedTriggeringPolicy
appender.rolling.policies.size.size = {{ $l.rollingFile.maxFileSize }}
appender.rolling.policies.startup.type = OnStartupTriggeringPolicy
appender.rolling.strategy.type = DefaultRolloverStrategy
appender.rolling.strategy.max = {{ int $l.rollingFile.maxBackups }}
{{- end }}
{{- with $l.extraConfig }}

{{ . }}
{{- end }}
{{- end -}}

{{/* Hash of the configuration content only (not labels or chart version): rolls pods when, and only when, it changes. */}}
{{- define "flink.config.checksum" -}}
{{- printf "%s\n---\n%s" (include "flink.file.configYaml" .) (include "flink.file.log4jConsole" .) | sha256sum -}}
{{- end -}}
