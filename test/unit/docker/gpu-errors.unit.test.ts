import * as assert from 'node:assert/strict';
import { explainStartFailure, gpuReadiness } from '../../../src/core/docker/gpu-errors';

describe('core/docker/gpu-errors', () => {
  it('maps the engine\'s GPU start error to one sentence with the fix and a CPU offer', () => {
    const raw = '(HTTP code 500) server error - failed to create shim: OCI runtime create failed: could not select device driver "" with capabilities: [[gpu]] ';
    const e = explainStartFailure(raw);
    assert.equal(e?.kind, 'no-gpu-support');
    assert.equal(e?.offerCpu, true);
    assert.equal(
      e?.message,
      'This container asks for GPUs, but this Docker Engine has no NVIDIA GPU support: on a GPU host, install the NVIDIA Container Toolkit and run `sudo nvidia-ctk runtime configure --runtime=docker`, then restart Docker; on a CPU-only machine, run it with the CPU profile.',
    );
    assert.equal(e?.message.split(/[.;:] [A-Z]/).length, 1, 'one sentence');
    assert.equal(explainStartFailure('could not select device driver "nvidia" with capabilities: [[gpu]]')?.kind, 'no-gpu-support');
  });

  it('recognises the other GPU failures users meet', () => {
    assert.equal(explainStartFailure('Error response from daemon: unknown or invalid runtime name: nvidia')?.kind, 'runtime-missing');
    assert.equal(explainStartFailure('nvidia-container-cli: initialization error: nvml error: driver not loaded: unknown')?.kind, 'nvidia-driver');
    const unknown = explainStartFailure('nvidia-container-cli: device error: 7: unknown device: unknown');
    assert.equal(unknown?.kind, 'unknown-gpu');
    assert.equal(unknown?.offerCpu, false);
  });

  it('leaves other errors alone', () => {
    assert.equal(explainStartFailure('driver failed programming external connectivity: port is already allocated'), undefined);
  });

  it('judges GPU readiness from the engine\'s runtimes, as Check Environment does', () => {
    const cpu = gpuReadiness({ ok: true, serverVersion: '20.10.24', apiVersion: '1.41', os: 'linux', arch: 'amd64', runtimes: ['io.containerd.runc.v2', 'runc'], defaultRuntime: 'runc', gpuHints: [] });
    assert.equal(cpu.ready, false);
    assert.match(cpu.summary, /No NVIDIA runtime/);
    assert.match(cpu.ready ? '' : (cpu.fix ?? ''), /CPU run profile/);
    const gpu = gpuReadiness({ ok: true, serverVersion: '27.3.1', apiVersion: '1.47', os: 'linux', arch: 'amd64', runtimes: ['nvidia', 'runc'], defaultRuntime: 'runc', gpuHints: [] });
    assert.equal(gpu.ready, true);
    assert.equal(gpuReadiness({ ok: false, kind: 'connection-refused', message: 'x' }).ready, false);
  });
});
