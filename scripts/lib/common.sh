# Shared shell helpers for flink-helm scripts. Source it; it sources versions.env.
# shellcheck shell=bash
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=../../versions.env
source "$REPO_ROOT/versions.env"

# Caches live outside the checkout so a fresh clone on the same machine re-uses them.
FLINK_HELM_CACHE=${FLINK_HELM_CACHE:-$HOME/.cache/flink-helm}
mkdir -p "$FLINK_HELM_CACHE"

log() { printf '\033[1;34m[%s %s]\033[0m %s\n' "$(date +%H:%M:%S)" "${LOG_TAG:-flink-helm}" "$*" >&2; }
warn() { printf '\033[1;33m[%s %s] warning:\033[0m %s\n' "$(date +%H:%M:%S)" "${LOG_TAG:-flink-helm}" "$*" >&2; }
die() { printf '\033[1;31m[%s %s] error:\033[0m %s\n' "$(date +%H:%M:%S)" "${LOG_TAG:-flink-helm}" "$*" >&2; exit 1; }

# timed NAME CMD...: runs CMD and prints how long it took.
timed() {
  local name=$1; shift
  local start=$SECONDS
  "$@"
  log "$name took $((SECONDS - start)) s"
}

# Runs a command as root (we are root in CI; elsewhere use sudo).
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
