#!/usr/bin/env bash
# Shows the test cluster's components (PID, resident memory) and whether the API server is ready.
# Exit status 0 when every component runs and /readyz answers ok, 1 otherwise.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"

S="$MLC_CLUSTER_DIR"
rc=0 total=0
for c in "${MLC_COMPONENTS[@]}"; do
  if pid="$(pid_of "$c")"; then
    rss="$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")"
    total=$((total + rss))
    printf '%-24s pid %-8s %6d MiB\n' "$c" "$pid" $((rss / 1024))
  else
    printf '%-24s not running\n' "$c"
    rc=1
  fi
done
printf '%-24s %-12s %6d MiB\n' "total" "" $((total / 1024))
if [ -f "$S/ports.env" ]; then
  # shellcheck disable=SC1091
  . "$S/ports.env"
  ready="$(curl -fsS --max-time 5 --cacert "$S/pki/ca.crt" --cert "$S/pki/admin.crt" --key "$S/pki/admin.key" \
    "https://127.0.0.1:$APISERVER_PORT/readyz" 2>/dev/null || true)"
  echo "apiserver https://127.0.0.1:$APISERVER_PORT /readyz: ${ready:-no answer}"
  [ "$ready" = "ok" ] || rc=1
  echo "kubeconfig: $S/kubeconfig"
else
  echo "no cluster state in $S"
  rc=1
fi
[ -f "$S/keep" ] && echo "kept (started with up.sh --keep)"
exit "$rc"
