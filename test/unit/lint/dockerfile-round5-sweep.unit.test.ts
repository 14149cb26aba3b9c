import * as assert from 'node:assert/strict';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';

function lint(id: string, text: string) {
  return lintDockerfile(text, { rules: dockerfileRules.filter((r) => r.meta.id === id) }).findings;
}

describe('Dockerfile rules on real ML images (round 5)', () => {
  it('MLD406 names the package that pins torch and says how to keep the NGC build', () => {
    // gabrielclark3330/voxtral: uv installs vllm[audio] on nvcr.io/nvidia/pytorch:24.08-py3.
    const findings = lint('MLD406', 'FROM nvcr.io/nvidia/pytorch:24.08-py3\nRUN uv pip install --system -U "vllm[audio]" --torch-backend=auto\n');
    assert.equal(findings.length, 1);
    assert.equal(
      findings[0]?.message,
      "vllm requires one exact torch release, so installing it replaces the tuned torch build NVIDIA ships in nvcr.io/nvidia/pytorch:24.08-py3 with a stock wheel; start from an image made for vllm, or build vllm from source against the base's torch.",
    );
  });

  it('MLD408 reports ADD of a weights URL by its file name', () => {
    // ultralytics/ultralytics' Jetson image: ADD <release URL>/yolo11n.pt .
    const findings = lint('MLD408', 'FROM python:3.11-slim\nADD https://example.com/v8.3.0/yolo11n.pt?raw=1 /app/\n');
    assert.equal(findings.length, 1);
    assert.match(findings[0]?.message ?? '', /^Downloading yolo11n\.pt with ADD bakes model weights into the image at build time/);
  });

  it('MLD413 tells a ggml CUDA build to turn GGML_NATIVE off and name its architectures', () => {
    const findings = lint('MLD413', 'FROM nvidia/cuda:12.4.1-devel-ubuntu22.04\nRUN cmake -B build -DGGML_CUDA=ON\n');
    assert.equal(findings.length, 1);
    assert.match(findings[0]?.message ?? '', /GGML_NATIVE on \(its default\).*fails on a builder without one; add -DGGML_NATIVE=OFF -DCMAKE_CUDA_ARCHITECTURES="80;86;89;90" \(the architectures you deploy on\)\.$/);
  });

  it('MLD025 asks for -y on a bare apt-get upgrade', () => {
    // wangyuche/YT2Text: RUN apt-get upgrade with no -y aborts at apt's prompt.
    const findings = lint('MLD025', 'FROM python:3.11.5\nRUN apt-get update\nRUN apt-get upgrade\n');
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.message, 'apt-get upgrade may stop to ask for confirmation, which fails the build; add -y.');
  });
});
