import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

/** MLK116's messages for a Pod whose one container declares port 80, with these pod-level lines under `spec:`. */
function lowPort(podLines: readonly string[]): string[] {
  const text = ['apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec:', ...podLines.map((l) => `  ${l}`), '  containers:', '    - name: c',
    '      image: registry.example/x:1', '      ports: [{containerPort: 80}]', '      securityContext: {runAsUser: 101}', ''].join('\n');
  return lintManifest(text).findings.filter((f) => f.ruleId === 'MLK116').map((f) => f.message);
}

describe('MLK116 (s34): a low port needs root only where the runtime leaves ip_unprivileged_port_start at 1024', () => {
  it('in the pod\'s own network namespace: says which runtimes lower the sysctl, and offers it as a fix', () => {
    const [message] = lowPort([]);
    assert.match(message ?? '', /may bind only where the runtime lowers net\.ipv4\.ip_unprivileged_port_start \(containerd 2\.x does by default; CRI-O and containerd 1\.x do not\)/);
    assert.match(message ?? '', /set that sysctl to 0 in the pod's securityContext\.sysctls/);
    assert.doesNotMatch(message ?? '', /which needs root/);
  });

  it('on the host network no runtime default applies: root or NET_BIND_SERVICE, and no sysctl advice', () => {
    assert.deepEqual(lowPort(['hostNetwork: true']), [
      'container "c" listens on privileged port 80 on the host network, where only root or the NET_BIND_SERVICE capability may bind it; listen on a port ≥ 1024, or add only the NET_BIND_SERVICE capability (drop the rest).',
    ]);
  });

  it('near miss: the pod lowering the sysctl itself is still silent', () => {
    assert.deepEqual(lowPort(['securityContext:', '  sysctls: [{name: net.ipv4.ip_unprivileged_port_start, value: "0"}]']), []);
  });
});
