# shellcheck shell=bash
# Shared settings for scripts/cluster/*.sh (sourced, not executed).
# Versions are pinned so every machine builds the same binaries; to move to a newer 1.34 patch, check
#   (cd "$(mktemp -d)" && go mod init x && go list -m -versions k8s.io/kubernetes)
# and set MLC_K8S_VERSION (the staging modules follow as v0.<minor>.<patch>).
MLC_K8S_VERSION="${MLC_K8S_VERSION:-v1.34.4}"
MLC_ETCD_VERSION="${MLC_ETCD_VERSION:-v3.6.16}"
MLC_KWOK_VERSION="${MLC_KWOK_VERSION:-v0.7.0}"

MLC_CACHE="${MLC_CACHE:-$HOME/.cache/ml-containers}"
MLC_K8S_DIR="$MLC_CACHE/k8s/$MLC_K8S_VERSION"
MLC_K8S_BIN="$MLC_K8S_DIR/bin"
MLC_CLUSTER_DIR="${MLC_CLUSTER_DIR:-$MLC_CACHE/cluster}"

log() { printf '[cluster %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Components in start order; down.sh stops them in reverse.
# shellcheck disable=SC2034 # used by the scripts that source this file
MLC_COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)

# kubectl: the one built next to the control plane when there is one, else the one on PATH.
mlc_kubectl() {
  if [ -x "$MLC_K8S_BIN/kubectl" ]; then "$MLC_K8S_BIN/kubectl" "$@"; else kubectl "$@"; fi
}

# pid_of NAME: the recorded PID of component NAME if that process is alive and is our binary.
pid_of() {
  local f="$MLC_CLUSTER_DIR/pids/$1.pid" pid exe
  [ -f "$f" ] || return 1
  pid="$(cat "$f")"
  [ -n "$pid" ] && [ -d "/proc/$pid" ] || return 1
  exe="$(readlink "/proc/$pid/exe" 2>/dev/null)" || return 1
  [ "$exe" = "$MLC_K8S_BIN/$1" ] || return 1
  echo "$pid"
}

# poll DESCRIPTION SECONDS COMMAND...: runs COMMAND until it succeeds or SECONDS pass.
poll() {
  local what="$1" secs="$2" deadline
  shift 2
  deadline=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then log "timed out after ${secs}s waiting for $what"; return 1; fi
    sleep 0.2
  done
}

# Leases: a test run that needs the cluster takes a lease (up.sh --lease ID, recording the PID of the
# process that called up.sh) and gives it back with down.sh --release ID; the cluster stops when the
# last live lease is released, unless it was started with --keep. Leases of dead processes are ignored.
valid_lease_id() { [[ "$1" =~ ^[A-Za-z0-9._-]{1,100}$ ]]; }
# live_leases: prints the IDs of leases whose process is alive, deleting the stale ones.
live_leases() {
  local f pid
  for f in "$MLC_CLUSTER_DIR"/leases/*; do
    [ -f "$f" ] || continue
    pid="$(cat "$f" 2>/dev/null || true)"
    if [ -n "$pid" ] && [ -d "/proc/$pid" ]; then basename "$f"; else rm -f "$f"; fi
  done
}
