import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import type { Finding } from '../../../../src/core/lint/types';

const findings = (lines: readonly string[], ruleId: string): Finding[] => lintCompose(`${lines.join('\n')}\n`, { config: emptyConfig() }).findings.filter((f) => f.ruleId === ruleId);

describe('s32 sweep: MLC410 on a port entry shared through an anchor names every service it publishes', () => {
  // AbdBarho/stable-diffusion-webui-docker: one x-base_service ports entry for A1111 (Gradio), InvokeAI and ComfyUI.
  const base = ['x-base_service: &base_service', '  ports:', '    - "${WEBUI_PORT:-7860}:7860"', 'services:'];
  const auto = ['  auto: &automatic', '    <<: *base_service', '    image: universonic/stable-diffusion-webui:full', '    command: ["--listen", "--api"]'];
  const autoCpu = ['  auto-cpu:', '    <<: *automatic'];
  const comfy = ['  comfy:', '    <<: *base_service', '    build: ./services/comfy/', '    image: sd-comfy:4'];

  it('adds the services without a finding of their own, once, to the merged message', () => {
    const all = findings([...base, ...auto, ...autoCpu, ...comfy], 'MLC410');
    assert.equal(all.length, 1);
    assert.match(all[0]?.message ?? '', /^Service "auto" \(also "auto-cpu", through this shared entry\) publishes a Gradio web UI .*; the same entry publishes "comfy" too; bind it to 127\.0\.0\.1/);
  });

  it('says nothing more where every service on the entry is reported, or an entry is a service\'s own', () => {
    const shared = findings([...base, ...auto, ...autoCpu], 'MLC410');
    assert.equal(shared.length, 1);
    assert.doesNotMatch(shared[0]?.message ?? '', /the same entry/);
    const own = ['services:', '  ui:', '    image: universonic/stable-diffusion-webui:full', '    command: ["--listen"]', '    ports:', '      - "7860:7860"', '  other:', '    image: nginx:1.27', '    ports:', '      - "8080:80"'];
    const all = findings(own, 'MLC410');
    assert.equal(all.length, 1);
    assert.doesNotMatch(all[0]?.message ?? '', /the same entry/);
  });
});
