#!/usr/bin/env bash
# Try ML Containers in a real VS Code in your browser, from a fresh clone:
#   scripts/start.sh            (or: npm start)
# Installs the npm dependencies when needed, builds and packages the extension, installs
# code-server 4.100.3 (VS Code 1.100.3; cached under ~/.cache/ml-containers/), installs the
# packaged extension into ~/.cache/ml-containers/start/, starts code-server on 127.0.0.1 and
# prints the URL that opens the repository's examples/ folder. Runs in the foreground until Ctrl-C.
#
# Env:  MLC_PORT   first port to try (default 8080); the next free one is used if it is taken.
# Flag: --print-url-and-exit   start, wait until the server answers, print the URL, stop, exit 0
#                              (a smoke test of this script).
# Nothing is reachable from other machines: code-server binds 127.0.0.1 only, without auth.
# The extension gallery is disabled so nothing leaves the machine; set EXTENSIONS_GALLERY
# (code-server's variable, JSON) to use one.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${root}"

print_and_exit=0
for arg in "$@"; do
  case "${arg}" in
    --print-url-and-exit) print_and_exit=1 ;;
    -h | --help)
      sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      printf 'start.sh: unknown argument: %s (see --help)\n' "${arg}" >&2
      exit 2
      ;;
  esac
done

log() { printf '[start] %s\n' "$*" >&2; }

first_port="${MLC_PORT:-8080}"
if ! [[ "${first_port}" =~ ^[0-9]+$ ]] || ((first_port < 1 || first_port > 65535)); then
  log "MLC_PORT must be a port number (1-65535), got: ${first_port}"
  exit 2
fi

# --- dependencies, build, package ----------------------------------------------------------
if [[ -f scripts/lib/ensure-node-deps.sh ]]; then
  bash scripts/lib/ensure-node-deps.sh
elif [[ ! -d node_modules ]]; then
  log "npm ci"
  npm ci --no-audit --no-fund
fi
log "building and packaging the extension"
npm run --silent package >&2
vsix="${root}/out/ml-containers.vsix"

cs_bin="$(bash scripts/provision/code-server.sh)"

# --- state: user data, extensions, config, logs (all under the cache) -----------------------
state="${HOME}/.cache/ml-containers/start"
mkdir -p "${state}/user-data" "${state}/extensions" "${state}/data"
printf 'auth: none\ncert: false\n' >"${state}/config.yaml"
export XDG_DATA_HOME="${state}/data" # code-server's own logs
no_gallery='{}'
export EXTENSIONS_GALLERY="${EXTENSIONS_GALLERY:-${no_gallery}}"
cs_args=(--config "${state}/config.yaml" --user-data-dir "${state}/user-data" --extensions-dir "${state}/extensions")

log "installing ${vsix#"${root}/"} into ${state}/extensions"
"${cs_bin}" "${cs_args[@]}" --force --install-extension "${vsix}" >&2

folder="${root}/examples"
if [[ ! -d "${folder}" ]]; then
  log "no examples/ folder in this checkout; opening the repository root instead"
  folder="${root}"
fi

port_is_free() {
  node -e '
    const s = require("net").createServer();
    s.once("error", () => process.exit(1));
    s.listen(Number(process.argv[1]), "127.0.0.1", () => s.close(() => process.exit(0)));
  ' "$1"
}
port=""
for ((p = first_port; p < first_port + 100 && p <= 65535; p++)); do
  if port_is_free "${p}"; then
    port="${p}"
    break
  fi
done
if [[ -z "${port}" ]]; then
  log "no free port in ${first_port}..$((first_port + 99)) on 127.0.0.1"
  exit 1
fi

query="$(node -e 'process.stdout.write(encodeURIComponent(process.argv[1]))' "${folder}")"
url="http://127.0.0.1:${port}/?folder=${query}"
cs_args+=(--auth none --bind-addr "127.0.0.1:${port}" --disable-telemetry --disable-update-check "${folder}")

if ((print_and_exit == 0)); then
  printf '\nML Containers in VS Code (code-server): %s\nPress Ctrl-C to stop.\n\n' "${url}"
  exec "${cs_bin}" "${cs_args[@]}"
fi

# --print-url-and-exit: start in a new session (own process group), wait, print, stop the group.
setsid "${cs_bin}" "${cs_args[@]}" >"${state}/code-server.log" 2>&1 &
cs_pid=$!
stop_server() {
  kill -TERM -- "-${cs_pid}" 2>/dev/null || true
  wait "${cs_pid}" 2>/dev/null || true
}
trap stop_server EXIT
node -e '
  const [url, pid] = [process.argv[1], Number(process.argv[2])];
  const deadline = Date.now() + 60_000;
  (async () => {
    for (;;) {
      try { process.kill(pid, 0); } catch { console.error("code-server exited"); process.exit(1); }
      const ok = await fetch(url).then((r) => r.ok, () => false);
      if (ok) process.exit(0);
      if (Date.now() > deadline) { console.error("code-server did not answer within 60 s"); process.exit(1); }
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
' "http://127.0.0.1:${port}/healthz" "${cs_pid}" || {
  cat "${state}/code-server.log" >&2
  exit 1
}
printf '%s\n' "${url}"
