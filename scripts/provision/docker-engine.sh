#!/usr/bin/env bash
# Provisions a local Docker Engine for the e2e tier: install (once), start, stop, status.
#
#   scripts/provision/docker-engine.sh [start|stop|status]    (default: start)
#
# start   installs docker.io (and busybox-static, for the e2e test image) with apt if missing, launches
#         `dockerd --host unix:///var/run/docker.sock` in the background (log and pidfile under
#         ~/.cache/ml-containers/docker/) and waits until the engine answers. A no-op when it
#         already answers. Prints the engine version.
# stop    stops the daemon this script started (or any dockerd) and waits until the socket no
#         longer answers.
# status  prints the engine version and exits 0 when it answers; exits 3 when it does not.
#
# Only the unix socket is served: no TCP listener. Idempotent; safe to run repeatedly.
set -euo pipefail

SOCKET_PATH=/var/run/docker.sock
DOCKER_ENDPOINT="unix://${SOCKET_PATH}"
STATE_DIR="${HOME:-/root}/.cache/ml-containers/docker"
LOG_FILE="${STATE_DIR}/dockerd.log"
PID_FILE="${STATE_DIR}/dockerd.pid"
START_TIMEOUT_S="${MLC_DOCKER_START_TIMEOUT_S:-90}"
STOP_TIMEOUT_S="${MLC_DOCKER_STOP_TIMEOUT_S:-45}"
LAUNCHER_PID=""

log() { printf 'docker-engine: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n "$@"
  else
    die "needs root (or sudo) to run: $*"
  fi
}

# Asks the engine itself over the socket; never follows DOCKER_HOST or docker contexts.
engine_answers() {
  [ -S "$SOCKET_PATH" ] || return 1
  if command -v curl >/dev/null 2>&1; then
    [ "$(curl -s --max-time 3 --unix-socket "$SOCKET_PATH" http://localhost/_ping 2>/dev/null)" = "OK" ]
  else
    timeout 5 docker --host "$DOCKER_ENDPOINT" version --format '{{.Server.Version}}' >/dev/null 2>&1
  fi
}

engine_version() {
  if command -v docker >/dev/null 2>&1; then
    timeout 10 docker --host "$DOCKER_ENDPOINT" version --format 'Docker Engine {{.Server.Version}} (API {{.Server.APIVersion}}, {{.Server.Os}}/{{.Server.Arch}})' 2>/dev/null && return 0
  fi
  curl -s --max-time 3 --unix-socket "$SOCKET_PATH" http://localhost/version
  echo
}

# Polls until "$@" succeeds or the deadline passes. No fixed sleeps: the short pause is only
# the poll interval.
wait_until() {
  local timeout_s="$1"; shift
  local deadline=$((SECONDS + timeout_s))
  until "$@"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      return 1
    fi
    sleep 0.2
  done
}

pid_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

our_pid() {
  local pid
  [ -f "$PID_FILE" ] || return 1
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  pid_alive "$pid" || return 1
  [ "$(cat "/proc/${pid}/comm" 2>/dev/null || true)" = "dockerd" ] || return 1
  printf '%s\n' "$pid"
}

ensure_installed() {
  if command -v dockerd >/dev/null 2>&1; then
    return 0
  fi
  log "dockerd not found: installing docker.io with apt"
  command -v apt-get >/dev/null 2>&1 || die "apt-get not available; install Docker Engine by hand"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y docker.io
  command -v dockerd >/dev/null 2>&1 || die "docker.io installed but dockerd is still missing"
}

# The e2e tier's tiny test image is FROM scratch + Debian's static busybox (docs/test-environment.md);
# a fresh machine may have Docker but not busybox-static.
ensure_busybox() {
  if [ -x /bin/busybox ]; then
    return 0
  fi
  log "/bin/busybox not found: installing busybox-static with apt"
  command -v apt-get >/dev/null 2>&1 || die "apt-get not available; install a static busybox at /bin/busybox by hand"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y busybox-static
  [ -x /bin/busybox ] || die "busybox-static installed but /bin/busybox is still missing"
}

# True once none of the given pids is alive and the socket no longer answers.
stopped_and_silent() {
  local pid
  for pid in "$@"; do
    pid_alive "$pid" && return 1
  done
  ! engine_answers
}

