#!/usr/bin/env bash
# Starts (or reuses) a real Kubernetes 1.34 test cluster on loopback: etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler and kwok (fake nodes and pods, with the kubelet endpoints for
# logs, exec and port-forward served locally), then applies the simulated GPU node fixture.
#
# State (certificates, kubeconfigs, etcd data, logs, PIDs) lives in $MLC_CLUSTER_DIR
# (default ~/.cache/ml-containers/cluster). Binaries come from build.sh (run on demand).
# Writes <state>/kubeconfig (context mlc-test, cluster admin) and <state>/cluster.json (ports, paths).
#
# Usage: up.sh [--keep] [--lease ID] [--no-fixture] [--timeout SECONDS]
#   --keep        keep the cluster for manual exploration: `down.sh --release`/`--unless-kept` (what
#                 tests and runners call) leave it running; only a plain `down.sh` stops it.
#   --lease ID    record that the calling process (the parent of this script) uses the cluster;
#                 `down.sh --release ID` gives it back and stops the cluster when no live lease is left.
#   --no-fixture  do not apply test/fixtures/cluster (the GPU and CPU nodes).
# If the cluster is already up and healthy it is reused (and the fixture re-applied, which is idempotent).
# Prints "cluster: started" or "cluster: reused", then the kubeconfig path and an export line.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"

orig_args=("$@")
keep=0 fixture=1 timeout=120 lease=""
while [ $# -gt 0 ]; do
  case "$1" in
    --keep) keep=1 ;;
    --lease) shift; lease="${1:-}"; valid_lease_id "$lease" || die "--lease needs an ID made of letters, digits, . _ -" ;;
    --no-fixture) fixture=0 ;;
    --timeout) shift; timeout="${1:?--timeout needs a number of seconds}" ;;
    -h|--help) sed -n '2,18p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
  shift
done
case "$timeout" in ''|*[!0-9]*) die "--timeout must be a number of seconds" ;; esac

S="$MLC_CLUSTER_DIR"
pki="$S/pki"
mkdir -p "$S" "$pki" "$S/pids" "$S/leases" "$S/logs" "$S/kwok/exec" "$S/serving"
chmod 700 "$S" "$pki"

# One up.sh/down.sh at a time per state dir.
exec 8>"$S/.lock"
if ! flock -n 8; then log "another up.sh/down.sh is running on $S; waiting"; flock 8; fi

started_at=$SECONDS
need_build=0
for c in "${MLC_COMPONENTS[@]}"; do [ -x "$MLC_K8S_BIN/$c" ] || need_build=1; done
[ -d "$MLC_K8S_DIR/kwok-crds" ] || need_build=1
if [ "$need_build" -eq 1 ]; then
  log "binaries missing in $MLC_K8S_BIN: running build.sh (the first build takes a long time)"
  "$here/build.sh" >/dev/null
fi

curl_admin() { # PATH: GET on the apiserver as cluster admin
  curl -fsS --max-time 5 --cacert "$pki/ca.crt" --cert "$pki/admin.crt" --key "$pki/admin.key" \
    "https://127.0.0.1:$APISERVER_PORT$1"
}

healthy() {
  local c
  for c in "${MLC_COMPONENTS[@]}"; do pid_of "$c" >/dev/null || return 1; done
  [ -f "$S/ports.env" ] && [ -f "$S/kubeconfig" ] || return 1
  # shellcheck disable=SC1091
  . "$S/ports.env"
  [ "$(curl_admin /readyz 2>/dev/null)" = "ok" ]
}

print_result() {
  if [ "$keep" -eq 1 ]; then : >"$S/keep"; fi
  if [ -n "$lease" ]; then echo "$PPID" >"$S/leases/$lease"; fi
  echo "cluster: $1"
  echo "kubeconfig: $S/kubeconfig"
  echo "export KUBECONFIG=$(printf '%q' "$S/kubeconfig")"
}

