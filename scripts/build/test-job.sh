#!/usr/bin/env bash
# Builds the stateful test job (test/job, see its README.md): unit tests, then the shaded jar
# flink-helm-test-job.jar, into $FLINK_HELM_CACHE/test-job/<FLINK_VERSION>-<hash>/, the hash covering
# test/job's sources and the Maven pins. Re-uses a cached jar. Prints the jar's path on stdout.
LOG_TAG=test-job
source "$(dirname "$0")/../lib/common.sh"
source "$REPO_ROOT/scripts/lib/maven.sh"

SRC=$REPO_ROOT/test/job
KEY=$(pins_hash "$SRC/pom.xml" "$SRC/src")
OUT=$FLINK_HELM_CACHE/test-job/$FLINK_VERSION-$KEY
JAR=$OUT/flink-helm-test-job.jar

if [ -s "$JAR" ]; then
  log "re-using $JAR (key $KEY)"
else
  log "building test/job (key $KEY): mvn test + package (Maven repository ${FLINK_HELM_M2_REPO:-~/.m2/repository})"
  build() {
    mvn_pinned "$SRC" -q clean package >&2
    # Surefire's reports tell how many tests ran (-q hides its summary).
    local tests; tests=$(grep -ho 'tests="[0-9]*"' "$SRC"/target/surefire-reports/*.xml 2>/dev/null | tr -dc '0-9\n' | awk '{s += $1} END {print s}')
    log "unit tests passed: ${tests:-0}"
  }
  timed "test job build" build
  mkdir -p "$OUT"
  cp "$SRC/target/flink-helm-test-job.jar" "$JAR.tmp" && mv "$JAR.tmp" "$JAR"
  log "built $JAR ($(du -h "$JAR" | cut -f1))"
fi
echo "$JAR"
