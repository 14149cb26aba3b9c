import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../../../src/core/lint/apply-edits';
import { parseMlcConfig } from '../../../../src/core/lint/config';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

function mlk414(text: string) {
  const parsed = parseMlcConfig('rules:\n  MLK414: on\n');
  assert.ok(parsed.ok);
  const result = lintManifest(text, { config: parsed.config });
  assert.deepEqual([...result.problems, ...result.findings.filter((f) => f.ruleId === 'MLK001')], []);
  return result.findings.filter((f) => f.ruleId === 'MLK414');
}

interface Shape {
  spec?: string[];
  launcher?: string[];
  launcherCommand?: string[];
  workerReplicas?: number;
  workerPod?: string[];
  workerLimits?: string;
}

/** A Volcano MPI Job: launcher task "mpimaster", two workers that only run sshd -D on one GPU each. */
function vcjob(s: Shape = {}): string {
  return [
    'apiVersion: batch.volcano.sh/v1alpha1',
    'kind: Job',
    'metadata: {name: mpi-gpu}',
    'spec:',
    '  minAvailable: 3',
    ...(s.spec ?? []),
    '  plugins: {ssh: [], svc: []}',
    '  tasks:',
    '    - replicas: 1',
    '      name: mpimaster',
    ...(s.launcher ?? []),
    '      template:',
    '        spec:',
    '          containers:',
    '            - name: mpimaster',
    '              image: registry.example/mpi:1.0',
    ...(s.launcherCommand ?? ['              command: ["/bin/bash", "-c", "/usr/sbin/sshd; mpiexec --hostfile /etc/volcano/mpiworker.host -np 2 python train.py"]']),
    '          restartPolicy: OnFailure',
    `    - replicas: ${s.workerReplicas ?? 2}`,
    '      name: mpiworker',
    '      template:',
    '        spec:',
    ...(s.workerPod ?? []),
    '          containers:',
    '            - name: mpiworker',
    '              image: registry.example/mpi:1.0',
    '              command:',
    '                - /bin/bash',
    '                - -c',
    '                - |',
    '                  mkdir -p /var/run/sshd; /usr/sbin/sshd -D;',
    `              resources: {limits: {${s.workerLimits ?? 'nvidia.com/gpu: 1'}}}`,
    '          restartPolicy: OnFailure',
    '',
  ].join('\n');
}

describe('MLK414: a GPU Volcano Job whose workers only run sshd never completes', () => {
  it('is reported at the launcher task, says why and what to add; the fix adds the policy, and the fixed Job is not reported', () => {
    const text = vcjob();
    const [f, ...rest] = mlk414(text);
    assert.ok(f);
    assert.equal(rest.length, 0);
    assert.deepEqual([f.range.start.line, f.range.start.column, f.range.end.column], [9, 13, 22]);
    assert.match(f.message, /^This GPU Volcano Job never completes: task "mpiworker" only runs an SSH daemon, which never exits, and no policy completes the Job when the launcher task "mpimaster" finishes/);
    assert.match(f.message, /holds the GPUs after the run; add policies: \[\{event: TaskCompleted, action: CompleteJob\}\] to task "mpimaster" \(or set minSuccess to 1\)\.$/);
    const fixed = applyTextEdits(text, f.fix?.edits ?? []);
    assert.match(fixed, /- replicas: 1\n {6}policies:\n {8}- event: TaskCompleted\n {10}action: CompleteJob\n {6}name: mpimaster\n/);
    assert.deepEqual(mlk414(fixed), []);
  });

  it('is silent when a job-level policy, or one on the launcher, ends the Job once a task completes', () => {
    assert.deepEqual(mlk414(vcjob({ spec: ['  policies:', '    - {event: TaskCompleted, action: CompleteJob}'] })), []);
    assert.deepEqual(mlk414(vcjob({ launcher: ['      policies:', '        - events: [TaskCompleted]', '          action: TerminateJob'] })), []);
    assert.deepEqual(mlk414(vcjob({ spec: ['  policies:', '    - {event: "*", action: AbortJob}'] })), []);
  });

  it('still reports a Job whose policies only restart it; the launcher then gets no fix (its policies exist)', () => {
    const [f] = mlk414(vcjob({ spec: ['  policies:', '    - {event: PodEvicted, action: RestartJob}'], launcher: ['      policies:', '        - {event: PodFailed, action: RestartJob}'] }));
    assert.ok(f);
    assert.equal(f.fix, undefined);
  });

  it('weighs minSuccess: the launcher’s pods reaching it complete the Job; one that counts the workers’ pods does not', () => {
    assert.deepEqual(mlk414(vcjob({ spec: ['  minSuccess: 1'] })), []);
    const [f] = mlk414(vcjob({ spec: ['  minSuccess: 3'] }));
    assert.ok(f);
    assert.match(f.message, /finishes, and minSuccess: 3 counts pods that never succeed, so the Job stays Running/);
    assert.match(f.message, /\(or lower minSuccess to 1\)\.$/);
  });

  it('is silent when the workers hold no accelerator, have a pod deadline, or have no replicas', () => {
    assert.deepEqual(mlk414(vcjob({ workerLimits: 'cpu: 2' })), []);
    assert.deepEqual(mlk414(vcjob({ workerPod: ['          activeDeadlineSeconds: 86400'] })), []);
    assert.deepEqual(mlk414(vcjob({ workerReplicas: 0 })), []);
  });

  it('is silent when no task launches anything (every task only runs sshd: a box users log in to)', () => {
    const launcherSshd = ['              command: ["/usr/sbin/sshd", "-D"]'];
    assert.deepEqual(mlk414(vcjob({ launcherCommand: launcherSshd })), []);
  });

  it('names several launcher tasks at the tasks key, without a fix', () => {
    const text = vcjob().replace('  tasks:\n', '  tasks:\n    - replicas: 1\n      name: prepare\n      template:\n        spec:\n          containers:\n            - {name: prep, image: registry.example/prep:1.0, command: [python, prepare.py]}\n');
    const [f] = mlk414(text);
    assert.ok(f);
    assert.equal(f.range.start.line, 7);
    assert.match(f.message, /when the launcher \(tasks "prepare" and "mpimaster"\) finishes/);
    assert.match(f.message, /to the task that runs the launcher \(or set minSuccess to 2\)\.$/);
    assert.equal(f.fix, undefined);
  });

  it('names the job after its accelerators', () => {
    const [f] = mlk414(vcjob({ workerLimits: 'habana.ai/gaudi: 8' }));
    assert.match(f?.message ?? '', /^This accelerator Volcano Job never completes: .* holds the accelerators after the run;/);
  });
});