apply_fixture() {
  [ "$fixture" -eq 1 ] || return 0
  KUBECONFIG="$S/kubeconfig" "$here/fixture.sh" --timeout "$timeout" >&2
}

if healthy; then
  apply_fixture
  log "cluster already up and healthy (apiserver 127.0.0.1:$APISERVER_PORT); reused in $((SECONDS - started_at))s"
  print_result reused
  exit 0
fi

# Something is missing or unhealthy: stop whatever is left (keeping data) and start clean.
"$here/down.sh" --keep-data --quiet --no-lock

### ports #############################################################################################
free_port() {
  if command -v node >/dev/null 2>&1; then
    node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
  else
    python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()'
  fi
}
port_in_use() { ss -Htln "sport = :$1" | grep -q .; }
port_names=(ETCD_CLIENT_PORT ETCD_PEER_PORT APISERVER_PORT CONTROLLER_MANAGER_PORT SCHEDULER_PORT KWOK_PORT)
declare -A ports=()
if [ -f "$S/ports.env" ]; then # keep the previous ports when they are still free (stable kubeconfig)
  while IFS='=' read -r k v; do
    case "$k" in ETCD_CLIENT_PORT|ETCD_PEER_PORT|APISERVER_PORT|CONTROLLER_MANAGER_PORT|SCHEDULER_PORT|KWOK_PORT)
      case "$v" in ''|*[!0-9]*) ;; *) port_in_use "$v" || ports[$k]="$v" ;; esac ;;
    esac
  done <"$S/ports.env"
fi
for k in "${port_names[@]}"; do
  while [ -z "${ports[$k]:-}" ]; do
    p="$(free_port)"
    dup=0
    for o in "${port_names[@]}"; do [ "${ports[$o]:-}" = "$p" ] && dup=1; done
    [ "$dup" -eq 0 ] && ports[$k]="$p"
  done
done
: >"$S/ports.env.tmp"
for k in "${port_names[@]}"; do printf '%s=%s\n' "$k" "${ports[$k]}" >>"$S/ports.env.tmp"; done
mv -f "$S/ports.env.tmp" "$S/ports.env"
# shellcheck disable=SC1091
. "$S/ports.env"

