import * as assert from 'node:assert/strict';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import { composeRules } from '../../../../src/core/lint/rules/compose';

const rule = composeRules.find((r) => r.meta.id === 'MLC105');

function messages(service: string[]): string[] {
  assert.ok(rule, 'MLC105 is registered');
  const text = ['services:', '  app:', '    image: acme/app:1.0', ...service.map((line) => `    ${line}`), ''].join('\n');
  return lintCompose(text, { path: 'compose.yaml', rules: [rule] }).findings.map((f) => f.message);
}

describe('MLC105 confinement-disabled (s31)', () => {
  it('names the entry, what it turns off and the narrower way, for each form Docker reads', () => {
    assert.match(messages(['security_opt: [seccomp=unconfined]'])[0] ?? '', /sets seccomp=unconfined, which turns off Docker's syscall filter; remove it.*SYS_PTRACE.*seccomp=\.\/profile\.json/);
    assert.match(messages(['security_opt: ["apparmor:unconfined"]'])[0] ?? '', /AppArmor profile.*apparmor=NAME/);
    assert.match(messages(['security_opt: [systempaths=unconfined]'])[0] ?? '', /\/proc\/kcore/);
    assert.match(messages(['security_opt: ["label=disable"]'])[0] ?? '', /SELinux separation.*:z.*:Z/);
  });

  it("tells a ROCm service (/dev/kfd) what AMD's docs give seccomp=unconfined for, and that SYS_NICE allows it", () => {
    const [message, ...rest] = messages(['devices: [/dev/kfd, /dev/dri]', 'security_opt: [seccomp=unconfined]']);
    assert.equal(rest.length, 0);
    assert.match(message ?? '', /ROCm docs list it as optional, for NUMA memory binding \(numactl\), which `cap_add: \[SYS_NICE\]` allows/);
  });

  it('leaves entries that keep or narrow confinement, and a privileged service (MLC103 reports it)', () => {
    assert.deepEqual(messages(['security_opt: [no-new-privileges:true, seccomp=./profile.json, apparmor=docker-default, "label=level:s0:c100,c200", "Seccomp=unconfined"]']), []);
    assert.deepEqual(messages(['privileged: true', 'security_opt: [seccomp:unconfined]']), []);
  });
});
