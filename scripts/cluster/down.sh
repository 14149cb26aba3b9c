#!/usr/bin/env bash
# Stops the test cluster started by up.sh (kwok, scheduler, controller-manager, apiserver, etcd) and,
# unless --keep-data, deletes etcd's data so the next up.sh starts from an empty cluster.
# Certificates are kept (kubeconfigs stay valid). Only processes whose PID file points at our own
# binaries are signalled.
# Usage: down.sh [--release ID] [--unless-kept] [--keep-data] [--quiet]
#   --release ID   give back the lease ID taken with `up.sh --lease ID`; stop only when no live lease is
#                  left and the cluster was not started with `up.sh --keep`.
#   --unless-kept  stop only when no live lease is left and the cluster was not started with --keep.
# Without either, stops the cluster whatever the leases (and forgets them).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"

keep_data=0 unless_kept=0 quiet=0 lock=1 release=""
while [ $# -gt 0 ]; do
  arg="$1"
  shift
  case "$arg" in
    --release) release="${1:-}"; shift || true; valid_lease_id "$release" || die "--release needs a lease ID"; unless_kept=1 ;;
    --keep-data) keep_data=1 ;;
    --unless-kept) unless_kept=1 ;;
    --quiet) quiet=1 ;;
    --no-lock) lock=0 ;; # internal: the caller (up.sh) holds the lock
    -h|--help) sed -n '2,11p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown argument: $arg" ;;
  esac
done

S="$MLC_CLUSTER_DIR"
[ -d "$S" ] || { [ "$quiet" -eq 1 ] || log "nothing to stop ($S does not exist)"; exit 0; }
if [ "$lock" -eq 1 ]; then
  exec 8>"$S/.lock"
  flock 8
fi
if [ -n "$release" ]; then rm -f "$S/leases/$release"; fi
if [ "$unless_kept" -eq 1 ]; then
  if [ -f "$S/keep" ]; then
    log "cluster was started with --keep; leaving it running (a plain down.sh stops it)"
    exit 0
  fi
  others="$(live_leases | tr '\n' ' ')"
  if [ -n "$others" ]; then
    log "cluster still leased by: $others; leaving it running"
    exit 0
  fi
fi

gone() { ! [ -d "/proc/$1" ] || grep -q '^State:[[:space:]]*Z' "/proc/$1/status"; }
stopped=()
for ((i = ${#MLC_COMPONENTS[@]} - 1; i >= 0; i--)); do
  c="${MLC_COMPONENTS[$i]}"
  if pid="$(pid_of "$c")"; then
    kill -TERM "$pid" 2>/dev/null || true
    if ! poll "$c to exit" 20 gone "$pid"; then
      log "$c (pid $pid) ignored SIGTERM; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    stopped+=("$c")
  fi
  rm -f "$S/pids/$c.pid"
done
rm -f "$S/cluster.json"
# up.sh restarting an unhealthy cluster (--no-lock) keeps the keep mark and the leases.
if [ "$lock" -eq 1 ]; then rm -f "$S/keep" "$S"/leases/*; fi
if [ "$keep_data" -eq 0 ]; then
  rm -rf "$S/etcd-data"
fi
if [ "$quiet" -eq 0 ] || [ "${#stopped[@]}" -gt 0 ]; then
  log "stopped: ${stopped[*]:-nothing was running}$([ "$keep_data" -eq 0 ] && echo '; etcd data deleted')"
fi
