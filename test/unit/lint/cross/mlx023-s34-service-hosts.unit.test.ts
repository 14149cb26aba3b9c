import * as assert from 'node:assert/strict';
import type { WorkspaceFinding } from '../../../../src/core/lint/cross/lint';
import { hostLabelRanges } from '../../../../src/core/lint/cross/host-ranges';
import { mayNameHosts, namedHosts } from '../../../../src/core/lint/cross/named-hosts';
import { clusterMadeService, nearServiceNames, serviceHostOf } from '../../../../src/core/lint/cross/service-hosts';
import type { Range, TextEdit } from '../../../../src/core/lint/types';
import { YamlView } from '../../../../src/core/lint/yaml/access';
import type { ContainerRef } from '../../../../src/core/lint/kubernetes/model';
import { parseYaml } from '../../../../src/core/lint/yaml/parse';
import { lintTree } from './lint-tree';

describe('serviceHostOf: the Service a host names in the forms the cluster DNS answers', () => {
  it('reads svc, svc.ns, svc.ns.svc and svc.ns.svc.cluster.local', () => {
    assert.deepEqual(serviceHostOf('decode-engine'), { service: 'decode-engine' });
    assert.deepEqual(serviceHostOf('embedder.search'), { service: 'embedder', namespace: 'search' });
    assert.deepEqual(serviceHostOf('embedder.search.svc'), { service: 'embedder', namespace: 'search' });
    assert.deepEqual(serviceHostOf('embedder.search.svc.cluster.local'), { service: 'embedder', namespace: 'search' });
  });

  it('leaves other dotted names alone: external hosts, pod records, another cluster domain', () => {
    for (const host of ['api.openai.com', 'vllm-router.internal.corp', 'trainer-0.trainer-workers.train', 'embedder.search.svc.corp.example', 'embedder.search.svc.cluster', 'a.b.c.d.e.f']) {
      assert.equal(serviceHostOf(host), undefined, host);
    }
  });

  it('leaves names no Service has or that are no typo alone: replica names, keywords, placeholders, a digit first, too long', () => {
    for (const host of ['redis-0', 'trainer-workers-1', 'auto', 'default', 'none', 'local', 'your-decode-engine', 'replace-me', '1password', `a${'b'.repeat(63)}`, 'svc.-ns']) {
      assert.equal(serviceHostOf(host), undefined, host);
    }
  });

  it('knows the Services the control plane makes', () => {
    assert.equal(clusterMadeService('default', 'kubernetes'), true);
    assert.equal(clusterMadeService('kube-system', 'kube-dns'), true);
    assert.equal(clusterMadeService('serving', 'kubernetes'), false);
  });
});

describe('nearServiceNames: the Services a host most likely misspells', () => {
  it('finds the same words after another release prefix, and only the Service they match', () => {
    assert.deepEqual(nearServiceNames('vllm-llama-decode-engine-service', ['pd-llama-prefill-engine-service', 'pd-llama-decode-engine-service']), ['pd-llama-decode-engine-service']);
  });

  it('finds a few edits, more for longer names', () => {
    assert.deepEqual(nearServiceNames('embeder', ['embedder', 'indexer']), ['embedder']);
    assert.deepEqual(nearServiceNames('model-gatewy-svc', ['model-gateway-svc']), ['model-gateway-svc']);
    assert.deepEqual(nearServiceNames('modl-gatewy-svc', ['model-gateway-svc']), ['model-gateway-svc']);
    assert.deepEqual(nearServiceNames('embdr', ['embedder']), []);
  });

  it('finds nothing for short names, one shared word, dashes only, or the name itself', () => {
    assert.deepEqual(nearServiceNames('api', ['app']), []);
    assert.deepEqual(nearServiceNames('prefill-svc', ['decode-svc']), []);
    assert.deepEqual(nearServiceNames('kvrouter', ['kv-router']), []);
    assert.deepEqual(nearServiceNames('redis', ['redis']), []);
  });

  it('returns every name at the least distance, nearest first', () => {
    assert.deepEqual(nearServiceNames('model-ab-svc', ['model-ac-svc', 'model-ad-svc', 'model-abcd-svc']), ['model-ac-svc', 'model-ad-svc']);
    assert.deepEqual(nearServiceNames('model-ab-svc', ['model-abcd-svc', 'model-ac-svc']), ['model-ac-svc']);
  });
});

