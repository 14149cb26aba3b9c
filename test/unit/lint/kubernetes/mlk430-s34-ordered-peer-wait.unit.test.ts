import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { multiNodeLaunch } from '../../../../src/core/lint/rules/kubernetes/multi-node-launch';
import { namesPodDns, waitedPeer } from '../../../../src/core/lint/rules/kubernetes/peer-wait';
import { readyOnlyWhenServing } from '../../../../src/core/lint/rules/kubernetes/ready-after-start';
import { scriptFlow } from '../../../../src/core/lint/rules/kubernetes/script-flow';
import { scriptTokens } from '../../../../src/core/lint/rules/kubernetes/script-tokens';
import { YamlView } from '../../../../src/core/lint/yaml/access';
import { parseYaml } from '../../../../src/core/lint/yaml/parse';

/** The command line as the launcher reader gets it: blank-separated words, `;`, `&&` and `&` as separators. */
const line = (text: string): { text: string; separator: boolean }[] => text.split(/\s+/).filter((w) => w !== '').map((w) => ({ text: w, separator: /^(?:;|&&|&|\|\|)$/.test(w) }));
const launch = (text: string, env: Record<string, string> = {}) => multiNodeLaunch(line(text), new Map(Object.entries(env)));

/** A container mapping's probe gate, read through a view of its own document. */
function gate(containerYaml: string, ignored: number[] = []): string | undefined {
  const file = parseYaml(containerYaml);
  const view = new YamlView(file, file.documents[0] as (typeof file.documents)[number]);
  return readyOnlyWhenServing(view, view.root as never, new Set(ignored));
}

function mlk430(text: string): { line: number; message: string; fix?: string }[] {
  return lintManifest(text)
    .findings.filter((f) => f.ruleId === 'MLK430')
    .map((f) => ({ line: f.range.start.line, message: f.message, ...(f.fix ? { fix: f.fix.edits.map((e) => e.newText).join('') } : {}) }));
}

const statefulSet = (spec: string, pod: string, extra = ''): string =>
  `${extra}apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\n  namespace: ml\nspec:\n${spec}  serviceName: web\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n${pod}`;

const waitingServer = (script: string, probe = '          readinessProbe:\n            httpGet: {path: /health, port: 8000}\n'): string =>
  `      containers:\n        - name: server\n          image: registry.example/server:1\n          command: [bash, -c]\n          args:\n            - |\n${script
    .split('\n')
    .map((l) => `              ${l}`)
    .join('\n')}\n${probe}`;

