import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

/** A rule's findings as `line:column text` (the text the range covers) and message. */
function findings(text: string, id: string): { at: string; message: string }[] {
  const lines = text.split('\n');
  return lintManifest(text)
    .findings.filter((f) => f.ruleId === id)
    .map((f) => ({ at: `${f.range.start.line}:${f.range.start.column} ${(lines[f.range.start.line - 1] ?? '').slice(f.range.start.column - 1, f.range.end.column - 1)}`, message: f.message }));
}

const pod = (container: string, podSecurity = ''): string =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n${podSecurity}  containers:\n    - name: c\n      image: registry.example/x:1\n${container}`;

describe('s31 Kubernetes sweep fixes', () => {
  describe('MLK117: quotes around a credential flag\'s value after `=`', () => {
    const shell = (script: string): string => pod(`      command: [sh, -c]\n      args: ["${script}"]\n`);

    it('takes an empty quoted Jupyter token or password for no secret', () => {
      assert.deepEqual(findings(shell("jupyter lab --NotebookApp.token='' --NotebookApp.password=''"), 'MLK117'), []);
      assert.deepEqual(findings(shell('jupyter lab --ServerApp.token=\\"\\" --port=8888'), 'MLK117'), []);
    });

    it('still reports a quoted literal, its range without the quote', () => {
      assert.deepEqual(
        findings(shell("vllm serve m --api-key='s3cr3t-key' --port 8000"), 'MLK117').map((f) => f.at),
        ['9:39 s3cr3t-key'],
      );
    });
  });

  describe('MLK107: an explicit Unconfined seccomp profile', () => {
    it('is reported at the container\'s type value, naming the pod profile it overrides', () => {
      const text = pod('      securityContext:\n        seccompProfile: {type: Unconfined}\n', '  securityContext:\n    seccompProfile: {type: RuntimeDefault}\n');
      const [f, ...rest] = findings(text, 'MLK107');
      assert.deepEqual(rest, []);
      assert.equal(f?.at, '11:32 Unconfined');
      assert.match(f?.message ?? '', /container "c" sets seccompProfile type Unconfined in its own securityContext/);
      assert.match(f?.message ?? '', /overrides the pod's RuntimeDefault/);
      assert.doesNotMatch(f?.message ?? '', /on the pod\./);
    });

    it('is reported once at the pod\'s type value, naming the containers that inherit it', () => {
      const text = `${pod('', '  securityContext:\n    seccompProfile: {type: Unconfined}\n')}    - name: d\n      image: registry.example/y:1\n`;
      const all = findings(text, 'MLK107');
      assert.deepEqual(all.map((f) => f.at), ['6:28 Unconfined']);
      assert.match(all[0]?.message ?? '', /^The pod's securityContext sets seccompProfile type Unconfined, which turns off syscall filtering for container "c" and container "d"/);
    });

    it('keeps its message for a container with no profile at all', () => {
      assert.match(findings(pod(''), 'MLK107')[0]?.message ?? '', /runs without a seccomp, AppArmor or SELinux profile; set securityContext\.seccompProfile: \{type: RuntimeDefault\} on the pod\./);
    });
  });

  describe('MLK411 and MLK412: HABANA_VISIBLE_DEVICES', () => {
    const env = (value: string, limits: string): string => `      env:\n        - name: HABANA_VISIBLE_DEVICES\n          value: "${value}"\n${limits}`;
    const gaudi = '      resources:\n        limits:\n          habana.ai/gaudi: 1\n';

    it('MLK411 tells a Gaudi pod to let its habana.ai/gaudi request decide, not a GPU request', () => {
      const [f] = findings(pod(env('all', gaudi)), 'MLK411');
      assert.equal(f?.message, 'container "c" sets HABANA_VISIBLE_DEVICES, which overrides the Gaudi devices the device plugin allocated; remove it and let the habana.ai/gaudi request decide.');
    });

    it('MLK411 leaves the variable alone in an NVIDIA pod, and the NVIDIA ones in a Gaudi pod', () => {
      assert.deepEqual(findings(pod(env('all', '      resources:\n        limits:\n          nvidia.com/gpu: 1\n')), 'MLK411'), []);
      const nvidiaInGaudi = pod(`      env:\n        - name: NVIDIA_VISIBLE_DEVICES\n          value: all\n${gaudi}`);
      assert.deepEqual(findings(nvidiaInGaudi, 'MLK411'), []);
    });

    it('MLK412 names Habana\'s runtime and the habana.ai/gaudi request', () => {
      const [f] = findings(pod(env('0,1', '')), 'MLK412');
      assert.match(f?.message ?? '', /sets HABANA_VISIBLE_DEVICES=0,1 without requesting a Gaudi, so Habana's container runtime may hand it every Gaudi on the node .*request habana\.ai\/gaudi in resources\.limits instead\.$/);
    });
  });
});
