import * as assert from 'node:assert/strict';
import {
  mergeKubeconfigs,
  parseKubeconfig,
  splitKubeconfigPaths,
  type Kubeconfig,
  type KubeconfigParse,
} from '../../../../src/core/kubernetes/kubeconfig';
import { readFixture } from '../../support/fixtures';

function ok(parse: KubeconfigParse): Kubeconfig {
  if (!parse.ok) {
    assert.fail(`expected a kubeconfig, got the problem: ${parse.problem}`);
  }
  return parse.config;
}

function problem(parse: KubeconfigParse): string {
  if (parse.ok) {
    assert.fail(`expected a problem, got a kubeconfig with ${parse.config.contexts.length} contexts`);
  }
  return parse.problem;
}

const caData = Buffer.from(readFixture('tls', 'ca.pem')).toString('base64');

describe('core/kubernetes/kubeconfig', () => {
  describe('parseKubeconfig on a real-looking multi-cloud kubeconfig', () => {
    const config = ok(parseKubeconfig(readFixture('kubeconfig', 'multi-cloud.yaml')));

    it('reads the current context and every context with cluster, user and namespace', () => {
      assert.equal(config.currentContext, 'kind-dev');
      assert.deepEqual(config.contexts, [
        { name: 'gke_ml-prod_europe-west4_train', cluster: 'gke_ml-prod_europe-west4_train', user: 'gke_ml-prod_europe-west4_train', namespace: undefined },
        { name: 'eks-train', cluster: 'arn:aws:eks:us-west-2:123456789012:cluster/train', user: 'arn:aws:eks:us-west-2:123456789012:cluster/train', namespace: 'training' },
        { name: 'kind-dev', cluster: 'kind-dev', user: 'kind-dev', namespace: 'ml' },
        { name: 'onprem', cluster: 'onprem', user: 'onprem-admin', namespace: undefined },
        { name: 'lab', cluster: 'lab', user: 'lab-sa', namespace: undefined },
      ]);
    });

    it('reads clusters with CA data, CA files, tls-server-name and insecure-skip-tls-verify', () => {
      assert.deepEqual(
        config.clusters.map((c) => c.name),
        ['gke_ml-prod_europe-west4_train', 'arn:aws:eks:us-west-2:123456789012:cluster/train', 'kind-dev', 'onprem', 'lab'],
      );
      assert.deepEqual(config.clusters[2], {
        name: 'kind-dev',
        server: 'https://127.0.0.1:40123',
        certificateAuthority: undefined,
        certificateAuthorityData: caData,
        insecureSkipTlsVerify: false,
        tlsServerName: undefined,
      });
      assert.deepEqual(config.clusters[3], {
        name: 'onprem',
        server: 'https://10.20.0.1:6443',
        certificateAuthority: 'certs/onprem-ca.crt',
        certificateAuthorityData: undefined,
        insecureSkipTlsVerify: false,
        tlsServerName: 'kubernetes.default.svc',
      });
      assert.equal(config.clusters[4]?.insecureSkipTlsVerify, true);
    });

    it('reads exec plugins with apiVersion, args and env', () => {
      const gke = config.users.find((u) => u.name === 'gke_ml-prod_europe-west4_train');
      assert.deepEqual(gke?.exec, { command: 'gke-gcloud-auth-plugin', args: [], env: [], apiVersion: 'client.authentication.k8s.io/v1beta1' });
      const eks = config.users.find((u) => u.name === 'arn:aws:eks:us-west-2:123456789012:cluster/train');
      assert.deepEqual(eks?.exec, {
        command: 'aws',
        args: ['--region', 'us-west-2', 'eks', 'get-token', '--cluster-name', 'train', '--output', 'json'],
        env: [
          { name: 'AWS_PROFILE', value: 'ml-admin' },
          { name: 'AWS_STS_REGIONAL_ENDPOINTS', value: 'regional' },
        ],
        apiVersion: 'client.authentication.k8s.io/v1beta1',
      });
    });

    it('reads client certificates (data and files), tokens, token files and basic auth', () => {
      const user = (name: string) => config.users.find((u) => u.name === name);
      assert.equal(user('kind-dev')?.clientCertificateData, 'Q0VSVA==');
      assert.equal(user('kind-dev')?.clientKeyData, 'S0VZ');
      assert.equal(user('kind-dev')?.exec, undefined);
      assert.equal(user('onprem-admin')?.clientCertificate, 'certs/admin.crt');
      assert.equal(user('onprem-admin')?.clientKey, 'certs/admin.key');
      assert.equal(user('ci-bot')?.token, 'eyJhbGciOiJSUzI1NiIsImtpZCI6InRlc3QifQ.eyJzdWIiOiJjaS1ib3QifQ.c2ln');
      assert.equal(user('lab-sa')?.tokenFile, 'secrets/lab.token');
      assert.equal(user('lab-basic')?.username, 'admin');
      assert.equal(user('lab-basic')?.password, 'hunter2');
    });

    it('records the name of a legacy auth-provider', () => {
      const legacy = config.users.find((u) => u.name === 'legacy-gcp');
      assert.equal(legacy?.authProvider, 'gcp');
      assert.equal(legacy?.exec, undefined);
      assert.equal(config.users.length, 8);
    });
  });

  describe('parseKubeconfig on what is not a kubeconfig', () => {
    it('reports invalid YAML', () => {
      const p = problem(parseKubeconfig(readFixture('kubeconfig', 'invalid-indentation.yaml')));
      assert.match(p, /^invalid YAML/);
      assert.doesNotMatch(p, /\n/);
    });

    it('says on which line the YAML is invalid', () => {
      const p = problem(parseKubeconfig(readFixture('kubeconfig', 'invalid-indentation.yaml')));
      assert.equal(p, 'invalid YAML at line 7: All mapping items must start at the same column');
    });

    it('reports an unterminated quote as invalid YAML', () => {
      assert.match(problem(parseKubeconfig('apiVersion: v1\ncurrent-context: "kind-dev\n')), /^invalid YAML.*Missing closing "quote/);
    });

    it('refuses binary content', () => {
      assert.equal(problem(parseKubeconfig('apiVersion: v1\n\u0000\u0001\u0002')), 'binary content, not YAML');
    });

    it('refuses a top-level scalar or list', () => {
      assert.equal(problem(parseKubeconfig('just some text')), 'the top level is not a mapping');
      assert.equal(problem(parseKubeconfig('42')), 'the top level is not a mapping');
      assert.equal(problem(parseKubeconfig('- name: a\n- name: b\n')), 'the top level is not a mapping');
    });

    it('reports a list key that is not a list', () => {
      assert.equal(problem(parseKubeconfig('clusters:\n  kind-dev:\n    server: https://x\n')), '"clusters" must be a list');
      assert.equal(problem(parseKubeconfig('users: alice\n')), '"users" must be a list');
    });

    it('reports entries without names, joining every problem', () => {
      const text = [
        'clusters:',
        '  - cluster: {server: "https://a"}',
        '  - name: ok',
        '    cluster: {server: "https://b"}',
        'users:',
        '  - plain-string',
        'contexts:',
        '  - name: 5',
        '    context: {cluster: ok, user: u}',
      ].join('\n');
      assert.equal(problem(parseKubeconfig(text)), 'clusters[0] has no name; users[0] has no name; contexts[0] has no name');
    });

    it('stops a billion-laughs alias bomb with a problem instead of expanding it', () => {
      const p = problem(parseKubeconfig(readFixture('kubeconfig', 'billion-laughs.yaml')));
      assert.match(p, /alias/i);
    });
  });

  describe('parseKubeconfig on empty and minimal files', () => {
    it('accepts an empty file as an empty kubeconfig', () => {
      assert.deepEqual(ok(parseKubeconfig('')), { clusters: [], users: [], contexts: [] });
    });

    it('accepts a file of comments and blank lines', () => {
      assert.deepEqual(ok(parseKubeconfig('\n# nothing yet\n   \n')), { clusters: [], users: [], contexts: [] });
    });

    it('accepts null lists and an empty current-context', () => {
      const config = ok(parseKubeconfig('apiVersion: v1\nclusters: ~\nusers: null\ncontexts: []\ncurrent-context: ""\n'));
      assert.deepEqual(config, { clusters: [], users: [], contexts: [] });
    });

    it('tolerates entries without a body and odd exec fields', () => {
      const text = [
        'clusters:',
        '  - name: bare',
        'users:',
        '  - name: no-command',
        '    user: {exec: {args: [a]}}',
        '  - name: odd',
        '    user:',
        '      exec:',
        '        command: kubelogin',
        '        args: [get-token, 7, --login, azurecli]',
        '        env: [{name: A, value: "1"}, {value: no-name}, {name: B}, just-text]',
        'contexts:',
        '  - name: c',
      ].join('\n');
      const config = ok(parseKubeconfig(text));
      assert.deepEqual(config.clusters, [
        { name: 'bare', server: undefined, certificateAuthority: undefined, certificateAuthorityData: undefined, insecureSkipTlsVerify: false, tlsServerName: undefined },
      ]);
      assert.equal(config.users[0]?.exec, undefined);
      assert.deepEqual(config.users[1]?.exec, {
        command: 'kubelogin',
        args: ['get-token', '--login', 'azurecli'],
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: '' },
        ],
      });
      assert.deepEqual(config.contexts, [{ name: 'c', cluster: '', user: '', namespace: undefined }]);
    });
  });

  describe('mergeKubeconfigs', () => {
    const a: Kubeconfig = {
      clusters: [{ name: 'shared', server: 'https://from-a' }, { name: 'only-a', server: 'https://a' }],
      users: [{ name: 'u', token: 'token-a' }],
      contexts: [{ name: 'ctx', cluster: 'shared', user: 'u' }],
    };
    const b: Kubeconfig = {
      clusters: [{ name: 'shared', server: 'https://from-b' }, { name: 'only-b', server: 'https://b' }],
      users: [{ name: 'u', token: 'token-b' }, { name: 'v', token: 'token-v' }],
      contexts: [{ name: 'ctx', cluster: 'only-b', user: 'v', namespace: 'b' }, { name: 'ctx-b', cluster: 'only-b', user: 'v' }],
      currentContext: 'ctx-b',
    };
    const c: Kubeconfig = { clusters: [], users: [], contexts: [], currentContext: 'from-c' };

    it('keeps the first definition of each name, in file order', () => {
      const merged = mergeKubeconfigs([a, b]);
      assert.deepEqual(merged.clusters, [{ name: 'shared', server: 'https://from-a' }, { name: 'only-a', server: 'https://a' }, { name: 'only-b', server: 'https://b' }]);
      assert.deepEqual(merged.users, [{ name: 'u', token: 'token-a' }, { name: 'v', token: 'token-v' }]);
      assert.deepEqual(merged.contexts, [{ name: 'ctx', cluster: 'shared', user: 'u' }, { name: 'ctx-b', cluster: 'only-b', user: 'v' }]);
    });

    it('takes current-context from the first file that sets one', () => {
      assert.equal(mergeKubeconfigs([a, b, c]).currentContext, 'ctx-b');
      assert.equal(mergeKubeconfigs([c, b]).currentContext, 'from-c');
      assert.equal(mergeKubeconfigs([a]).currentContext, undefined);
    });

    it('merges nothing into an empty kubeconfig', () => {
      assert.deepEqual(mergeKubeconfigs([]), { clusters: [], users: [], contexts: [] });
    });
  });

  describe('splitKubeconfigPaths', () => {
    it('splits on ":" on POSIX, dropping empties and repeats', () => {
      assert.deepEqual(splitKubeconfigPaths('/home/ada/.kube/config::/srv/kube/team.yaml:/home/ada/.kube/config:', 'linux'), ['/home/ada/.kube/config', '/srv/kube/team.yaml']);
      assert.deepEqual(splitKubeconfigPaths('a;b', 'darwin'), ['a;b']);
    });

    it('splits on ";" on Windows, keeping drive letters intact', () => {
      assert.deepEqual(splitKubeconfigPaths('C:\\Users\\ada\\.kube\\config;;D:\\kube\\team.yaml;C:\\Users\\ada\\.kube\\config', 'win32'), [
        'C:\\Users\\ada\\.kube\\config',
        'D:\\kube\\team.yaml',
      ]);
    });

    it('yields nothing for an empty value or separators only', () => {
      assert.deepEqual(splitKubeconfigPaths('', 'linux'), []);
      assert.deepEqual(splitKubeconfigPaths(':::', 'linux'), []);
      assert.deepEqual(splitKubeconfigPaths(';;', 'win32'), []);
    });
  });
});
