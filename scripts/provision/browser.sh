#!/usr/bin/env bash
# Installs Debian's Chromium for the browser-driven tests (driven by playwright-core), and a color
# emoji font so reports that use emoji (the Check Environment status icons) render as users see
# them instead of as empty boxes. Idempotent: installs only what is missing.
# Prints the Chromium executable path on stdout.
set -euo pipefail

readonly chromium=/usr/bin/chromium

missing=()
if [[ ! -x "${chromium}" ]]; then
  missing+=(chromium)
fi
if ! dpkg-query -W -f='${Status}' fonts-noto-color-emoji 2>/dev/null | grep -q 'install ok installed'; then
  missing+=(fonts-noto-color-emoji)
fi
if ((${#missing[@]} > 0)); then
  printf '[browser] apt-get install %s\n' "${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
fi
printf '%s\n' "${chromium}"
