import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../../src/core/lint/apply-edits';
import { compatibleFixes } from '../../../src/core/lint/compatible-fixes';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { lintManifest } from '../../../src/core/lint/kubernetes/lint';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';
import type { Finding } from '../../../src/core/lint/types';

const dockerfileFindings = (ids: readonly string[], lines: readonly string[]): Finding[] =>
  lintDockerfile(`${lines.join('\n')}\n`, { rules: dockerfileRules.filter((r) => ids.includes(r.meta.id)) }).findings;

/** Where each rule's finding starts: `MLD306@4`. */
const at = (findings: readonly Finding[]): string[] => findings.map((f) => `${f.ruleId}@${f.range.start.line}`).sort();

describe('round 14: MLD306 reads an ADD of the build context as the source copy, not an ADD of a URL', () => {
  const after = (add: string) => dockerfileFindings(['MLD306'], ['FROM python:3.12-slim', 'WORKDIR /app', add, 'RUN pip install --no-cache-dir -r requirements.txt']);

  it('ADD . /app and ADD --chown=… . . bring in the source tree', () => {
    assert.deepEqual(at(after('ADD . /app')), ['MLD306@4']);
    assert.deepEqual(at(after('ADD --chown=1000:1000 . .')), ['MLD306@4']);
    assert.match(after('ADD ./ /app/')[0]?.message ?? '', /after the ADD on line 3 .*COPY requirements\.txt first, install, then ADD the rest/);
  });

  it('an ADD of a remote file or a git repository does not', () => {
    assert.deepEqual(at(after('ADD https://example.com/src.tar.gz .')), []);
    assert.deepEqual(at(after('ADD https://github.com/org/project.git#v1.0 .')), []);
    assert.deepEqual(at(after('ADD git@github.com:org/project.git /app')), []);
  });
});

describe('round 14: MLD301 and MLD302 judge the apt CLI as apt-get, and their fixes combine with MLD504', () => {
  const ids = ['MLD301', 'MLD302', 'MLD504'];

  it('apt update && apt install -y reports the lists and the recommends, as apt-get does', () => {
    assert.deepEqual(at(dockerfileFindings(['MLD301', 'MLD302'], ['FROM ubuntu:24.04', 'RUN apt update && apt install -y curl'])), ['MLD301@2', 'MLD302@2']);
    assert.deepEqual(at(dockerfileFindings(['MLD301', 'MLD302'], ['FROM ubuntu:24.04', 'RUN apt -y update && apt -y install --no-install-recommends curl && rm -rf /var/lib/apt/lists/*'])), []);
  });

  it('the three fixes together give one clean apt-get RUN', () => {
    const lines = ['FROM ubuntu:24.04', 'RUN apt update && apt install -y curl'];
    const findings = dockerfileFindings(ids, lines);
    const chosen = compatibleFixes(findings);
    assert.equal(chosen.length, findings.filter((f) => f.fix).length, 'no two fixes overlap');
    const fixed = applyTextEdits(`${lines.join('\n')}\n`, chosen.flatMap((f) => f.fix?.edits ?? []));
    assert.equal(fixed, 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install --no-install-recommends -y curl && rm -rf /var/lib/apt/lists/*\n');
    assert.deepEqual(at(dockerfileFindings(ids, fixed.trimEnd().split('\n'))), []);
  });
});

describe('round 14: MLK415 probes Triton on /v2/health/ready when its args start tritonserver', () => {
  const deployment = (container: string) =>
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: triton}',
      'spec:',
      '  selector: {matchLabels: {app: triton}}',
      '  template:',
      '    metadata: {labels: {app: triton}}',
      '    spec:',
      '      containers:',
      '        - name: triton',
      container,
      '          resources: {limits: {nvidia.com/gpu: 1}}',
      '',
    ].join('\n');
  /** The probe MLK415's fix inserts, as `path port`. */
  const probe = (container: string): string => {
    const findings = lintManifest(deployment(container), { fixes: true }).findings.filter((f) => f.ruleId === 'MLK415');
    assert.equal(findings.length, 1);
    const text = findings[0]?.fix?.edits[0]?.newText ?? '';
    return `${/path: (\S+)/.exec(text)?.[1]} ${/port: (\S+)/.exec(text)?.[1]}`;
  };

  it('a custom image named triton, tritonserver in its args (the entry point runs them)', () => {
    assert.equal(probe('          image: registry.example/triton:latest\n          args: ["tritonserver", "--model-repository=/models"]\n          ports: [{containerPort: 8000}]'), '/v2/health/ready 8000');
    assert.equal(probe('          image: triton:24.08\n          args: ["/opt/tritonserver/bin/tritonserver", "--model-repository=/models", "--http-port=8080"]'), '/v2/health/ready 8080');
  });

  it('a command, or a shell, starting tritonserver on such an image', () => {
    assert.equal(probe('          image: triton:24.08\n          command: ["tritonserver", "--model-repository=/models"]'), '/v2/health/ready 8000');
    assert.equal(probe('          image: registry.example/triton:latest\n          command: ["sh", "-c"]\n          args: ["exec tritonserver --model-repository=/models --http-port=9000"]'), '/v2/health/ready 9000');
  });

  it("Triton's own image takes the HTTP port its args set", () => {
    assert.equal(probe('          image: nvcr.io/nvidia/tritonserver:24.08-py3\n          args: ["tritonserver", "--model-repository=/models", "--http-port=9000"]'), '/v2/health/ready 9000');
  });

  it('an image named triton that runs something else keeps the generic /health', () => {
    assert.equal(probe('          image: triton:24.08\n          ports: [{containerPort: 8000}]'), '/health 8000');
    assert.equal(probe('          image: registry.example/triton:latest\n          args: ["vllm", "serve", "/models/triton-7b"]'), '/health 8000');
  });
});