describe('hostLabelRanges: where a host stands in a scalar as written', () => {
  function ranges(yaml: string, host: string, labelLength = host.length): string[] {
    const file = parseYaml(yaml);
    const document = file.documents[0];
    assert.ok(document);
    const view = new YamlView(file, document);
    const node = view.get(view.root, 'v');
    assert.ok(node);
    return hostLabelRanges(file, node, host, labelLength).map((r: Range) => `${r.start.line}:${r.start.column}-${r.end.line}:${r.end.column}`);
  }

  it('finds it in a URL, a host:port, in any case, each time it stands whole', () => {
    assert.deepEqual(ranges('v: "http://embeder.search.svc:8080/v1"', 'embeder.search.svc', 7), ['1:12-1:19']);
    assert.deepEqual(ranges('v: Embeder:8080', 'embeder'), ['1:4-1:11']);
    assert.deepEqual(ranges('v: |\n  curl http://embeder:80/a\n  nc embeder 80\n', 'embeder'), ['2:15-2:22', '3:6-3:13']);
  });

  it('skips it inside a longer name, and gives nothing where the source writes it otherwise', () => {
    assert.deepEqual(ranges('v: "x-embeder:80 embeder.example.com embeder.:1"', 'embeder'), ['1:38-1:45']);
    assert.deepEqual(ranges('v: "emb\\x65der:80"', 'embeder'), []);
  });
});

describe('mayNameHosts: a cheap test that namedHosts may find a host in a container', () => {
  function container(yaml: string): { view: YamlView; c: ContainerRef } {
    const file = parseYaml(yaml);
    const document = file.documents[0];
    assert.ok(document);
    const view = new YamlView(file, document);
    const node = view.root;
    assert.ok(node && 'items' in node);
    return { view, c: { node, kind: 'containers', anchor: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } } } as ContainerRef };
  }

  it('is true wherever namedHosts finds one: a host flag and its value in two items, URLs, host env names, assignments', () => {
    for (const yaml of [
      'args: [--redis-host, redis]',
      'command: [sh, -c]\nargs: ["curl http://api:8000/"]',
      'args: ["--peer=decode-svc:5555"]',
      'command: ["env", "CACHE_ADDR=redis", "python", "serve.py"]',
      'env: [{name: REDIS_HOST, value: redis}]',
      'env: [{name: PEERS, value: "a-svc:1,b-svc:2"}]',
      'env: [{name: LEADER, value: "$(LWS_LEADER_ADDRESS)"}]',
    ]) {
      const { view, c } = container(yaml);
      assert.ok(namedHosts(view, c).length > 0, yaml);
      assert.equal(mayNameHosts(view, c), true, yaml);
    }
  });

  it('is false for a serving command without a host in it', () => {
    const { view, c } = container('args: ["--model", "meta-llama/Llama-3-8B", "--port", "8000"]\nenv: [{name: HF_HOME, value: /data}]');
    assert.equal(mayNameHosts(view, c), false);
  });
});

function only(findings: readonly WorkspaceFinding[]): WorkspaceFinding[] {
  return findings.filter((f) => f.ruleId === 'MLX023');
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = text.split('\n');
  for (const e of [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.column - a.range.start.column)) {
    const line = lines[e.range.start.line - 1] ?? '';
    lines[e.range.start.line - 1] = line.slice(0, e.range.start.column - 1) + e.newText + line.slice(e.range.end.column - 1);
  }
  return lines.join('\n');
}

const services = (...names: string[]): string => names.map((n) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${n}\n  namespace: pd\nspec:\n  selector: {app: ${n}}\n  ports: [{port: 8000}]\n`).join('---\n');

function prefill(env: string, podLines = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: prefill
  namespace: pd
spec:
  selector:
    matchLabels: {app: prefill}
  template:
    metadata:
      labels: {app: prefill}
    spec:${podLines}
      containers:
      - name: vllm
        image: vllm/vllm-openai:v0.8.5
        env:
${env}
`;
}

