#!/usr/bin/env bash
# Installs Debian's docker-compose (1.29, the Python implementation) so the e2e tier can run
# `docker-compose -f FILE config -q` on every generated compose file.
#
#   scripts/provision/compose-cli.sh [ensure|status]    (default: ensure)
#
# ensure  (idempotent) apt-installs docker-compose when the command is missing; a no-op otherwise.
# status  prints the version and exits 0 when present, exits 3 when missing.
set -euo pipefail

log() { printf 'compose-cli: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"; else die "needs root to run: $*"; fi
}

apt_install() {
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends docker-compose
}

ensure() {
  if command -v docker-compose >/dev/null 2>&1; then
    log "already present: $(docker-compose version --short 2>/dev/null || echo unknown)"
    return 0
  fi
  log "installing docker-compose (Debian package)"
  apt_install || { as_root env DEBIAN_FRONTEND=noninteractive apt-get update && apt_install; }
  command -v docker-compose >/dev/null 2>&1 || die "docker-compose is still missing after apt-get install"
  log "ready: $(docker-compose version --short)"
}

case "${1:-ensure}" in
  ensure) ensure ;;
  status) if command -v docker-compose >/dev/null 2>&1; then docker-compose version --short; else echo "missing"; exit 3; fi ;;
  *) echo "usage: $0 [ensure|status]" >&2; exit 2 ;;
esac
