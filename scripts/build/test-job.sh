#!/usr/bin/env bash
# Builds the stateful test job (test/job, see its README.md): unit tests, then the shaded jar
# flink-helm-test-job.jar, into $FLINK_HELM_CACHE/test-job/<FLINK_VERSION>-<hash>/, the hash covering
# test/job's sources and the Maven pins. Re-uses a cached jar. Next to it, flink-helm-test-job-v2.jar:
# the same classes with version=2 in flink-helm-test-job.properties (the job name and the verifier's
# jobVersion gauge say which jar runs), for the upgrade tests. Prints the first jar's path on stdout.
LOG_TAG=test-job
source "$(dirname "$0")/../lib/common.sh"
source "$REPO_ROOT/scripts/lib/maven.sh"

jar=$(maven_module_jar test-job "$REPO_ROOT/test/job" flink-helm-test-job.jar)
v2=${jar%.jar}-v2.jar
if [ ! -s "$v2" ]; then
  command -v jar >/dev/null || die "the JDK's jar tool is missing (a JDK 17 is needed for the offline builds)"
  work=$(mktemp -d)
  sed 's/^version=.*/version=2/' "$REPO_ROOT/test/job/src/main/resources/flink-helm-test-job.properties" >"$work/flink-helm-test-job.properties"
  grep -qx 'version=2' "$work/flink-helm-test-job.properties" || die "no version= line in flink-helm-test-job.properties"
  cp "$jar" "$work/v2.jar"
  # --date keeps the jar reproducible (same bytes for the same sources).
  (cd "$work" && jar --update --file v2.jar --date=2025-01-01T00:00:00Z flink-helm-test-job.properties)
  mv "$work/v2.jar" "$v2.tmp" && mv "$v2.tmp" "$v2"
  rm -rf "$work"
  log "built $v2 (version 2 of the same classes)"
fi
echo "$jar"
