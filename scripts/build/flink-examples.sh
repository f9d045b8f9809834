#!/usr/bin/env bash
# Builds the example jobs of the offline Flink image (images/flink/examples: WordCount.jar,
# TopSpeedWindowing.jar, StateMachineExample.jar; the distribution's are not on Maven Central for
# Flink 2.x) into $FLINK_HELM_CACHE/flink-examples/<FLINK_VERSION>-<hash>/streaming/. Re-uses a
# cached build. Prints the directory that holds streaming/ on stdout.
LOG_TAG=flink-examples
source "$(dirname "$0")/../lib/common.sh"
source "$REPO_ROOT/scripts/lib/maven.sh"

SRC=$REPO_ROOT/images/flink/examples
KEY=$(pins_hash "$SRC/pom.xml" "$SRC/src")
OUT=$FLINK_HELM_CACHE/flink-examples/$FLINK_VERSION-$KEY
NAMES=(WordCount TopSpeedWindowing StateMachineExample)

if [ -f "$OUT/.complete" ]; then
  log "re-using $OUT/streaming (key $KEY)"
else
  log "building images/flink/examples (key $KEY)"
  timed "examples build" mvn_pinned "$SRC" -q clean package >&2
  rm -rf "$OUT" && mkdir -p "$OUT/streaming"
  for n in "${NAMES[@]}"; do cp "$SRC/target/flink-helm-examples-1-$n.jar" "$OUT/streaming/$n.jar"; done
  touch "$OUT/.complete"
  log "built $(cd "$OUT/streaming" && echo *)"
fi
echo "$OUT"
