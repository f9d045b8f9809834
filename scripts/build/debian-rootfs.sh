#!/usr/bin/env bash
# Usage: debian-rootfs.sh [--tarball-only] NAME PKG1,PKG2,...
#
# --tarball-only: build (or find) the cached rootfs tarball and print its path, without importing it
# (for images that are assembled further from the tree, such as the kind node).
#
# A Debian base image made without any container registry: debootstrap --variant=minbase of
# $DEBIAN_SUITE with the given extra packages, tarred into the cache and `docker import`ed as
# flink-helm/NAME:KEY. KEY = suite + a hash of the sorted package list and of this recipe, so every
# (suite, packages) pair is built once per machine. Downloaded .debs are kept in a shared cache and
# re-used by later builds. Prints the image reference on stdout (everything else goes to stderr).
#
# Environment: DEBIAN_MIRROR (default http://deb.debian.org/debian), ROOTFS_FORCE=1 to rebuild.
LOG_TAG=rootfs
source "$(dirname "$0")/../lib/common.sh"

TARBALL_ONLY=0
[ "${1:-}" = --tarball-only ] && { TARBALL_ONLY=1; shift; }
[ $# -eq 2 ] || die "usage: $0 NAME PKG1,PKG2,... (see the header of this script)"
NAME=$1
# Normalise the package list (sorted, unique, no blanks) so the key does not depend on its order.
PACKAGES=$(tr ', ' '\n\n' <<<"$2" | sed '/^$/d' | sort -u | paste -sd, -)
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
# Bump when the steps below change in a way that changes the resulting tree.
RECIPE=1

HASH=$(printf 'recipe=%s\nsuite=%s\npackages=%s\n' "$RECIPE" "$DEBIAN_SUITE" "$PACKAGES" | sha256sum | cut -c1-12)
KEY=$DEBIAN_SUITE-$HASH
IMAGE=flink-helm/$NAME:$KEY
ROOTFS_CACHE=$FLINK_HELM_CACHE/rootfs
DEB_CACHE=$FLINK_HELM_CACHE/debs/$DEBIAN_SUITE
TARBALL=$ROOTFS_CACHE/$NAME-$KEY.tar
mkdir -p "$ROOTFS_CACHE" "$DEB_CACHE"

import_tarball() {
  log "importing $TARBALL ($(du -h "$TARBALL" | cut -f1)) as $IMAGE"
  docker import \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8' \
    -c 'CMD ["/bin/bash"]' \
    -m "debootstrap --variant=minbase $DEBIAN_SUITE + $PACKAGES" \
    "$TARBALL" "$IMAGE" >/dev/null
}

build_tarball() {
  command -v debootstrap >/dev/null || [ -x /usr/sbin/debootstrap ] || die "debootstrap is missing: run scripts/setup/docker.sh (or apt-get install debootstrap)"
  local dir; dir=$(mktemp -d "$ROOTFS_CACHE/.build-$NAME-XXXXXX")
  # shellcheck disable=SC2064
  trap "as_root rm -rf '$dir'" EXIT
  log "debootstrap --variant=minbase $DEBIAN_SUITE from $MIRROR into $dir"
  log "  extra packages: $PACKAGES"
  log "  .deb cache: $DEB_CACHE ($(find "$DEB_CACHE" -name '*.deb' | wc -l) packages cached)"
  local out=$ROOTFS_CACHE/$NAME-$KEY.debootstrap.log
  if ! as_root debootstrap --variant=minbase --cache-dir="$DEB_CACHE" --include="$PACKAGES" \
      "$DEBIAN_SUITE" "$dir" "$MIRROR" >"$out" 2>&1; then
    tail -n 30 "$out" >&2
    tail -n 30 "$dir/debootstrap/debootstrap.log" >&2 2>/dev/null || true
    die "debootstrap failed; full log in $out"
  fi
  log "trimming apt lists, .debs, docs and man pages from the tree"
  as_root sh -c "cd '$dir' && rm -rf var/lib/apt/lists/* var/cache/apt/archives/*.deb var/cache/apt/*.bin \
    usr/share/doc/* usr/share/man/* usr/share/info/* var/log/*.log tmp/* debootstrap"
  # Containers get their resolv.conf and hostname from the runtime.
  as_root sh -c "rm -f '$dir/etc/hostname'; : > '$dir/etc/resolv.conf'"
  log "writing $TARBALL"
  as_root tar --numeric-owner -C "$dir" -cf "$TARBALL.tmp" .
  as_root chown "$(id -u):$(id -g)" "$TARBALL.tmp"
  mv "$TARBALL.tmp" "$TARBALL"
}

if [ "$TARBALL_ONLY" = 1 ]; then
  if [ "${ROOTFS_FORCE:-0}" != 1 ] && [ -s "$TARBALL" ]; then log "cached rootfs tarball: $TARBALL"
  else timed "debootstrap of $NAME" build_tarball
  fi
  echo "$TARBALL"; exit 0
fi
if [ "${ROOTFS_FORCE:-0}" != 1 ] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
  log "$IMAGE is already present: re-using it"
elif [ "${ROOTFS_FORCE:-0}" != 1 ] && [ -s "$TARBALL" ]; then
  log "cached rootfs tarball found: $TARBALL"
  timed "docker import" import_tarball
else
  timed "debootstrap of $NAME" build_tarball
  timed "docker import" import_tarball
fi
log "$IMAGE: $(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%.0f MB", $1/1e6}')"
echo "$IMAGE"
