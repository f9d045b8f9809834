#!/usr/bin/env bash
# Builds the Kubernetes binaries (kube-apiserver, kube-controller-manager, kube-scheduler, kube-proxy,
# kubelet, kubeadm, kubectl), etcd, CoreDNS, crictl, local-path-provisioner and pause, and on request
# kind, the distribution registry (`registry`), chart-testing (`ct`) and the gofakes3 S3 server
# (`gofakes3`, static), from the Go module proxy,
# into $FLINK_HELM_CACHE/bin/<name>-<version>/. Skips whatever is already cached.
LOG_TAG=go-build
source "$(dirname "$0")/../lib/common.sh"

export CGO_ENABLED=0 GOFLAGS=-buildvcs=false
BIN_ROOT=$FLINK_HELM_CACHE/bin
WORK=$FLINK_HELM_CACHE/go-wrappers
mkdir -p "$BIN_ROOT" "$WORK"

# wrapper_module DIR MODULE VERSION: a throwaway module that requires MODULE@VERSION; the upstream
# modules use local `replace` directives, so `go install pkg@version` refuses them.
wrapper_module() {
  local dir=$1 module=$2 version=$3
  mkdir -p "$dir"
  if [ ! -f "$dir/go.mod" ]; then
    (cd "$dir" && go mod init "flinkhelm.local/$(basename "$dir")" >/dev/null 2>&1)
  fi
  (cd "$dir" && go mod edit -require="$module@$version")
}

# module_time MODULE VERSION: the tag's commit time, used as a reproducible build date.
module_time() { (cd "$WORK" && go list -m -json "$1@$2" | sed -n 's/.*"Time": "\(.*\)".*/\1/p'); }

