#!/usr/bin/env bash
# Stops the test cluster started by up.sh (kwok, scheduler, controller-manager, apiserver, etcd) and,
# unless --keep-data, deletes etcd's data so the next up.sh starts from an empty cluster.
# Certificates are kept (kubeconfigs stay valid). Only processes whose PID file points at our own
# binaries are signalled.
# Usage: down.sh [--keep-data] [--unless-kept] [--quiet]
#   --unless-kept  do nothing when the cluster was started with `up.sh --keep` (for test runners).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh"

keep_data=0 unless_kept=0 quiet=0 lock=1
for arg in "$@"; do
  case "$arg" in
    --keep-data) keep_data=1 ;;
    --unless-kept) unless_kept=1 ;;
    --quiet) quiet=1 ;;
    --no-lock) lock=0 ;; # internal: the caller (up.sh) holds the lock
    -h|--help) sed -n '2,8p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown argument: $arg" ;;
  esac
done

S="$MLC_CLUSTER_DIR"
[ -d "$S" ] || { [ "$quiet" -eq 1 ] || log "nothing to stop ($S does not exist)"; exit 0; }
if [ "$lock" -eq 1 ]; then
  exec 8>"$S/.lock"
  flock 8
fi
if [ "$unless_kept" -eq 1 ] && [ -f "$S/keep" ]; then
  log "cluster was started with --keep; leaving it running (down.sh without --unless-kept stops it)"
  exit 0
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
rm -f "$S/cluster.json" "$S/keep"
if [ "$keep_data" -eq 0 ]; then
  rm -rf "$S/etcd-data"
fi
if [ "$quiet" -eq 0 ] || [ "${#stopped[@]}" -gt 0 ]; then
  log "stopped: ${stopped[*]:-nothing was running}$([ "$keep_data" -eq 0 ] && echo '; etcd data deleted')"
fi
