#!/usr/bin/env bash
# Builds the log trace reporter plugin (test/trace-reporter, see its README.md): unit tests, then
# flink-helm-trace-log.jar, into $FLINK_HELM_CACHE/trace-reporter/<FLINK_VERSION>-<hash>/, the hash
# covering test/trace-reporter's sources and the Maven pins. Re-uses a cached jar. Prints the jar's
# path on stdout.
LOG_TAG=trace-reporter
source "$(dirname "$0")/../lib/common.sh"
source "$REPO_ROOT/scripts/lib/maven.sh"

SRC=$REPO_ROOT/test/trace-reporter
KEY=$(pins_hash "$SRC/pom.xml" "$SRC/src")
OUT=$FLINK_HELM_CACHE/trace-reporter/$FLINK_VERSION-$KEY
JAR=$OUT/flink-helm-trace-log.jar

if [ -s "$JAR" ]; then
  log "re-using $JAR (key $KEY)"
else
  log "building test/trace-reporter (key $KEY): mvn test + package (Maven repository ${FLINK_HELM_M2_REPO:-~/.m2/repository})"
  timed "trace reporter build" mvn_pinned "$SRC" -q clean package >&2
  mkdir -p "$OUT"
  cp "$SRC/target/flink-helm-trace-log.jar" "$JAR.tmp" && mv "$JAR.tmp" "$JAR"
  log "built $JAR ($(du -h "$JAR" | cut -f1))"
fi
echo "$JAR"
