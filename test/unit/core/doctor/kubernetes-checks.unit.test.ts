import * as assert from 'node:assert/strict';
import type { ClusterProbe, KubernetesFacts } from '../../../../src/core/doctor/facts';
import { checkCluster, checkCurrentContext, checkExecPlugins, checkKubeconfigFiles } from '../../../../src/core/doctor/kubernetes-checks';
import { loadFacts } from '../../support/fixtures';

const healthy = (): KubernetesFacts => loadFacts('healthy-gpu-workstation').kubernetes;
const broken = (): KubernetesFacts => loadFacts('locked-out-laptop').kubernetes;
const eks = (): KubernetesFacts => loadFacts('eks-missing-plugins').kubernetes;

function kube(overrides: Partial<KubernetesFacts>): KubernetesFacts {
  return { source: 'default', files: [{ path: '/home/ada/.kube/config', exists: true }], contexts: [], execPlugins: [], ...overrides };
}

describe('core/doctor/kubernetes-checks', () => {
  describe('checkKubeconfigFiles', () => {
    it('is info with provider hints when no file exists (none)', () => {
      const f = checkKubeconfigFiles(loadFacts('cpu-build-box-cli').kubernetes);
      assert.equal(f.id, 'kubernetes.kubeconfig');
      assert.equal(f.status, 'info');
      assert.equal(
        f.summary,
        'No kubeconfig file found (looked at /Users/cy/.kube/config, from the default location). Kubernetes features stay idle until one exists.',
      );
      assert.match(f.fix ?? '', /gcloud container clusters get-credentials/);
      assert.match(f.fix ?? '', /aws eks update-kubeconfig/);
      assert.match(f.fix ?? '', /az aks get-credentials/);
    });

    it('says it looked at nothing when KUBECONFIG named no path', () => {
      const f = checkKubeconfigFiles(kube({ source: 'KUBECONFIG', files: [] }));
      assert.equal(f.status, 'info');
      assert.match(f.summary, /\(looked at nothing, from the KUBECONFIG environment variable\)/);
    });

    it('is an error listing each malformed file, even next to a missing one', () => {
      const f = checkKubeconfigFiles(broken());
      assert.equal(f.status, 'error');
      assert.equal(f.summary, 'A kubeconfig file could not be used.');
      assert.deepEqual(f.details, ['/home/bob/.kube/config: invalid YAML at line 7: Nested mappings are not allowed in compact mappings']);
      assert.match(f.fix ?? '', /kubectl config view/);
    });

    it('counts several malformed files', () => {
      const f = checkKubeconfigFiles(
        kube({
          source: 'KUBECONFIG',
          files: [
            { path: '/a', exists: true, problem: 'binary content, not YAML' },
            { path: '/b', exists: true },
            { path: '/c', exists: true, problem: 'the top level is not a mapping' },
          ],
        }),
      );
      assert.equal(f.status, 'error');
      assert.equal(f.summary, '2 kubeconfig files could not be used.');
      assert.deepEqual(f.details, ['/a: binary content, not YAML', '/c: the top level is not a mapping']);
    });

    it('is ok with the files, the source and the context names', () => {
      const f = checkKubeconfigFiles(healthy());
      assert.equal(f.status, 'ok');
      assert.equal(f.summary, '/home/ada/.kube/config (from the default location): 2 contexts (gke_ml-prod_europe-west4_train, kind-dev).');
      assert.equal(f.fix, undefined);
    });

    it('uses the singular for one context and omits the list for none', () => {
      const one = checkKubeconfigFiles(kube({ source: 'setting', contexts: [{ name: 'kind-dev', cluster: 'kind-dev', user: 'kind-dev' }] }));
      assert.equal(one.summary, '/home/ada/.kube/config (from the `mlc.kubernetes.kubeconfig` setting): 1 context (kind-dev).');
      const none = checkKubeconfigFiles(kube({}));
      assert.equal(none.status, 'ok');
      assert.equal(none.summary, '/home/ada/.kube/config (from the default location): 0 contexts.');
    });

    it('lists only the files that exist', () => {
      const f = checkKubeconfigFiles(kube({ source: 'KUBECONFIG', files: [{ path: '/gone', exists: false }, { path: '/here', exists: true }] }));
      assert.equal(f.status, 'ok');
      assert.match(f.summary, /^\/here \(from the KUBECONFIG environment variable\): /);
    });
  });

  describe('checkCurrentContext', () => {
    it('says nothing when no kubeconfig could be used', () => {
      assert.equal(checkCurrentContext(broken()), undefined);
      assert.equal(checkCurrentContext(loadFacts('cpu-build-box-cli').kubernetes), undefined);
    });

    it('warns when contexts exist but none is current, suggesting the first', () => {
      const facts = healthy();
      delete facts.currentContext;
      const f = checkCurrentContext(facts);
      assert.equal(f?.status, 'warning');
      assert.equal(f?.summary, 'No current context is set.');
      assert.equal(f?.fix, 'Choose one: `kubectl config use-context gke_ml-prod_europe-west4_train`.');
    });

    it('is info without a fix when the kubeconfig defines no contexts', () => {
      const f = checkCurrentContext(kube({}));
      assert.equal(f?.status, 'info');
      assert.equal(f?.summary, 'The kubeconfig defines no contexts.');
      assert.equal(f?.fix, undefined);
    });

    it('is an error when the current context is not defined in the files, listing the defined ones', () => {
      const facts = healthy();
      facts.currentContext = 'staging';
      const f = checkCurrentContext(facts);
      assert.equal(f?.status, 'error');
      assert.equal(f?.summary, 'The current context "staging" is not defined in any kubeconfig file.');
      assert.equal(f?.fix, 'Switch to a defined context: `gke_ml-prod_europe-west4_train`, `kind-dev`.');
    });

    it('says none is defined when the current context points into an empty file', () => {
      const f = checkCurrentContext(kube({ currentContext: 'ghost' }));
      assert.equal(f?.status, 'error');
      assert.equal(f?.fix, 'Switch to a defined context: none is defined.');
    });

    it('is ok with cluster, server, user and namespace', () => {
      const f = checkCurrentContext(healthy());
      assert.deepEqual(f, {
        id: 'kubernetes.context',
        area: 'kubernetes',
        status: 'ok',
        title: 'Current context',
        summary: '"kind-dev": cluster kind-dev at https://127.0.0.1:40123, user kind-dev, namespace ml.',
      });
    });

    it('defaults the namespace and leaves out an unknown server', () => {
      const f = checkCurrentContext(kube({ contexts: [{ name: 'c', cluster: 'k', user: 'u' }], currentContext: 'c' }));
      assert.equal(f?.summary, '"c": cluster k, user u, namespace default.');
    });
  });

  describe('checkExecPlugins', () => {
    it('says nothing when no user runs a credential plugin', () => {
      assert.equal(checkExecPlugins(kube({})), undefined);
    });

    it('is ok with the resolved paths when every plugin is found', () => {
      const f = checkExecPlugins(healthy());
      assert.equal(f?.status, 'ok');
      assert.equal(f?.summary, 'Found gke-gcloud-auth-plugin (/usr/lib/google-cloud-sdk/bin/gke-gcloud-auth-plugin).');
    });

    it('is an error naming each missing plugin and its users', () => {
      const f = checkExecPlugins(eks());
      assert.equal(f?.id, 'kubernetes.exec-plugins');
      assert.equal(f?.status, 'error');
      assert.equal(
        f?.summary,
        'Missing from PATH: `aws` (used by arn:aws:eks:us-west-2:123456789012:cluster/train); `kubelogin` (used by clusterUser_ml_aks-infer, clusterAdmin_ml_aks-infer). Contexts that use them cannot authenticate.',
      );
      assert.match(f?.fix ?? '', /absolute path in the kubeconfig's `exec\.command`/);
      assert.match(f?.fix ?? '', /shorter PATH than your shell/);
    });

    it('uses "it" for a single missing plugin', () => {
      const f = checkExecPlugins(kube({ execPlugins: [{ command: 'kubelogin', users: ['aks'] }] }));
      assert.equal(f?.summary, 'Missing from PATH: `kubelogin` (used by aks). Contexts that use it cannot authenticate.');
    });
  });

  describe('checkCluster', () => {
    it('says nothing when the cluster was not probed', () => {
      assert.equal(checkCluster(broken()), undefined);
    });

    it('is ok with the Kubernetes version and platform', () => {
      const f = checkCluster(healthy());
      assert.equal(f?.status, 'ok');
      assert.equal(f?.summary, 'The cluster of "kind-dev" answers: Kubernetes v1.34.4 (linux/amd64).');
    });

    it('leaves out an unknown platform', () => {
      const f = checkCluster(kube({ currentContext: 'kind-dev', probe: { ok: true, gitVersion: 'v1.30.0' } }));
      assert.equal(f?.summary, 'The cluster of "kind-dev" answers: Kubernetes v1.30.0.');
    });

    const kinds: [Extract<ClusterProbe, { ok: false }>['kind'], RegExp][] = [
      ['unreachable', /VPN, tunnel, port/],
      ['unauthorized', /credentials were refused/],
      ['forbidden', /may not read \/version/],
      ['tls', /certificate-authority\(-data\)/],
      ['timeout', /did not answer in time/],
      ['exec-plugin', /credential plugin failed/],
      ['config', /incomplete: fix the kubeconfig/],
      ['other', /ML Containers log/],
    ];
    for (const [kind, fix] of kinds) {
      it(`is an error with a ${kind}-specific fix and the probe message as detail`, () => {
        const f = checkCluster(kube({ currentContext: 'prod', probe: { ok: false, kind, message: `it went wrong (${kind})` } }));
        assert.equal(f?.id, 'kubernetes.cluster');
        assert.equal(f?.status, 'error');
        assert.equal(f?.summary, 'The cluster of "prod" could not be reached.');
        assert.match(f?.fix ?? '', fix);
        assert.deepEqual(f?.details, [`it went wrong (${kind})`]);
      });
    }
  });
});