describe('MLK430 statefulset-ordered-peer-wait (s34)', () => {
  describe('scriptTokens', () => {
    it('keeps quoted text and substitutions in their words, drops comments and joins continued lines', () => {
      const tokens = scriptTokens('A=$(kubectl get pod web-1 -o name) # wait for web-1\necho "a; b" \\\n  done 2>&1 &');
      assert.deepEqual(
        tokens.map((t) => (t.op ? `<${t.text === '\n' ? 'nl' : t.text}>` : t.text)),
        ['A=$(kubectl get pod web-1 -o name)', '<nl>', 'echo', '"a; b"', 'done', '2>&1', '<&>'],
      );
    });
  });

  describe('hostile scripts', () => {
    it('reads quotes and substitutions nested thousands deep without running out of stack', () => {
      const nested = `${'"$('.repeat(20000)}x${')"'.repeat(20000)}`;
      assert.deepEqual(scriptTokens(`${nested} web-1`).map((t) => t.text), [nested, 'web-1']);
      assert.equal(waitedPeer(`until nslookup ${'"$('.repeat(20000)}web-1.web; do sleep 1; done`, 'web', 0), undefined);
    });

    it('does not read a script nested deeper than any entrypoint', () => {
      assert.deepEqual(scriptFlow(`${'( '.repeat(40)}until nslookup web-1.web; do sleep 1; done`).words, []);
      assert.equal(waitedPeer(`${'( '.repeat(40)}until nslookup web-1.web; do sleep 1; done`, 'web', 0), undefined);
      assert.equal(waitedPeer(`${'( '.repeat(3)}until nslookup web-1.web; do sleep 1; done`, 'web', 0), 'web-1');
    });
  });

  describe('scriptFlow', () => {
    it('reads assignments, including exported ones, and where the script first sends something to the background', () => {
      const flow = scriptFlow('export PEER=$((1 - ORDINAL))\nB=2 run\nserver &\nwait');
      assert.deepEqual([...flow.assignments], [['PEER', ['$((1 - ORDINAL))']], ['B', ['2']]]);
      assert.equal(flow.firstBackground, 7);
    });

    it('counts a daemon start (`service ssh start`, `ray start`) as something left running', () => {
      assert.ok(Number.isFinite(scriptFlow('ray start --head\nuntil false; do sleep 1; done').firstBackground));
      assert.equal(scriptFlow('until false; do sleep 1; done').firstBackground, Infinity);
    });

    it('marks loops that break, count their tries or run in the background', () => {
      const blocksOf = (script: string, word: string) => scriptFlow(script).words.find((w) => w.text === word)?.blocks ?? [];
      assert.deepEqual(blocksOf('while true; do x=1; [ -n "$x" ] && break; sleep 1; done', 'sleep').map((b) => [b.kind, b.breaks]), [['while', true]]);
      assert.deepEqual(blocksOf('until ok || [ $i -ge 3 ]; do sleep 1; done', 'sleep').map((b) => [b.kind, b.counted]), [['until', true]]);
      assert.deepEqual(blocksOf('( until ok; do sleep 1; done ) > /tmp/log 2>&1 &', 'sleep').map((b) => [b.kind, b.background]), [['subshell', true], ['until', false]]);
      assert.deepEqual(blocksOf('f() { until ok; do sleep 1; done; }', 'sleep').map((b) => b.kind), ['function', 'until']);
    });
  });

  describe('waitedPeer', () => {
    const waits: [string, string][] = [
      ['until nslookup web-1.web; do sleep 2; done\nexec server', 'web-1'],
      ['while ! nc -z web-$((ORD+1)).web 80; do sleep 1; done', 'web-$((ORD+1))'],
      ['PEER=$((1 - ORDINAL))\nwhile true; do IP=$(kubectl get pod web-${PEER} -o name); [ -n "$IP" ] && break; sleep 5; done', 'web-${PEER}'],
      ['while [ -z "$IP" ]; do IP=$(getent hosts web-1.web); sleep 1; done', 'web-1'],
      ['( until nslookup web-2.web; do sleep 1; done )\nserve', 'web-2'],
      ['while true; do if nslookup web-1.web; then break; fi; sleep 1; done', 'web-1'],
    ];
    for (const [script, peer] of waits) {
      it(`finds the wait for ${peer} in ${JSON.stringify(script.slice(0, 40))}`, () => {
        assert.equal(waitedPeer(script, 'web', 0), peer);
      });
    }

    const noWaits: [string, string][] = [
      ['a wait for pod 0', 'until nslookup web-0.web; do sleep 2; done'],
      ['a wait for the pod before', 'until nc -z web-$((ORD-1)).web 80; do sleep 1; done'],
      ['a background wait', 'until nslookup web-1.web; do sleep 2; done &\nexec server'],
      ['a wait after a background server', 'server &\nuntil nslookup web-1.web; do sleep 2; done'],
      ['a wait after a daemon start', 'service ssh start\nuntil ssh web-1.web true; do sleep 1; done'],
      ['a wait in a branch', 'if [ "$I" = 0 ]; then until nslookup web-1.web; do sleep 2; done; fi'],
      ['a wait in an else branch', 'if [ "$I" != 0 ]; then x; else until nslookup web-1.web; do sleep 2; done; fi'],
      ['a wait in a function', 'w() { until nslookup web-1.web; do sleep 1; done; }\nw'],
      ['a monitor loop that never ends', 'while true; do curl web-1.web/health; sleep 10; done'],
      ['a bounded retry', 'i=0; until nslookup web-1.web || [ $i -ge 30 ]; do i=$((i+1)); sleep 1; done'],
      ['a for loop of tries', 'for i in $(seq 30); do nslookup web-1.web && break; sleep 1; done'],
      ['another set whose name ends with this one', 'until nslookup myweb-1.web; do sleep 1; done'],
      ['a name that only starts like a pod name', 'until nslookup web-1x.web; do sleep 1; done'],
      ['a comment', 'echo ok # until nslookup web-1; do sleep 1; done'],
      ['a variable the script never sets', 'until nslookup web-${PEER}.web; do sleep 1; done'],
      ['a loop the script never closes', 'until nslookup web-1.web; do sleep 1'],
    ];
    for (const [what, script] of noWaits) {
      it(`finds none in ${what}`, () => {
        assert.equal(waitedPeer(script, 'web', 0), undefined);
      });
    }

    it('tells a pod\'s DNS name from its bare name', () => {
      assert.deepEqual(
        ['--rdzv-endpoint=web-0.web:29400', 'curl http://web-$((I+1)).web.ml.svc:8000', 'kubectl get pod web-1 -o name', 'myweb-0.web', 'web-0:5000'].map((t) => namesPodDns(t, 'web')),
        [true, true, false, false, false],
      );
    });

    it('reads a variable from the container env and counts ordinals from the set\'s first one', () => {
      assert.equal(waitedPeer('until nslookup web-$PEER.web; do sleep 1; done', 'web', 0, new Map([['PEER', '1']])), 'web-$PEER');
      assert.equal(waitedPeer('until nslookup web-1.web; do sleep 1; done', 'web', 1), undefined);
      assert.equal(waitedPeer('until nslookup web-2.web; do sleep 1; done', 'web', 1), 'web-2');
    });
  });

  describe('multiNodeLaunch', () => {
    it('reads the node count of each launcher and server', () => {
      assert.deepEqual(
        [
          launch('torchrun --nnodes 2 --nproc-per-node 8 train.py'),
          launch('python -m torch.distributed.run --nnodes=2:4 train.py'),
          launch('accelerate launch --num_machines 3 train.py'),
          launch('deepspeed --num_nodes 2 --hostfile /etc/hosts train.py'),
          launch('python3 -m sglang.launch_server --model-path m --nnodes 2 --node-rank 0'),
          launch('vllm serve m --nnodes 2 --node-rank 0 --master-addr web-0.web'),
        ].map((l) => l && [l.program, l.flag, l.nodes]),
        [
          ['torchrun', '--nnodes', 2],
          ['python -m torch.distributed.run', '--nnodes', 2],
          ['accelerate launch', '--num_machines', 3],
          ['deepspeed', '--num_nodes', 2],
          ['SGLang', '--nnodes', 2],
          ['vLLM', '--nnodes', 2],
        ],
      );
    });

    it('reads a count from the container env, and nothing from a variable it does not set', () => {
      assert.equal(launch('torchrun --nnodes=$(NNODES) train.py', { NNODES: '4' })?.nodes, 4);
      assert.equal(launch('torchrun --nnodes ${NNODES} train.py', { NNODES: '1:4' }), undefined);
      assert.equal(launch('torchrun --nnodes $NNODES train.py'), undefined);
    });

    it('finds no group for one node, an elastic range from one node, another command, or a launcher in the background', () => {
      assert.equal(launch('torchrun --nnodes 1 train.py'), undefined);
      assert.equal(launch('torchrun --nnodes=1:4 train.py'), undefined);
      assert.equal(launch('pip install deepspeed && python train.py --num_nodes 2'), undefined);
      assert.equal(launch('torchrun --nnodes 2 train.py &'), undefined);
      assert.equal(launch('python health.py & torchrun --nnodes 2 train.py'), undefined);
      assert.equal(launch('torchrun --nnodes 1 a.py ; torchrun --nnodes 2 b.py')?.nodes, 2);
    });

    it('collects the ports its rendezvous may answer on', () => {
      assert.deepEqual([...(launch('torchrun --nnodes 2 --rdzv-endpoint web-0.web:29411 t.py', { MASTER_PORT: '23456' })?.rendezvousPorts ?? [])].sort(), [23456, 29400, 29411, 29500]);
      assert.deepEqual([...(launch('python3 -m sglang.launch_server --nnodes 2 --dist-init-addr web-0.web:5000')?.rendezvousPorts ?? [])], [5000]);
    });
  });

  describe('readyOnlyWhenServing', () => {
    it('takes a readinessProbe or startupProbe that asks a server port, named or numbered', () => {
      assert.equal(gate('ports: [{name: http, containerPort: 8000}]\nreadinessProbe: {httpGet: {path: /health, port: http}}'), 'readinessProbe');
      assert.equal(gate('startupProbe: {tcpSocket: {port: 9090}}'), 'startupProbe');
      assert.equal(gate('readinessProbe: {exec: {command: [sh, -c, "curl -f localhost:8000/health"]}}'), 'readinessProbe');
    });

    it('leaves out liveness probes, probes that cannot fail, file checks, SSH and the rendezvous store', () => {
      assert.equal(gate('livenessProbe: {httpGet: {path: /health, port: 8000}}'), undefined);
      assert.equal(gate('readinessProbe: {exec: {command: ["true"]}}'), undefined);
      assert.equal(gate('readinessProbe: {exec: {command: [test, -f, /tmp/started]}}'), undefined);
      assert.equal(gate('readinessProbe: {tcpSocket: {port: 22}}'), undefined);
      assert.equal(gate('readinessProbe: {tcpSocket: {port: 29500}}', [29500]), undefined);
    });
  });

  describe('the rule', () => {
    it('reports the written policy value and fixes it to Parallel', () => {
      const text = statefulSet('  replicas: 2\n  podManagementPolicy: OrderedReady\n', waitingServer('until nslookup web-1.web; do sleep 2; done\nexec serve --port 8000'));
      const [f, ...rest] = mlk430(text);
      assert.deepEqual(rest, []);
      assert.equal(f?.line, 8);
      assert.equal(f?.fix, 'Parallel');
      assert.match(f?.message ?? '', /^StatefulSet web starts its pods one at a time \(podManagementPolicy: OrderedReady\): it creates web-1 only once web-0 is Ready, but container "server" waits in a loop for pod web-1, and its readinessProbe cannot pass before then, so web-1 is never created; set podManagementPolicy: Parallel/);
    });

    it('asks for publishNotReadyAddresses when the pods find each other by DNS name, or a launcher\'s peers must reach pod 0', () => {
      const byDns = mlk430(statefulSet('  replicas: 2\n', waitingServer('until nslookup web-1.web; do sleep 2; done\nexec serve --port 8000')))[0]?.message ?? '';
      assert.match(byDns, /set podManagementPolicy: Parallel and publishNotReadyAddresses: true on Service web, whose pod DNS names resolve only for Ready pods \(/);
      const byApi = mlk430(statefulSet('  replicas: 2\n', waitingServer('until kubectl get pod web-1 -o name; do sleep 2; done\nexec serve --port 8000')))[0]?.message ?? '';
      assert.match(byApi, /set podManagementPolicy: Parallel \(podManagementPolicy cannot be changed/);
      const launcher = mlk430(statefulSet('  replicas: 2\n', waitingServer('exec python3 -m sglang.launch_server --nnodes 2 --dist-init-addr web-head:5000 --port 8000')))[0]?.message ?? '';
      assert.match(launcher, /runs SGLang with --nnodes 2, which serves only once both nodes have joined, and its readinessProbe cannot pass before then/);
      assert.match(launcher, /and publishNotReadyAddresses: true on any Service the other pods reach web-0 through/);
    });

    it('names the pods from spec.ordinals.start', () => {
      const text = statefulSet('  replicas: 3\n  ordinals: {start: 1}\n', waitingServer('until nslookup web-2.web; do sleep 2; done\nexec serve --port 8000'));
      assert.match(mlk430(text)[0]?.message ?? '', /it creates web-2 only once web-1 is Ready/);
      assert.deepEqual(mlk430(text.replace('web-2.web', 'web-1.web')), []);
    });

    it('reads a script from a ConfigMap of the same file through the volume\'s items, in the same namespace only', () => {
      const configMap = (namespace: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: scripts\n  namespace: ${namespace}\ndata:\n  wait: |\n    until nslookup web-1.web; do sleep 2; done\n    exec serve\n---\n`;
      const pod =
        '      containers:\n        - name: server\n          image: registry.example/server:1\n          command: [/bin/sh, /opt/bin/start.sh]\n' +
        '          readinessProbe: {httpGet: {path: /health, port: 8000}}\n          volumeMounts: [{name: s, mountPath: /opt/bin/}]\n' +
        '      volumes:\n        - name: s\n          configMap: {name: scripts, items: [{key: wait, path: start.sh}]}\n';
      assert.match(mlk430(statefulSet('  replicas: 2\n', pod, configMap('ml')))[0]?.message ?? '', /waits in a loop for pod web-1 in \/opt\/bin\/start\.sh/);
      assert.deepEqual(mlk430(statefulSet('  replicas: 2\n', pod, configMap('other'))), []);
    });

    it('is silent under Parallel and for replicas it cannot read', () => {
      const server = waitingServer('until nslookup web-1.web; do sleep 2; done\nexec serve');
      assert.deepEqual(mlk430(statefulSet('  replicas: 2\n  podManagementPolicy: Parallel\n', server)), []);
      assert.deepEqual(mlk430(statefulSet('  replicas: "2"\n', server)), []);
    });

    it('does not report a Deployment', () => {
      const text = statefulSet('  replicas: 2\n', waitingServer('until nslookup web-1.web; do sleep 2; done\nexec serve')).replace('kind: StatefulSet', 'kind: Deployment');
      assert.deepEqual(mlk430(text), []);
    });
  });
});
