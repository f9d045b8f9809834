#!/usr/bin/env bash
# Makes a working Docker engine available, idempotently:
#  1. installs Debian's docker.io when dockerd is absent, and the other host packages the builds and
#     tests use when missing (debootstrap, busybox-static, unzip, gnupg, jq, shellcheck);
#  2. starts dockerd in the background when `docker info` does not answer (no systemd here);
#  3. checks that a privileged container starts (kind nodes are privileged); where it fails because the
#     machine's capability bounding set lacks CAP_SYS_RESOURCE, installs the runc wrapper
#     scripts/setup/runc-drop-sys-resource as dockerd's default runtime and reloads dockerd.
# Machines with a running Docker that already runs privileged containers are left untouched.
LOG_TAG=docker
source "$(dirname "$0")/../lib/common.sh"

DOCKERD_LOG=${DOCKERD_LOG:-$FLINK_HELM_CACHE/dockerd.log}
PROBE_IMAGE=flink-helm/probe:busybox

install_packages() {
  local missing=()
  command -v dockerd >/dev/null || [ -x /usr/sbin/dockerd ] || missing+=(docker.io)
  command -v debootstrap >/dev/null || [ -x /usr/sbin/debootstrap ] || missing+=(debootstrap)
  [ -x /bin/busybox ] || missing+=(busybox-static)
  command -v unzip >/dev/null || missing+=(unzip)
  command -v gpg >/dev/null || missing+=(gnupg)
  command -v jq >/dev/null || missing+=(jq)
  command -v shellcheck >/dev/null || missing+=(shellcheck)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    log "docker.io, debootstrap, busybox-static, unzip, gnupg, jq and shellcheck are installed"
  fi
}

start_dockerd() {
  if docker info >/dev/null 2>&1; then log "dockerd is running"; return; fi
  log "starting dockerd (log: $DOCKERD_LOG)"
  as_root sh -c "nohup setsid /usr/sbin/dockerd >>'$DOCKERD_LOG' 2>&1 </dev/null &"
  local i
  for i in $(seq 1 60); do
    if docker info >/dev/null 2>&1; then log "dockerd answered after ${i}s"; return; fi
    sleep 1
  done
  tail -n 30 "$DOCKERD_LOG" >&2 || true
  die "dockerd did not answer within 60 s; see $DOCKERD_LOG"
}

# A one-file image (busybox) made locally, so the privileged probe never needs a registry.
ensure_probe_image() {
  docker image inspect "$PROBE_IMAGE" >/dev/null 2>&1 && return
  log "creating probe image $PROBE_IMAGE from /bin/busybox"
  local d; d=$(mktemp -d)
  mkdir -p "$d/bin"
  cp /bin/busybox "$d/bin/busybox"
  ln -s busybox "$d/bin/sh"; ln -s busybox "$d/bin/true"
  tar -C "$d" -c . | docker import -c 'ENTRYPOINT ["/bin/busybox"]' - "$PROBE_IMAGE" >/dev/null
  rm -rf "$d"
}

privileged_works() { docker run --rm --privileged --entrypoint /bin/true "$PROBE_IMAGE" >/dev/null 2>&1; }

ensure_privileged() {
  if privileged_works; then log "privileged containers work"; return; fi
  grep -q CapBnd /proc/self/status && log "capability bounding set: $(awk '/CapBnd/ {print $2}' /proc/self/status)"
  log "privileged containers fail here; installing the runc wrapper that drops CAP_SYS_RESOURCE"
  local wrapper=/usr/local/libexec/flink-helm/runc-drop-sys-resource
  as_root install -D -m 0755 "$REPO_ROOT/scripts/setup/runc-drop-sys-resource" "$wrapper"
  local cfg=/etc/docker/daemon.json
  as_root mkdir -p /etc/docker
  if [ -s "$cfg" ] && ! grep -q runc-drop-sys-resource "$cfg"; then
    command -v jq >/dev/null || die "$cfg exists and jq is missing: apt-get install jq, or add the runtime by hand"
    as_root sh -c "jq --arg p '$wrapper' '.runtimes[\"runc-drop-sys-resource\"] = {path: \$p} | .[\"default-runtime\"] = \"runc-drop-sys-resource\"' '$cfg' > '$cfg.new' && mv '$cfg.new' '$cfg'"
  elif ! [ -s "$cfg" ]; then
    as_root sh -c "cat > '$cfg'" <<JSON
{
  "runtimes": { "runc-drop-sys-resource": { "path": "$wrapper" } },
  "default-runtime": "runc-drop-sys-resource"
}
JSON
  fi
  log "reloading dockerd (SIGHUP)"
  as_root pkill -HUP -x dockerd
  sleep 2
  privileged_works || die "a privileged container still fails with the runc wrapper; see $DOCKERD_LOG"
  log "privileged containers work with the runc wrapper"
}

install_packages
start_dockerd
ensure_probe_image
ensure_privileged
