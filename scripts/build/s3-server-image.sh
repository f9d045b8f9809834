#!/usr/bin/env bash
# Builds the S3-compatible server image of the S3 storage e2e scenario: gofakes3 (GOFAKES3_VERSION,
# built from the Go module proxy by go-binaries.sh, static) on an empty base (FROM scratch, so no
# registry is asked), uid 65534. Re-uses the image when its tag exists. Prints the tag on stdout.
LOG_TAG=s3-server
source "$(dirname "$0")/../lib/common.sh"

IMAGE=flink-helm/gofakes3:$GOFAKES3_VERSION
[ "${1:-}" = --cached-only ] && { docker image inspect "$IMAGE" >/dev/null 2>&1 && echo "$IMAGE" && exit 0; exit 3; }
if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  log "$IMAGE is present: re-using it"
else
  bash "$REPO_ROOT/scripts/build/go-binaries.sh" gofakes3 >&2
  ctx=$(mktemp -d)
  trap 'rm -rf "$ctx"' EXIT
  cp "$FLINK_HELM_CACHE/bin/gofakes3-$GOFAKES3_VERSION/gofakes3" "$ctx/"
  printf '%s\n' 'FROM scratch' 'COPY gofakes3 /gofakes3' 'USER 65534:65534' 'ENTRYPOINT ["/gofakes3"]' >"$ctx/Dockerfile"
  log "docker build $IMAGE (FROM scratch)"
  timed "docker build s3 server" docker build -q -t "$IMAGE" "$ctx" >&2
fi
echo "$IMAGE"
