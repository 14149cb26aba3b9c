import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../../../src/core/lint/apply-edits';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import type { Finding } from '../../../../src/core/lint/types';
import { rule as rocmWithoutKfd } from '../../../../src/core/lint/rules/compose/mlc417-rocm-without-kfd';

/** A service `api` built from ./api that maps /dev/dri alone. */
const text = ['services:', '  api:', '    build: ./api', '    devices:', '      - /dev/dri:/dev/dri', ''].join('\n');

const findings = (dockerfile?: string): Finding[] =>
  lintCompose(text, { config: emptyConfig(), rules: [rocmWithoutKfd], ...(dockerfile ? { builtDockerfiles: new Map([['api/Dockerfile', dockerfile]]) } : {}) }).findings;

describe('s36: MLC417 tells a ROCm service by the base image of the Dockerfile it builds', () => {
  it('reports a build from a ROCm base (an ARG default too) and maps /dev/kfd beside /dev/dri', () => {
    const [found] = findings('ARG ROCM_IMAGE=rocm/dev-ubuntu-22.04:6.1\nFROM ${ROCM_IMAGE}\nRUN pip install llama-cpp-python\n');
    assert.match(found?.message ?? '', /^Service "api" runs ROCm \(it is built from the ROCm image rocm\/dev-ubuntu-22\.04:6\.1\) and maps \/dev\/dri but not \/dev\/kfd/);
    assert.match(applyTextEdits(text, found?.fix?.edits ?? []), /devices:\n {6}- \/dev\/kfd:\/dev\/kfd\n {6}- \/dev\/dri:\/dev\/dri\n/);
  });

  it('stays silent on other bases, and without the Dockerfile when nothing else says ROCm', () => {
    assert.deepEqual(findings('FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y --no-install-recommends vainfo\n'), []);
    assert.deepEqual(findings(), []);
  });
});
