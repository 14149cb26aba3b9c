#!/usr/bin/env bash
# Applies the simulated GPU cluster (test/fixtures/cluster/gpu-cluster.yaml: 4 GPU nodes with 8 x
# nvidia.com/gpu each, tainted nvidia.com/gpu=present:NoSchedule, and 2 CPU nodes) to the test cluster
# and waits until kwok reports every node Ready. Idempotent: re-applying changes nothing.
# Uses $KUBECONFIG when set, else the kubeconfig written by up.sh.
# Usage: fixture.sh [--timeout SECONDS] [FILE.yaml ...]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"

timeout=120 files=()
while [ $# -gt 0 ]; do
  case "$1" in
    --timeout) shift; timeout="${1:?--timeout needs a number of seconds}" ;;
    -h|--help) sed -n '2,6p' "${BASH_SOURCE[0]}"; exit 0 ;;
    -*) die "unknown argument: $1" ;;
    *) files+=("$1") ;;
  esac
  shift
done
case "$timeout" in ''|*[!0-9]*) die "--timeout must be a number of seconds" ;; esac
[ "${#files[@]}" -gt 0 ] || files=("$here/../../test/fixtures/cluster/gpu-cluster.yaml")
export KUBECONFIG="${KUBECONFIG:-$MLC_CLUSTER_DIR/kubeconfig}"

for f in "${files[@]}"; do
  mlc_kubectl apply --server-side --force-conflicts --field-manager=mlc-fixture -f "$f" >/dev/null
done

# A node's status is only taken from the object when the node is created; if an earlier run left a
# node without its extended resources (e.g. created by hand), put the fixture's capacity back.
sep='|' # not whitespace, so that an empty field is kept
for f in "${files[@]}"; do
  while IFS="$sep" read -r kind name gpus status; do
    [ "$kind" = "Node" ] || continue
    have="$(mlc_kubectl get node "$name" -o jsonpath='{.status.allocatable.nvidia\.com/gpu}')"
    if [ "$have" != "$gpus" ]; then
      log "node $name reports nvidia.com/gpu=${have:-none}, the fixture says ${gpus:-none}: patching its status"
      mlc_kubectl patch node "$name" --subresource=status --type=merge -p "{\"status\":$status}" >/dev/null
    fi
  done < <(mlc_kubectl create --dry-run=client -f "$f" \
    -o jsonpath='{.kind}{"|"}{.metadata.name}{"|"}{.status.allocatable.nvidia\.com/gpu}{"|"}{.status}{"\n"}')
done

mlc_kubectl wait --for=condition=Ready node -l mlc.test/fixture=gpu-cluster --timeout="${timeout}s" >/dev/null
# New nodes carry node.kubernetes.io/not-ready:NoSchedule until the controller-manager's node
# lifecycle controller sees them Ready and removes it: only then can pods land on them.
schedulable() {
  local keys
  keys="$(mlc_kubectl get nodes -l mlc.test/fixture=gpu-cluster -o jsonpath='{.items[*].spec.taints[*].key}')"
  [[ " $keys " != *" node.kubernetes.io/"* ]]
}
poll "the fixture nodes to lose their not-ready taints" "$timeout" schedulable || die "fixture nodes still tainted not-ready/unreachable"
log "fixture nodes Ready: $(mlc_kubectl get nodes -l mlc.test/fixture=gpu-cluster -o name | wc -l)"
