#!/usr/bin/env bash
# Builds the kind node image for KUBERNETES_VERSION without any container registry:
#   - a Debian rootfs (debootstrap) with systemd, containerd, runc, CNI plugins and kind's base files
#     (entrypoint, systemd units, containerd config) taken from the sigs.k8s.io/kind module zip;
#   - kubeadm/kubelet/kubectl and crictl built from the Go module proxy (go-binaries.sh);
#   - the images kubeadm expects (kube-apiserver, kube-controller-manager, kube-scheduler, kube-proxy,
#     etcd, CoreDNS, pause) plus local-path-provisioner and a busybox helper, assembled locally
#     under the exact tags of `kubeadm config images list` and preloaded into the node's containerd;
#   - a default CNI (static ptp config written by a DaemonSet) and a default StorageClass.
# The image tag carries a hash of every input, so a second run finds it and returns at once.
# Prints the image tag on stdout (last line); progress goes to stderr.
LOG_TAG=kind-node
source "$(dirname "$0")/../lib/common.sh"

NODE_DIR=$REPO_ROOT/images/kind-node
BIN=$FLINK_HELM_CACHE/bin
K8S_BIN=$BIN/kubernetes-$KUBERNETES_VERSION
BUSYBOX_VERSION=$(/bin/busybox 2>/dev/null | head -1 | awk '{print $2}' || true)
[ -n "$BUSYBOX_VERSION" ] || die "/bin/busybox is missing: run scripts/setup/docker.sh (installs busybox-static)"

NODE_PACKAGES=systemd,systemd-sysv,dbus,conntrack,iptables,nftables,iproute2,ethtool,util-linux,mount,kmod,libseccomp2,pigz,bash,ca-certificates,curl,jq,procps,containerd,runc,containernetworking-plugins,socat,ebtables,ipset,e2fsprogs
PROXY_PACKAGES=iptables,nftables,conntrack,ipset,kmod,iproute2

HELPER_IMAGE=docker.io/flink-helm/node-helper:busybox-$BUSYBOX_VERSION
PROVISIONER_IMAGE=docker.io/flink-helm/local-path-provisioner:$LOCAL_PATH_PROVISIONER_VERSION
K8S_IMAGES=(kube-apiserver kube-controller-manager kube-scheduler kube-proxy)

