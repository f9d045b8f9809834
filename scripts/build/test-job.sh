#!/usr/bin/env bash
# Builds the stateful test job (test/job, see its README.md): unit tests, then the shaded jar
# flink-helm-test-job.jar, into $FLINK_HELM_CACHE/test-job/<FLINK_VERSION>-<hash>/, the hash covering
# test/job's sources and the Maven pins. Re-uses a cached jar. Prints the jar's path on stdout.
LOG_TAG=test-job
source "$(dirname "$0")/../lib/common.sh"
source "$REPO_ROOT/scripts/lib/maven.sh"

maven_module_jar test-job "$REPO_ROOT/test/job" flink-helm-test-job.jar