# After a hard kill (a machine or session ended under it), dockerd leaves containerd's pidfile and
# sockets behind and then times out waiting for a containerd that will never answer. With no
# dockerd or containerd alive, those files are stale by definition.
clear_stale_runtime_files() {
  if pgrep -x containerd >/dev/null 2>&1 || pgrep -x dockerd >/dev/null 2>&1; then
    return 0
  fi
  as_root rm -f /var/run/docker/containerd/containerd.pid /var/run/docker/containerd/containerd.sock \
    /var/run/docker/containerd/containerd.sock.ttrpc /var/run/docker/containerd/containerd-debug.sock /var/run/docker.pid
}

# After a hard kill, the first dockerd often gives up on its restarted containerd ("timeout waiting
# for containerd to start"); a second launch, with stale runtime files cleared, comes up.
start() {
  local attempt
  for attempt in 1 2 3; do
    if start_once; then
      return 0
    fi
    log "dockerd exited before answering (attempt ${attempt}); clearing stale runtime files and retrying"
  done
  tail -n 40 "$LOG_FILE" >&2 || true
  die "dockerd exited before answering three times (log: ${LOG_FILE})"
}

start_once() {
  ensure_installed
  ensure_busybox
  if engine_answers; then
    log "already running"
    engine_version
    return 0
  fi
  mkdir -p "$STATE_DIR"
  local pid
  if pid="$(our_pid)"; then
    log "dockerd (pid ${pid}) is already starting; waiting for it"
  elif pgrep -x dockerd >/dev/null 2>&1; then
    log "a dockerd is already running (pid $(pgrep -x dockerd | tr '\n' ' ')); waiting for it to answer"
  else
    log "starting dockerd on ${DOCKER_ENDPOINT} (log: ${LOG_FILE})"
    rm -f "$PID_FILE"
    clear_stale_runtime_files
    # dockerd writes (and on exit removes) its own pidfile; setsid + nohup detach it from this
    # shell so it outlives the caller.
    as_root setsid nohup dockerd --host "$DOCKER_ENDPOINT" --pidfile "$PID_FILE" \
      >>"$LOG_FILE" 2>&1 </dev/null &
    LAUNCHER_PID=$!
  fi
  if ! wait_until "$START_TIMEOUT_S" engine_answers_or_gone; then
    tail -n 40 "$LOG_FILE" >&2 || true
    die "the engine did not answer on ${SOCKET_PATH} within ${START_TIMEOUT_S}s (log: ${LOG_FILE})"
  fi
  if ! engine_answers; then
    return 1
  fi
  engine_version
}

# True once the engine answers, or once no dockerd is left to wait for (it died early).
engine_answers_or_gone() {
  engine_answers && return 0
  # Right after launch the process may not carry its final name yet: the launcher (which
  # execs into dockerd) being alive also means "still starting".
  pgrep -x dockerd >/dev/null 2>&1 && return 1
  pid_alive "${LAUNCHER_PID:-}" && return 1
  return 0
}

stop() {
  local pids
  # The daemon this script started; otherwise any dockerd.
  pids="$(our_pid || pgrep -x dockerd || true)"
  pids="${pids//$'\n'/ }"
  if [ -z "$pids" ] && ! engine_answers; then
    log "not running"
    return 0
  fi
  [ -n "$pids" ] || die "${SOCKET_PATH} answers but no dockerd process is visible here; stop that engine by hand"
  log "stopping dockerd (pid ${pids})"
  # shellcheck disable=SC2086 # word splitting wanted: one argument per pid
  as_root kill -TERM $pids 2>/dev/null || true
  if ! wait_until "$STOP_TIMEOUT_S" stopped_and_silent $pids; then
    log "dockerd did not stop within ${STOP_TIMEOUT_S}s; killing it"
    # shellcheck disable=SC2086
    as_root kill -KILL $pids 2>/dev/null || true
    # shellcheck disable=SC2086
    wait_until 15 stopped_and_silent $pids || die "${SOCKET_PATH} still answers after dockerd was killed"
  fi
  log "stopped"
}

status() {
  if engine_answers; then
    engine_version
    return 0
  fi
  echo "Docker Engine not answering on ${DOCKER_ENDPOINT}"
  return 3
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 [start|stop|status]" >&2; exit 2 ;;
esac
