#!/usr/bin/env bash
# Builds the log trace reporter plugin (test/trace-reporter, see its README.md): unit tests, then
# flink-helm-trace-log.jar, into $FLINK_HELM_CACHE/trace-reporter/<FLINK_VERSION>-<hash>/, the hash
# covering test/trace-reporter's sources and the Maven pins. Re-uses a cached jar. Prints the jar's
# path on stdout.
LOG_TAG=trace-reporter
source "$(dirname "$0")/../lib/common.sh"
source "$REPO_ROOT/scripts/lib/maven.sh"

maven_module_jar trace-reporter "$REPO_ROOT/test/trace-reporter" flink-helm-trace-log.jar
