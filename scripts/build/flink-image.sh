#!/usr/bin/env bash
# Builds the Flink image and the test-job image.
#
#   scripts/build/flink-image.sh               offline (default): no registry needed
#   scripts/build/flink-image.sh --upstream    (or FLINK_IMAGE_SOURCE=upstream) pull the official image
#
# Offline:
#   1. base image flink-helm/flink-base:<suite-hash> (scripts/build/debian-rootfs.sh: Debian JRE etc.);
#   2. jars from Maven Central (images/flink/pom.xml) into $FLINK_HELM_CACHE/flink-jars/<key>/;
#   3. docker build (legacy builder, so no registry is ever asked) of images/flink/Dockerfile
#      -> flink-helm/flink:${FLINK_VERSION}-scala_${FLINK_SCALA_VERSION}.
# Upstream: docker pull apache/flink:${FLINK_VERSION}-scala_${FLINK_SCALA_VERSION}, tagged with the
# same flink-helm/flink name so the rest of the project does not care where it came from.
# Both: the test job jar (scripts/build/test-job.sh) and the log trace reporter plugin
#   (scripts/build/trace-reporter.sh, used by bench/) on top, images/flink-testjob/Dockerfile
#   -> flink-helm/flink-testjob:${FLINK_VERSION}-<hash> (and <hash>-v2, version 2 of the job jar) and the stable alias
#      flink-helm/flink-testjob:${FLINK_VERSION}; the exact tag is written to
#      $FLINK_HELM_CACHE/images/flink-testjob.tag.
# Prints FLINK_IMAGE=, TESTJOB_IMAGE=, TESTJOB_IMAGE_V2= and TESTJOB_JAR= lines on stdout; progress goes to stderr.
# Every step is keyed by its inputs (versions.env pins, the files it uses) and skipped when done.
LOG_TAG=flink-image
source "$(dirname "$0")/../lib/common.sh"
source "$REPO_ROOT/scripts/lib/maven.sh"

SOURCE=${FLINK_IMAGE_SOURCE:-offline}
[ "${1:-}" = --upstream ] && SOURCE=upstream
[ "$SOURCE" = offline ] || [ "$SOURCE" = upstream ] || die "FLINK_IMAGE_SOURCE must be offline or upstream, not '$SOURCE'"

FLINK_TAG=${FLINK_VERSION}-scala_${FLINK_SCALA_VERSION}
FLINK_IMAGE=flink-helm/flink:$FLINK_TAG
UPSTREAM_IMAGE=apache/flink:$FLINK_TAG
TESTJOB_REPO=flink-helm/flink-testjob
BASE_PACKAGES="openjdk-${JAVA_VERSION}-jre-headless,bash,curl,wget,procps,libjemalloc2,libsnappy1v5,gettext-base,ca-certificates"
export DOCKER_BUILDKIT=0
START=$SECONDS

