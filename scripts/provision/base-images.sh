#!/usr/bin/env bash
# Provides, without any container registry, local stand-ins for the Python base images the
# scaffolding templates use, so that generated Dockerfiles build on the local engine.
#
#   scripts/provision/base-images.sh [ensure|status]    (default: ensure)
#
# ensure  (idempotent) installs debootstrap if missing; builds a Debian bookworm minbase root file
#         system with Python 3.11, Flask, scikit-learn, joblib, pip and venv, cached under
#         ~/.cache/ml-containers/rootfs/ (built once per machine); imports it as
#         local/python-ml:bookworm (once per engine) and tags it with the names the CPU templates
#         use (python:3.11.9-slim-bookworm, python:3.11-slim); derives local/cuda-standin:bookworm
#         from it and tags that with the CUDA base names the GPU templates use (runtime and devel).
#         A no-op when all tags exist.
# status  exits 0 when every tag exists, 3 otherwise.
#
# Why Debian packages: the stand-in satisfies the example's pins (flask==2.2.2, scikit-learn==1.2.1,
# joblib==1.2.0 are bookworm's versions), and the generated Dockerfile creates its virtual
# environment with --system-site-packages, so `pip install -r requirements.txt` finds every pin
# already satisfied and never needs an index: builds work with no network at all. On the real
# python:3.11-slim the same Dockerfile installs from PyPI (or from PIP_INDEX_URL).
#
# The CUDA tags are a CPU stand-in, nothing more: the same Debian root file system (with Python
# already installed and no apt sources, so the templates' `apt-get update && apt-get install python3`
# succeeds offline as "already the newest version"). Building a GPU Dockerfile on it exercises the
# build path and the Dockerfile's logic (stages, venv, user, env, CMD); it contains no CUDA, no
# cuDNN, and says nothing about the size or behaviour of the real nvidia/cuda images.
#
# Never touches images other than the ones named here; never prunes.
set -euo pipefail

SUITE=bookworm
CACHE_DIR="${HOME:-/root}/.cache/ml-containers/rootfs"
ROOTFS="${CACHE_DIR}/${SUITE}-python-ml"
DONE_MARKER="${ROOTFS}.complete"
LOCK_FILE="${CACHE_DIR}/.lock"
IMAGE=local/python-ml:bookworm
TAGS=(python:3.11.9-slim-bookworm python:3.11-slim)
CUDA_IMAGE=local/cuda-standin:bookworm
# Every CUDA line in src/core/scaffold/compat.ts (the GPU e2e checks that each GPU row's base is here).
CUDA_VERSIONS=(12.4.1 12.3.2 12.2.2 12.1.1 11.8.0)
CUDA_TAGS=()
for v in "${CUDA_VERSIONS[@]}"; do CUDA_TAGS+=("nvidia/cuda:${v}-runtime-ubuntu22.04" "nvidia/cuda:${v}-devel-ubuntu22.04"); done
PACKAGES=python3,python3-pip,python3-venv,python-is-python3,python3-flask,python3-sklearn,python3-joblib,ca-certificates
# The Debian mirror this machine's apt already uses (or MLC_DEBIAN_MIRROR).
host_mirror() {
  { grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}'
    grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '{print $2}'
  } | grep -m1 -E '/debian/?$'
}
MIRROR="${MLC_DEBIAN_MIRROR:-$(host_mirror || true)}"

log() { printf 'base-images: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"; else die "needs root to run: $*"; fi
}

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

all_tags_exist() {
  local t
  for t in "$IMAGE" "${TAGS[@]}" "$CUDA_IMAGE" "${CUDA_TAGS[@]}"; do image_exists "$t" || return 1; done
}

ensure_rootfs() {
  if [ -f "$DONE_MARKER" ]; then
    log "root file system cached at ${ROOTFS}"
    return 0
  fi
  if ! command -v debootstrap >/dev/null 2>&1; then
    log "installing debootstrap"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y debootstrap \
      || { as_root env DEBIAN_FRONTEND=noninteractive apt-get update && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y debootstrap; }
  fi
  log "debootstrap ${SUITE} into ${ROOTFS} (a few minutes, once per machine)"
  as_root rm -rf "$ROOTFS"
  [ -n "$MIRROR" ] || die "no Debian mirror found in /etc/apt sources: set MLC_DEBIAN_MIRROR"
  as_root debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$ROOTFS" "$MIRROR"
  # Like the official python images: `python`/`pip` on PATH, no apt lists, no PEP 668 marker.
  as_root rm -rf "${ROOTFS}/var/lib/apt/lists/"* "${ROOTFS}/var/cache/apt/"*.bin
  as_root rm -f "${ROOTFS}"/usr/lib/python3*/EXTERNALLY-MANAGED
  touch "$DONE_MARKER"
}

ensure_image() {
  if ! image_exists "$IMAGE"; then
    log "importing ${ROOTFS} as ${IMAGE}"
    as_root tar -C "$ROOTFS" -c . | docker import \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'ENV LANG=C.UTF-8' \
      --change 'LABEL org.opencontainers.image.description="local stand-in for python:3.11-slim (ml-containers tests)"' \
      --change 'CMD ["python3"]' - "$IMAGE" >/dev/null
  fi
  local t
  for t in "${TAGS[@]}"; do
    image_exists "$t" || docker tag "$IMAGE" "$t"
  done
}

ensure_cuda_standin() {
  if ! image_exists "$CUDA_IMAGE"; then
    log "deriving ${CUDA_IMAGE} (CPU stand-in for the nvidia/cuda tags) from ${IMAGE}"
    docker build --quiet --network none --tag "$CUDA_IMAGE" - >/dev/null <<DOCKERFILE
FROM ${IMAGE}
RUN rm -f /etc/apt/sources.list /etc/apt/sources.list.d/*
LABEL org.opencontainers.image.description="CPU stand-in for nvidia/cuda runtime and devel tags: Debian bookworm with Python, no CUDA (ml-containers tests)"
DOCKERFILE
  fi
  local t
  for t in "${CUDA_TAGS[@]}"; do
    image_exists "$t" || docker tag "$CUDA_IMAGE" "$t"
  done
}

ensure() {
  mkdir -p "$CACHE_DIR"
  exec 9>"$LOCK_FILE"
  flock 9
  if all_tags_exist; then
    log "already present: ${IMAGE} ${TAGS[*]} ${CUDA_IMAGE} (+${#CUDA_TAGS[@]} CUDA stand-in tags)"
    return 0
  fi
  ensure_rootfs
  ensure_image
  ensure_cuda_standin
  log "ready: ${IMAGE} ${TAGS[*]} ${CUDA_IMAGE} (+${#CUDA_TAGS[@]} CUDA stand-in tags)"
}

case "${1:-ensure}" in
  ensure) ensure ;;
  status) if all_tags_exist; then echo "present: ${IMAGE} ${TAGS[*]} ${CUDA_IMAGE} ${CUDA_TAGS[*]}"; else echo "missing"; exit 3; fi ;;
  *) echo "usage: $0 [ensure|status]" >&2; exit 2 ;;
esac