### certificates (kept across restarts, so kubeconfigs stay valid) ####################################
gen_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; chmod 600 "$1"; }
# sign NAME SUBJECT EXTENSIONS...: key + certificate NAME.{key,crt} signed by the CA
sign() {
  local name="$1" subj="$2" ext="$pki/$1.ext"
  shift 2
  printf '%s\n' "basicConstraints=critical,CA:FALSE" "$@" >"$ext"
  gen_key "$pki/$name.key"
  openssl req -new -key "$pki/$name.key" -subj "$subj" -out "$pki/$name.csr" 2>/dev/null
  openssl x509 -req -in "$pki/$name.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial \
    -days 3650 -sha256 -extfile "$ext" -out "$pki/$name.crt" 2>/dev/null
  rm -f "$pki/$name.csr"
}
server_ext=("keyUsage=critical,digitalSignature,keyEncipherment" "extendedKeyUsage=serverAuth")
client_ext=("keyUsage=critical,digitalSignature,keyEncipherment" "extendedKeyUsage=clientAuth")
if [ ! -f "$pki/ca.crt" ] || [ ! -f "$pki/done" ]; then
  log "generating certificates in $pki"
  rm -f "$pki"/*
  gen_key "$pki/ca.key"
  openssl req -x509 -new -key "$pki/ca.key" -subj "/CN=mlc-test-ca" -days 3650 -sha256 \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
    -out "$pki/ca.crt" 2>/dev/null
  sign apiserver "/CN=kube-apiserver" "${server_ext[@]}" \
    "subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
  sign kwok "/CN=kwok" "${server_ext[@]}" "subjectAltName=IP:127.0.0.1,DNS:localhost"
  sign admin "/O=system:masters/CN=mlc-admin" "${client_ext[@]}"
  sign apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" "${client_ext[@]}"
  sign controller-manager "/CN=system:kube-controller-manager" "${client_ext[@]}"
  sign scheduler "/CN=system:kube-scheduler" "${client_ext[@]}"
  sign kwok-controller "/O=system:masters/CN=kwok-controller" "${client_ext[@]}"
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$pki/sa.key" 2>/dev/null
  openssl pkey -in "$pki/sa.key" -pubout -out "$pki/sa.pub" 2>/dev/null
  chmod 600 "$pki"/*.key
  : >"$pki/done"
fi

### kubeconfigs #######################################################################################
b64() { base64 -w0 <"$1"; }
write_kubeconfig() { # FILE CERT-NAME
  local tmp="$1.tmp"
  (
    umask 077
    cat >"$tmp" <<YAML
apiVersion: v1
kind: Config
clusters:
- name: mlc-test
  cluster:
    server: https://127.0.0.1:$APISERVER_PORT
    certificate-authority-data: $(b64 "$pki/ca.crt")
users:
- name: mlc-test-$2
  user:
    client-certificate-data: $(b64 "$pki/$2.crt")
    client-key-data: $(b64 "$pki/$2.key")
contexts:
- name: mlc-test
  context:
    cluster: mlc-test
    user: mlc-test-$2
    namespace: default
current-context: mlc-test
YAML
  )
  mv -f "$tmp" "$1"
}
write_kubeconfig "$S/kubeconfig" admin
write_kubeconfig "$S/controller-manager.kubeconfig" controller-manager
write_kubeconfig "$S/scheduler.kubeconfig" scheduler
write_kubeconfig "$S/kwok.kubeconfig" kwok-controller

### kwok configuration ################################################################################
# Defaults for every pod: logs come from one file, exec runs commands locally in a work dir.
# Port-forward rules are per test: ClusterPortForward/PortForward objects in the API server (CRDs),
# which also allow per-pod Logs and Exec objects that take precedence over these defaults.
# The logs file is in the CRI log format the kubelet reads ("<RFC3339Nano time> <stream> <F|P> <text>").
kwok_log="$S/kwok/pod.log"
if [ ! -f "$kwok_log" ] || ! grep -q ' stdout F ' "$kwok_log"; then
  now="$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)"
  printf '%s stdout F %s\n' "$now" "mlc-test-cluster: log line 1 from kwok ClusterLogs" \
    "$now" "mlc-test-cluster: log line 2 from kwok ClusterLogs" >"$kwok_log"
fi
cat >"$S/kwok/kwok.yaml" <<YAML
apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokConfiguration
options: {}
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterLogs
metadata:
  name: mlc-default-logs
spec:
  logs:
  - logsFile: "$kwok_log"
    follow: true
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterExec
metadata:
  name: mlc-default-exec
spec:
  execs:
  - local:
      workDir: "$S/kwok/exec"
      envs:
      - name: MLC_KWOK_EXEC
        value: "1"
YAML
kwok_crds=(ClusterPortForward PortForward Logs Exec)

### start #############################################################################################
start() { # NAME ARGS...
  local name="$1"
  shift
  printf '\n=== %s start %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$name" >>"$S/logs/$name.log"
  # fd 8 is the state lock: the daemons must not inherit it.
  setsid "$MLC_K8S_BIN/$name" "$@" </dev/null >>"$S/logs/$name.log" 2>&1 8>&- &
  echo $! >"$S/pids/$name.pid"
  # Until setsid has exec'd the binary, the PID does not look like ours yet.
  poll "$name to exec" 10 pid_of "$name" || { tail -n 25 "$S/logs/$name.log" >&2; die "$name did not start"; }
}
wait_up() { # NAME COMMAND...: waits until COMMAND succeeds; fails early when NAME exits
  local name="$1" deadline=$((SECONDS + timeout))
  shift
  until "$@" >/dev/null 2>&1; do
    if ! pid_of "$name" >/dev/null; then
      # A port picked as free can be taken by someone else before the component binds it: retry once.
      if [ -z "${MLC_UP_RETRIED:-}" ] && tail -n 50 "$S/logs/$name.log" | grep -qi 'address already in use'; then
        log "$name could not bind its port; starting again with new ports"
        rm -f "$S/ports.env"
        MLC_UP_RETRIED=1 exec bash "$here/up.sh" "${orig_args[@]}"
      fi
      log "$name exited; last lines of $S/logs/$name.log:"
      tail -n 25 "$S/logs/$name.log" >&2
      exit 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      tail -n 25 "$S/logs/$name.log" >&2
      die "$name did not become ready within ${timeout}s"
    fi
    sleep 0.2
  done
  log "$name ready ($((SECONDS - started_at))s)"
}
is_ok() { [ "$("$@" 2>/dev/null)" = "ok" ]; }

log "starting etcd on 127.0.0.1:$ETCD_CLIENT_PORT"
start etcd --name=mlc --data-dir="$S/etcd-data" \
  --listen-client-urls="http://127.0.0.1:$ETCD_CLIENT_PORT" --advertise-client-urls="http://127.0.0.1:$ETCD_CLIENT_PORT" \
  --listen-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster="mlc=http://127.0.0.1:$ETCD_PEER_PORT" --unsafe-no-fsync --log-level=warn \
  --quota-backend-bytes=4294967296 --auto-compaction-retention=1
wait_up etcd curl -fsS --max-time 2 "http://127.0.0.1:$ETCD_CLIENT_PORT/health"

log "starting kube-apiserver on 127.0.0.1:$APISERVER_PORT"
start kube-apiserver --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$APISERVER_PORT" \
  --etcd-servers="http://127.0.0.1:$ETCD_CLIENT_PORT" --endpoint-reconciler-type=none \
  --service-cluster-ip-range=10.96.0.0/16 --authorization-mode=Node,RBAC --allow-privileged=true \
  --tls-cert-file="$pki/apiserver.crt" --tls-private-key-file="$pki/apiserver.key" --client-ca-file="$pki/ca.crt" \
  --cert-dir="$S/serving/apiserver" \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local \
  --service-account-key-file="$pki/sa.pub" --service-account-signing-key-file="$pki/sa.key" \
  --kubelet-client-certificate="$pki/apiserver-kubelet-client.crt" --kubelet-client-key="$pki/apiserver-kubelet-client.key" \
  --kubelet-preferred-address-types=InternalIP,Hostname --profiling=false
wait_up kube-apiserver is_ok curl_admin /readyz

# kwok's CRDs (from the kwok module, copied by build.sh) for per-test port-forward, logs and exec rules.
crd_files=()
for plural in clusterportforwards portforwards logs execs; do crd_files+=(-f "$MLC_K8S_DIR/kwok-crds/kwok.x-k8s.io_$plural.yaml"); done
mlc_kubectl --kubeconfig "$S/kubeconfig" apply --server-side --force-conflicts "${crd_files[@]}" >/dev/null
mlc_kubectl --kubeconfig "$S/kubeconfig" wait --for=condition=Established --timeout="${timeout}s" \
  crd/clusterportforwards.kwok.x-k8s.io crd/portforwards.kwok.x-k8s.io crd/logs.kwok.x-k8s.io crd/execs.kwok.x-k8s.io >/dev/null

log "starting kube-controller-manager (127.0.0.1:$CONTROLLER_MANAGER_PORT), kube-scheduler (127.0.0.1:$SCHEDULER_PORT), kwok (127.0.0.1:$KWOK_PORT)"
start kube-controller-manager --kubeconfig="$S/controller-manager.kubeconfig" \
  --authentication-kubeconfig="$S/controller-manager.kubeconfig" --authorization-kubeconfig="$S/controller-manager.kubeconfig" \
  --bind-address=127.0.0.1 --secure-port="$CONTROLLER_MANAGER_PORT" --cert-dir="$S/serving/controller-manager" \
  --leader-elect=false --use-service-account-credentials=true \
  --service-account-private-key-file="$pki/sa.key" --root-ca-file="$pki/ca.crt" \
  --cluster-signing-cert-file="$pki/ca.crt" --cluster-signing-key-file="$pki/ca.key" \
  --service-cluster-ip-range=10.96.0.0/16 --profiling=false
start kube-scheduler --kubeconfig="$S/scheduler.kubeconfig" \
  --authentication-kubeconfig="$S/scheduler.kubeconfig" --authorization-kubeconfig="$S/scheduler.kubeconfig" \
  --bind-address=127.0.0.1 --secure-port="$SCHEDULER_PORT" --cert-dir="$S/serving/scheduler" \
  --leader-elect=false --profiling=false
enable_crds="$(IFS=,; echo "${kwok_crds[*]}")"
start kwok --kubeconfig="$S/kwok.kubeconfig" --config="$S/kwok/kwok.yaml" \
  --manage-all-nodes=false --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
  --node-ip=127.0.0.1 --node-port="$KWOK_PORT" --server-address="127.0.0.1:$KWOK_PORT" \
  --tls-cert-file="$pki/kwok.crt" --tls-private-key-file="$pki/kwok.key" \
  --enable-crds="$enable_crds" --cidr=10.244.0.0/16
wait_up kube-controller-manager is_ok curl -ksS --max-time 2 "https://127.0.0.1:$CONTROLLER_MANAGER_PORT/healthz"
wait_up kube-scheduler is_ok curl -ksS --max-time 2 "https://127.0.0.1:$SCHEDULER_PORT/healthz"
wait_up kwok is_ok curl -ksS --max-time 2 "https://127.0.0.1:$KWOK_PORT/healthz"

### cluster.json ######################################################################################
json_str() { local s="${1//\\/\\\\}"; s="${s//\"/\\\"}"; printf '"%s"' "$s"; }
{
  printf '{\n'
  printf '  "kubeconfig": %s,\n' "$(json_str "$S/kubeconfig")"
  printf '  "context": "mlc-test",\n'
  printf '  "server": "https://127.0.0.1:%s",\n' "$APISERVER_PORT"
  printf '  "kubernetesVersion": %s,\n' "$(json_str "$MLC_K8S_VERSION")"
  printf '  "stateDir": %s,\n' "$(json_str "$S")"
  printf '  "binDir": %s,\n' "$(json_str "$MLC_K8S_BIN")"
  printf '  "kwokLogsFile": %s,\n' "$(json_str "$kwok_log")"
  printf '  "kwokExecWorkDir": %s,\n' "$(json_str "$S/kwok/exec")"
  printf '  "kwokCrds": ["ClusterPortForward", "PortForward", "Logs", "Exec"],\n'
  printf '  "ports": {"etcd": %s, "etcdPeer": %s, "apiserver": %s, "controllerManager": %s, "scheduler": %s, "kwok": %s},\n' \
    "$ETCD_CLIENT_PORT" "$ETCD_PEER_PORT" "$APISERVER_PORT" "$CONTROLLER_MANAGER_PORT" "$SCHEDULER_PORT" "$KWOK_PORT"
  printf '  "pids": {'
  sep=""
  for c in "${MLC_COMPONENTS[@]}"; do printf '%s"%s": %s' "$sep" "$c" "$(cat "$S/pids/$c.pid")"; sep=", "; done
  printf '}\n}\n'
} >"$S/cluster.json.tmp"
mv -f "$S/cluster.json.tmp" "$S/cluster.json"

apply_fixture
log "cluster up in $((SECONDS - started_at))s"
print_result started