describe('MLX023: a host named like a Service that is not in scope, beside a near-identical one that is', () => {
  const receiver = '        - name: NIXL_RECEIVER_HOST\n          value: vllm-decode-svc';

  it('says the name will not resolve, offers the near Service, and the fix renames every occurrence', () => {
    const deployment = prefill(`${receiver}\n        - name: NIXL_PEERS\n          value: "vllm-decode-svc:5555,vllm-decode-svc:5556"`);
    const tree = { 'pd/services.yaml': services('pd-prefill-svc', 'pd-decode-svc'), 'pd/prefill.yaml': deployment };
    const [first, second, ...rest] = only(lintTree(tree));
    assert.deepEqual(rest, []);
    assert.equal(
      first?.message,
      'container vllm dials "vllm-decode-svc" (env NIXL_RECEIVER_HOST), but namespace pd has no Service of that name in scope, so the name will not resolve and the connection fails; use Service "pd-decode-svc", whose name is nearly the same, or add the Service it names.',
    );
    assert.deepEqual([first?.related?.file, first?.related?.message], ['pd/services.yaml', 'the Service the host likely means']);
    assert.equal(second?.fix?.edits.length, 2, 'both occurrences in the one value');
    let fixed = deployment;
    for (const f of [first, second]) {
      fixed = applyEdits(fixed, f?.fix?.edits ?? []);
    }
    assert.ok(fixed.includes('value: pd-decode-svc\n') && fixed.includes('"pd-decode-svc:5555,pd-decode-svc:5556"'), fixed);
    assert.deepEqual(only(lintTree({ ...tree, 'pd/prefill.yaml': fixed })), []);
  });

  it('names both Services when two are as near, and offers no fix then', () => {
    const [found] = only(lintTree({ 'pd.yaml': `${services('model-ac-svc', 'model-ad-svc')}---\n${prefill('        - name: MODEL_HOST\n          value: model-ab-svc')}` }));
    assert.match(found?.message ?? '', /use Service "model-ac-svc" or "model-ad-svc", whose names are nearly the same, or add the Service it names\.$/);
    assert.equal(found?.fix, undefined);
  });

  it('reads hosts in args and command too: URLs, host:port words and host flags', () => {
    const pod = (args: string) => `${services('pd-decode-svc')}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: pd\nspec:\n  containers:\n  - name: c\n    image: busybox:1.36\n    args: ${args}\n`;
    for (const args of ['[--peer-url, "http://vllm-decode-svc:8000/v1"]', '[--peer, "vllm-decode-svc:8000"]', '[--decode-host, vllm-decode-svc]', '["sh", "-c", "curl -s http://vllm-decode-svc.pd.svc:8000/health"]']) {
      assert.equal(only(lintTree({ 'p.yaml': pod(args) })).length, 1, args);
    }
  });

  it('stays silent on a hostNetwork pod that resolves through the node (MLX021 reports what it dials)', () => {
    assert.deepEqual(only(lintTree({ 'pd.yaml': `${services('pd-decode-svc')}---\n${prefill(receiver, '\n      hostNetwork: true')}` })), []);
    assert.equal(only(lintTree({ 'pd.yaml': `${services('pd-decode-svc')}---\n${prefill(receiver, '\n      hostNetwork: true\n      dnsPolicy: ClusterFirstWithHostNet')}` })).length, 1);
  });

  it("stays silent when the near Service is in another example's folder, or a Service of that name is anywhere in scope", () => {
    assert.deepEqual(only(lintTree({ 'examples/a/services.yaml': services('pd-decode-svc'), 'examples/b/prefill.yaml': prefill(receiver) })), []);
    assert.deepEqual(only(lintTree({ 'pd/services.yaml': services('pd-decode-svc'), 'pd/prefill.yaml': prefill(receiver), 'other/svc.yaml': services('vllm-decode-svc') })), []);
  });

  it('stays silent when a kustomize replacement writes the containers, a Helm chart or an operator may make the name', () => {
    const kustomization = 'resources: [services.yaml, prefill.yaml]\nreplacements:\n- source: {kind: Service, name: pd-decode-svc}\n  targets:\n  - select: {kind: Deployment}\n    fieldPaths:\n    - spec.template.spec.containers.[name=vllm].env.[name=NIXL_RECEIVER_HOST].value\n';
    assert.deepEqual(only(lintTree({ 'pd/kustomization.yaml': kustomization, 'pd/services.yaml': services('pd-decode-svc'), 'pd/prefill.yaml': prefill(receiver) })), []);
    const release = 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: vllm\n  namespace: pd\nspec:\n  chart: {spec: {chart: vllm-stack}}\n';
    assert.deepEqual(only(lintTree({ 'pd.yaml': `${services('pd-decode-svc')}---\n${release}---\n${prefill(receiver)}` })), []);
    const predictor = `${services('pd-decode-predictor')}---\n${prefill('        - name: NIXL_RECEIVER_HOST\n          value: vllm-decode-predictor')}`;
    const isvc = 'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: vllm-decode\n  namespace: pd\n';
    assert.equal(only(lintTree({ 'pd.yaml': predictor })).length, 1);
    assert.deepEqual(only(lintTree({ 'pd.yaml': `${predictor}---\n${isvc}` })), [], "KServe makes <isvc>-predictor");
  });
});