image_label() { docker image inspect -f "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null || true; }
image_size() { docker image inspect -f '{{.Size}}' "$1" | awk '{printf "%.0f MB", $1/1e6}'; }

# The jars of lib/, opt/, plugins/, cached by the Maven pins and the pom. Prints the directory.
flink_jars() {
  local key dir
  key=$(pins_hash "$REPO_ROOT/images/flink/pom.xml")
  dir=$FLINK_HELM_CACHE/flink-jars/$FLINK_VERSION-$key
  if [ -f "$dir/.complete" ]; then
    log "jars: re-using $dir ($(du -sh "$dir" | cut -f1))"
  else
    log "jars: resolving from Maven Central (images/flink/pom.xml, Maven repository ${FLINK_HELM_M2_REPO:-~/.m2/repository}) into $dir"
    rm -rf "$dir.tmp"
    timed "maven jars" mvn_pinned "$REPO_ROOT/images/flink" -q -Dout.dir="$dir.tmp" \
      dependency:copy-dependencies@lib dependency:copy@opt dependency:copy@plugins >&2
    touch "$dir.tmp/.complete"
    rm -rf "$dir" && mv "$dir.tmp" "$dir"
    log "jars: $(find "$dir/lib" -mindepth 1 -maxdepth 1 | wc -l) in lib/, $(find "$dir/opt" -mindepth 1 -maxdepth 1 | wc -l) in opt/ ($(du -sh "$dir" | cut -f1))"
  fi
  echo "$dir"
}

build_offline() {
  local base jars examples key ctx
  base=$("$REPO_ROOT/scripts/build/debian-rootfs.sh" flink-base "$BASE_PACKAGES")
  jars=$(flink_jars)
  examples=$("$REPO_ROOT/scripts/build/flink-examples.sh")
  # Keyed by what goes in (base image, jar and example cache keys, our files), not by where the
  # cache lives.
  key=$( { echo "$base"; basename "$jars"; basename "$examples"; pins_hash "$REPO_ROOT/images/flink"; } | sha256sum | cut -c1-12)
  if [ "$(image_label "$FLINK_IMAGE" dev.flinkhelm.key)" = "$key" ]; then
    log "$FLINK_IMAGE (key $key) is up to date: re-using it"
    return
  fi
  ctx=$(mktemp -d "$FLINK_HELM_CACHE/.flink-image-ctx-XXXXXX")
  # shellcheck disable=SC2064
  trap "rm -rf '$ctx'" RETURN
  cp -r "$REPO_ROOT/images/flink/Dockerfile" "$REPO_ROOT/images/flink/docker-entrypoint.sh" \
        "$REPO_ROOT/images/flink/bin" "$REPO_ROOT/images/flink/conf" "$ctx/"
  mkdir -p "$ctx/jars/examples"
  # Hard links: the context costs no copy of the ~330 MB of jars.
  cp -al "$jars/lib" "$jars/opt" "$jars/plugins" "$ctx/jars/"
  cp -al "$examples/streaming" "$ctx/jars/examples/"
  log "docker build $FLINK_IMAGE FROM $base (key $key)"
  timed "docker build flink" docker build -q \
    --build-arg "BASE_IMAGE=$base" --build-arg "JAVA_VERSION=$JAVA_VERSION" \
    --label "dev.flinkhelm.key=$key" --label "org.apache.flink.version=$FLINK_VERSION" \
    -t "$FLINK_IMAGE" -t "$FLINK_IMAGE-java$JAVA_VERSION" "$ctx" >/dev/null
}

pull_upstream() {
  if docker image inspect "$UPSTREAM_IMAGE" >/dev/null 2>&1; then
    log "$UPSTREAM_IMAGE is present: re-using it"
  else
    local t0=$SECONDS
    log "docker pull $UPSTREAM_IMAGE"
    docker pull "$UPSTREAM_IMAGE" >&2 || die "cannot pull $UPSTREAM_IMAGE (no registry reachable? build offline: drop --upstream / FLINK_IMAGE_SOURCE)"
    log "docker pull took $((SECONDS - t0)) s"
  fi
  docker tag "$UPSTREAM_IMAGE" "$FLINK_IMAGE"
}

build_testjob_image() {
  local jar reporter base_id key tag
  jar=$("$REPO_ROOT/scripts/build/test-job.sh")
  reporter=$("$REPO_ROOT/scripts/build/trace-reporter.sh")
  TESTJOB_JAR=$jar
  base_id=$(docker image inspect -f '{{.Id}}' "$FLINK_IMAGE")
  key=$( { sha256sum <"$jar"; sha256sum <"${jar%.jar}-v2.jar"; sha256sum <"$reporter"; echo "$base_id"; sha256sum <"$REPO_ROOT/images/flink-testjob/Dockerfile"; } | sha256sum | cut -c1-12)
  tag=$TESTJOB_REPO:$FLINK_VERSION-$key
  mkdir -p "$FLINK_HELM_CACHE/images"
  if docker image inspect "$tag" >/dev/null 2>&1 && docker image inspect "$tag-v2" >/dev/null 2>&1; then
    log "$tag and $tag-v2 are up to date: re-using them"
  else
    local ctx; ctx=$(mktemp -d "$FLINK_HELM_CACHE/.testjob-ctx-XXXXXX")
    cp "$REPO_ROOT/images/flink-testjob/Dockerfile" "$ctx/"
    cp "$jar" "$ctx/flink-helm-test-job.jar"
    cp "${jar%.jar}-v2.jar" "$ctx/flink-helm-test-job-v2.jar"
    cp "$reporter" "$ctx/flink-helm-trace-log.jar"
    log "docker build $tag and $tag-v2 (job jar version 2) FROM $FLINK_IMAGE"
    timed "docker build testjob" docker build -q --build-arg "BASE_IMAGE=$FLINK_IMAGE" \
      --label "dev.flinkhelm.key=$key" -t "$tag" "$ctx" >/dev/null
    timed "docker build testjob v2" docker build -q --build-arg "BASE_IMAGE=$FLINK_IMAGE" \
      --build-arg JOB_JAR=flink-helm-test-job-v2.jar --label "dev.flinkhelm.key=$key" -t "$tag-v2" "$ctx" >/dev/null
    rm -rf "$ctx"
  fi
  docker tag "$tag" "$TESTJOB_REPO:$FLINK_VERSION"
  echo "$tag" >"$FLINK_HELM_CACHE/images/flink-testjob.tag"
  TESTJOB_IMAGE=$tag
  log "test images: $tag (alias $TESTJOB_REPO:$FLINK_VERSION, $(image_size "$tag")) and $tag-v2; tag recorded in $FLINK_HELM_CACHE/images/flink-testjob.tag"
}

log "source: $SOURCE"
if [ "$SOURCE" = upstream ]; then pull_upstream; else build_offline; fi
log "Flink image: $FLINK_IMAGE ($(image_size "$FLINK_IMAGE"))"
build_testjob_image
log "done in $((SECONDS - START)) s"
# Machine-readable result on stdout (scripts/lib/images.ts reads it).
echo "FLINK_IMAGE=$FLINK_IMAGE"
echo "TESTJOB_IMAGE=$TESTJOB_IMAGE"
echo "TESTJOB_IMAGE_V2=$TESTJOB_IMAGE-v2"
echo "TESTJOB_JAR=$TESTJOB_JAR"