input_hash() {
  {
    cat "$REPO_ROOT/versions.env" "$0" "$REPO_ROOT/scripts/build/debian-rootfs.sh" "$NODE_DIR"/*
    echo "$NODE_PACKAGES $PROXY_PACKAGES $BUSYBOX_VERSION"
  } | sha256sum | cut -c1-12
}
IMAGE=flink-helm/kind-node:$KUBERNETES_VERSION-$(input_hash)

if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  log "node image $IMAGE: cached in Docker's image store"
  echo "$IMAGE"; exit 0
fi
[ "${1:-}" = --cached-only ] && { log "node image $IMAGE is not built yet"; exit 3; }
build_start=$SECONDS
log "building node image $IMAGE (cold: several minutes)"
bash "$REPO_ROOT/scripts/build/go-binaries.sh" kubernetes etcd coredns crictl local-path-provisioner pause

# rootfs NAME PACKAGES -> path of a cached tarball of a debootstrap'ed Debian rootfs
rootfs() { bash "$REPO_ROOT/scripts/build/debian-rootfs.sh" --tarball-only "$@"; }

# static_image TAG ENTRYPOINT_JSON FILE:DEST... -> a one-layer image holding static binaries, with the
# few files distroless/static provides (passwd, group, CA bundle, /tmp).
static_image() {
  local tag=$1 entrypoint=$2; shift 2
  local d; d=$(mktemp -d)
  mkdir -p "$d/etc/ssl/certs" "$d/tmp" "$d/usr/local/bin" && chmod 1777 "$d/tmp"
  printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' >"$d/etc/passwd"
  printf 'root:x:0:\nnobody:x:65534:\nnonroot:x:65532:\n' >"$d/etc/group"
  echo 'hosts: files dns' >"$d/etc/nsswitch.conf"
  cp /etc/ssl/certs/ca-certificates.crt "$d/etc/ssl/certs/" 2>/dev/null || true
  local spec
  for spec in "$@"; do install -D -m 0755 "${spec%%:*}" "$d/${spec#*:}"; done
  local changes=(-c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin')
  [ -n "$entrypoint" ] && changes+=(-c "ENTRYPOINT $entrypoint")
  tar -C "$d" -c . | docker import "${changes[@]}" - "$tag" >/dev/null
  rm -rf "$d"
  log "image $tag"
}

build_component_images() {
  local c
  for c in kube-apiserver kube-controller-manager kube-scheduler; do
    static_image "registry.k8s.io/$c:$KUBERNETES_VERSION" "" "$K8S_BIN/$c:usr/local/bin/$c"
  done
  static_image "registry.k8s.io/etcd:$ETCD_IMAGE_TAG" "" "$BIN/etcd-v$ETCD_VERSION/etcd:usr/local/bin/etcd"
  static_image "registry.k8s.io/coredns/coredns:$COREDNS_VERSION" '["/coredns"]' "$BIN/coredns-$COREDNS_VERSION/coredns:coredns"
  static_image "registry.k8s.io/pause:$PAUSE_VERSION" '["/pause"]' "$BIN/pause-$PAUSE_VERSION/pause:pause"
  static_image "$PROVISIONER_IMAGE" "" \
    "$BIN/local-path-provisioner-$LOCAL_PATH_PROVISIONER_VERSION/local-path-provisioner:usr/local/bin/local-path-provisioner"

  # busybox helper: local-path helper pods and the CNI DaemonSet need a shell and coreutils.
  local d; d=$(mktemp -d)
  mkdir -p "$d/bin" "$d/tmp" && cp /bin/busybox "$d/bin/busybox" && chmod 1777 "$d/tmp"
  local applet; for applet in $(/bin/busybox --list); do [ "$applet" = busybox ] || ln -s busybox "$d/bin/$applet"; done
  tar -C "$d" -c . | docker import -c 'ENV PATH=/bin' -c 'CMD ["sh"]' - "$HELPER_IMAGE" >/dev/null
  rm -rf "$d"; log "image $HELPER_IMAGE"

  # kube-proxy needs iptables/nft/conntrack: a small Debian rootfs plus the binary and a wrapper.
  local proxy_tar; proxy_tar=$(rootfs kube-proxy "$PROXY_PACKAGES")
  d=$(mktemp -d)
  tar -C "$d" -xf "$proxy_tar"
  install -m 0755 "$K8S_BIN/kube-proxy" "$d/usr/local/bin/kube-proxy.bin"
  install -m 0755 "$NODE_DIR/kube-proxy-wrapper.sh" "$d/usr/local/bin/kube-proxy"
  tar -C "$d" -c . | docker import - "registry.k8s.io/kube-proxy:$KUBERNETES_VERSION" >/dev/null
  rm -rf "$d"; log "image registry.k8s.io/kube-proxy:$KUBERNETES_VERSION"
}

assemble_rootfs() {
  local root=$1 kind_src
  kind_src=$(cd "$FLINK_HELM_CACHE" && go mod download -json "sigs.k8s.io/kind@$KIND_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
  [ -d "$kind_src/images/base/files" ] || die "kind $KIND_VERSION module has no images/base/files"
  tar -C "$root" -xf "$(rootfs kind-node "$NODE_PACKAGES")"
  log "adding kind's base files from $kind_src/images/base/files"
  cp -r "$kind_src/images/base/files/." "$root/"
  # the module cache drops exec bits and makes files read-only: re-apply kind's modes
  find "$root/kind" "$root/etc/containerd" "$root/etc/systemd/system" "$root/etc/sysctl.d" "$root/etc/default" \
    "$root/etc/crictl.yaml" -type f -exec chmod 0644 {} +
  chmod 0755 "$root/kind/bin" "$root"/kind/bin/* "$root"/usr/local/bin/*
  rm -rf "$root/LICENSES"
  # containerd: Debian's 1.6 understands kind's version-2 config; pin our pause image, no fuse-overlayfs
  sed -i -e "s#registry.k8s.io/pause:[0-9.]*#registry.k8s.io/pause:$PAUSE_VERSION#" \
    -e '/^\[proxy_plugins\]/,/^  address/d' -e '/fuse-overlayfs is used/d' "$root/etc/containerd/config.toml"
  # binaries where kind's units and configs expect them
  mkdir -p "$root/usr/local/sbin" "$root/opt/cni/bin" "$root/etc/kubernetes/manifests" "$root/kind/manifests"
  local b
  for b in containerd containerd-shim-runc-v2 ctr; do ln -sf "/usr/bin/$b" "$root/usr/local/bin/$b"; done
  ln -sf /usr/sbin/runc "$root/usr/local/sbin/runc"
  for b in "$root"/usr/lib/cni/*; do ln -sf "/usr/lib/cni/$(basename "$b")" "$root/opt/cni/bin/$(basename "$b")"; done
  install -m 0755 "$BIN/crictl-$CRI_TOOLS_VERSION/crictl" "$root/usr/local/bin/crictl"
  for b in kubeadm kubelet kubectl; do install -m 0755 "$K8S_BIN/$b" "$root/usr/bin/$b"; done
  # the OCI base spec kind's containerd config points at (adds the product_uuid mount hook)
  chroot "$root" sh -c "ctr oci spec | jq '.hooks.createContainer[.hooks.createContainer|length] |= . + {\"path\": \"/kind/bin/mount-product-files.sh\"}' | jq 'del(.process.rlimits)' > /etc/containerd/cri-base.json"
  # systemd as kind's base image sets it up
  find "$root/lib/systemd/system/sysinit.target.wants/" -name systemd-tmpfiles-setup.service -delete
  rm -f "$root"/lib/systemd/system/multi-user.target.wants/* "$root"/etc/systemd/system/*.wants/* \
    "$root"/lib/systemd/system/local-fs.target.wants/* "$root"/lib/systemd/system/sockets.target.wants/*udev* \
    "$root"/lib/systemd/system/sockets.target.wants/*initctl* "$root"/lib/systemd/system/basic.target.wants/*
  echo "ReadKMsg=no" >>"$root/etc/systemd/journald.conf"
  chroot "$root" systemctl enable kubelet.service containerd.service undo-mount-hacks.service >/dev/null 2>&1
  chroot "$root" systemctl mask systemd-binfmt.service >/dev/null 2>&1
  echo "$KUBERNETES_VERSION" >"$root/kind/version"
  sed -e "s#__HELPER_IMAGE__#$HELPER_IMAGE#g" "$NODE_DIR/cni.yaml" >"$root/kind/manifests/default-cni.yaml"
  sed -e "s#__HELPER_IMAGE__#$HELPER_IMAGE#g" -e "s#__PROVISIONER_IMAGE__#$PROVISIONER_IMAGE#g" \
    "$NODE_DIR/storage.yaml" >"$root/kind/manifests/default-storage.yaml"
}

preload_images() {
  local base=$1 tar=$2 id
  id=$(docker run -d --entrypoint=sleep --security-opt seccomp=unconfined "$base" infinity)
  trap 'docker rm -f "$id" >/dev/null 2>&1 || true' RETURN
  docker exec "$id" bash -c 'nohup containerd >/tmp/containerd.log 2>&1 &'
  local i; for i in $(seq 1 30); do docker exec "$id" ctr version >/dev/null 2>&1 && break; sleep 1; done
  log "importing $(du -h "$tar" | cut -f1) of images into the node's containerd"
  docker exec -i "$id" ctr --namespace=k8s.io images import --all-platforms --no-unpack --digests - <"$tar" >/dev/null
  docker exec "$id" ctr --namespace=k8s.io images list -q | grep -v '^sha256:' | sed 's/^/  preloaded: /' >&2
  docker exec "$id" pkill containerd || true
  sleep 1
  docker commit --change 'ENTRYPOINT [ "/usr/local/bin/entrypoint", "/sbin/init" ]' \
    --change 'ENV container=docker' "$id" "$IMAGE" >/dev/null
}

build_component_images
preload=(registry.k8s.io/pause:$PAUSE_VERSION registry.k8s.io/etcd:$ETCD_IMAGE_TAG
  registry.k8s.io/coredns/coredns:$COREDNS_VERSION "$PROVISIONER_IMAGE" "$HELPER_IMAGE")
for c in "${K8S_IMAGES[@]}"; do preload+=("registry.k8s.io/$c:$KUBERNETES_VERSION"); done
work=$(mktemp -d)
trap 'as_root rm -rf "$work"' EXIT
log "saving ${#preload[@]} images for preloading"
docker save -o "$work/preload.tar" "${preload[@]}"
mkdir "$work/root"
assemble_rootfs "$work/root"
log "importing the node rootfs into Docker"
tar -C "$work/root" -c . | docker import - "$IMAGE-base" >/dev/null
preload_images "$IMAGE-base" "$work/preload.tar"
docker rmi "$IMAGE-base" >/dev/null
# older builds of the node image (other input hashes) only take disk space
docker images --format '{{.Repository}}:{{.Tag}}' flink-helm/kind-node | grep -vx "$IMAGE" | xargs -r docker rmi >/dev/null 2>&1 || true
log "node image $IMAGE built in $((SECONDS - build_start)) s ($(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%.0f MB", $1/1e6}'))"
echo "$IMAGE"