build_kubernetes() {
  local v=$KUBERNETES_VERSION out=$BIN_ROOT/kubernetes-$KUBERNETES_VERSION
  local cmds=(kube-apiserver kube-controller-manager kube-scheduler kube-proxy kubelet kubeadm kubectl)
  if [ -x "$out/kubectl" ] && [ -x "$out/kube-apiserver" ] && [ -x "$out/kubelet" ]; then
    log "kubernetes $v: cached in $out"; return
  fi
  local dir=$WORK/kubernetes-$v staging=v0.${v#v1.}
  log "kubernetes $v: preparing wrapper module in $dir (staging modules at $staging)"
  wrapper_module "$dir" k8s.io/kubernetes "$v"
  local src
  src=$(cd "$dir" && go mod download -json "k8s.io/kubernetes@$v" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
  local mod
  sed -n '/^replace (/,/^)/p' "$src/go.mod" | awk '/=> .\/staging/ {print $1}' | while read -r mod; do
    (cd "$dir" && go mod edit -replace="$mod=$mod@$staging")
  done
  log "kubernetes $v: resolving dependencies of ${cmds[*]}"
  local pkgs=() c
  for c in "${cmds[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$c@$v"); done
  (cd "$dir" && go get "${pkgs[@]}")
  local date commit minor=${v#v1.}; minor=${minor%%.*}
  date=$(module_time k8s.io/kubernetes "$v")
  commit=$(printf '%s' "$v" | sha1sum | cut -c1-40)
  local ldflags="-s -w" pkg
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $pkg.gitVersion=$v -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    ldflags+=" -X $pkg.gitCommit=$commit -X $pkg.gitTreeState=clean -X $pkg.buildDate=$date"
  done
  mkdir -p "$out.tmp"
  for c in "${cmds[@]}"; do
    log "kubernetes $v: go build $c (cold builds take minutes each on 2 cores)"
    (cd "$dir" && timed "go build $c" go build -trimpath -ldflags "$ldflags" -o "$out.tmp/$c" "k8s.io/kubernetes/cmd/$c")
  done
  rm -rf "$out" && mv "$out.tmp" "$out"
  log "kubernetes $v: $("$out/kubectl" version --client 2>/dev/null | head -1)"
}

# build_go_main NAME MODULE VERSION PACKAGE OUTNAME [LDFLAGS]
build_go_main() {
  local name=$1 module=$2 v=$3 pkg=$4 outname=$5 ldflags=${6:-}
  local out=$BIN_ROOT/$name-$v
  if [ -x "$out/$outname" ]; then log "$name $v: cached in $out"; return; fi
  local dir=$WORK/$name-$v
  log "$name $v: preparing wrapper module in $dir"
  wrapper_module "$dir" "$module" "$v"
  # Quiet when it works; on failure run it again with its output, which says why.
  if ! (cd "$dir" && go get "$pkg@$v" >/dev/null 2>&1); then (cd "$dir" && go get "$pkg@$v"); fi
  mkdir -p "$out.tmp"
  (cd "$dir" && timed "go build $name" go build -trimpath -ldflags "-s -w $ldflags" -o "$out.tmp/$outname" "$pkg")
  rm -rf "$out" && mv "$out.tmp" "$out"
}

build_pause() {
  local out=$BIN_ROOT/pause-$PAUSE_VERSION
  if [ -x "$out/pause" ]; then log "pause $PAUSE_VERSION: cached"; return; fi
  local src
  src=$(cd "$WORK" && go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
  mkdir -p "$out.tmp"
  log "pause $PAUSE_VERSION: gcc -static build/pause/linux/pause.c"
  gcc -Os -static -DVERSION="v$PAUSE_VERSION" -o "$out.tmp/pause" "$src/build/pause/linux/pause.c"
  strip "$out.tmp/pause"
  rm -rf "$out" && mv "$out.tmp" "$out"
}

want=${*:-kubernetes etcd coredns crictl local-path-provisioner pause}
[ -f "$WORK/go.mod" ] || (cd "$WORK" && go mod init flinkhelm.local/wrappers >/dev/null 2>&1)
for what in $want; do
  case $what in
    kubernetes) build_kubernetes ;;
    etcd) build_go_main etcd go.etcd.io/etcd/server/v3 "v$ETCD_VERSION" go.etcd.io/etcd/server/v3 etcd \
      "-X go.etcd.io/etcd/api/v3/version.GitSHA=v$ETCD_VERSION" ;;
    coredns) build_go_main coredns github.com/coredns/coredns "$COREDNS_VERSION" github.com/coredns/coredns coredns ;;
    crictl) build_go_main crictl sigs.k8s.io/cri-tools "$CRI_TOOLS_VERSION" sigs.k8s.io/cri-tools/cmd/crictl crictl \
      "-X sigs.k8s.io/cri-tools/pkg/version.Version=$CRI_TOOLS_VERSION" ;;
    local-path-provisioner) build_go_main local-path-provisioner github.com/rancher/local-path-provisioner \
      "$LOCAL_PATH_PROVISIONER_VERSION" github.com/rancher/local-path-provisioner local-path-provisioner \
      "-X main.VERSION=$LOCAL_PATH_PROVISIONER_VERSION" ;;
    kind) build_go_main kind sigs.k8s.io/kind "$KIND_VERSION" sigs.k8s.io/kind kind ;;
    registry) build_go_main registry github.com/distribution/distribution/v3 "$DISTRIBUTION_VERSION" \
      github.com/distribution/distribution/v3/cmd/registry registry \
      "-X github.com/distribution/distribution/v3/version.version=$DISTRIBUTION_VERSION -X github.com/distribution/distribution/v3/version.revision=$DISTRIBUTION_VERSION" ;;
    ct) build_go_main ct github.com/helm/chart-testing/v3 "$CHART_TESTING_VERSION" github.com/helm/chart-testing/v3/ct ct \
      "-X github.com/helm/chart-testing/v3/ct/cmd.Version=$CHART_TESTING_VERSION -X github.com/helm/chart-testing/v3/ct/cmd.BuildDate=$(module_time github.com/helm/chart-testing/v3 "$CHART_TESTING_VERSION")" ;;
    gofakes3) CGO_ENABLED=0 build_go_main gofakes3 github.com/johannesboyne/gofakes3 "$GOFAKES3_VERSION" \
      github.com/johannesboyne/gofakes3/cmd/gofakes3 gofakes3 ;;
    pause) build_pause ;;
    *) die "unknown build target: $what" ;;
  esac
done
