import * as assert from 'node:assert/strict';
import { unixSocketPath } from '../../../../src/core/docker/endpoint';
import { engineProbeFailure, engineProbeFromResponses } from '../../../../src/core/docker/engine-facts';

describe('core/docker/engine-facts', () => {
  describe('engineProbeFromResponses', () => {
    it('turns /version and /info of a GPU engine into facts, runtimes sorted, GPU resources as hints', () => {
      // A real /version answer carries more than the probe reads.
      const versionAnswer = { Version: '27.3.1', ApiVersion: '1.47', MinAPIVersion: '1.24', Os: 'linux', Arch: 'amd64', KernelVersion: '6.8.0' };
      const probe = engineProbeFromResponses(
        versionAnswer,
        {
          Runtimes: { runc: { path: 'runc' }, nvidia: { path: 'nvidia-container-runtime' }, 'io.containerd.runc.v2': { path: 'runc' } },
          DefaultRuntime: 'nvidia',
          GenericResources: [
            { DiscreteResourceSpec: { Kind: 'NVIDIA-GPU', Value: 4 } },
            { DiscreteResourceSpec: { Kind: 'SSD', Value: 1 } },
            {},
          ],
        },
      );
      assert.deepEqual(probe, {
        ok: true,
        serverVersion: '27.3.1',
        apiVersion: '1.47',
        os: 'linux',
        arch: 'amd64',
        runtimes: ['io.containerd.runc.v2', 'nvidia', 'runc'],
        defaultRuntime: 'nvidia',
        gpuHints: ['generic resource NVIDIA-GPU=4'],
      });
    });

    it('fills what an engine leaves out', () => {
      assert.deepEqual(engineProbeFromResponses({}, { Runtimes: null, GenericResources: null }), {
        ok: true,
        serverVersion: 'unknown',
        apiVersion: '0',
        os: 'unknown',
        arch: 'unknown',
        runtimes: [],
        defaultRuntime: 'runc',
        gpuHints: [],
      });
    });
  });

  describe('engineProbeFailure', () => {
    it('classifies Node socket errors and keeps their code', () => {
      const err = Object.assign(new Error('connect EACCES /var/run/docker.sock'), { code: 'EACCES' });
      assert.deepEqual(engineProbeFailure(err), { ok: false, kind: 'permission-denied', code: 'EACCES', message: 'connect EACCES /var/run/docker.sock' });
      const missing = Object.assign(new Error('connect ENOENT /var/run/docker.sock'), { code: 'ENOENT' });
      assert.equal(engineProbeFailure(missing).kind, 'socket-missing');
    });

    it('recognises an engine too old for the API, from the JSON message of an HTTP 400', () => {
      const err = { statusCode: 400, message: '(HTTP code 400) unexpected', json: { message: 'client version 1.41 is too new. Maximum supported API version is 1.40' } };
      assert.deepEqual(engineProbeFailure(err), { ok: false, kind: 'api-too-old', message: 'client version 1.41 is too new. Maximum supported API version is 1.40' });
    });

    it('reports an unsupported scheme', () => {
      const err = Object.assign(new Error('unsupported Docker endpoint scheme fd:'), { code: 'EUNSUPPORTED' });
      assert.deepEqual(engineProbeFailure(err), { ok: false, kind: 'unsupported-scheme', code: 'EUNSUPPORTED', message: 'unsupported Docker endpoint scheme fd:' });
    });

    it('copes with throws that are not errors', () => {
      assert.deepEqual(engineProbeFailure(null), { ok: false, kind: 'other', message: 'null' });
      assert.deepEqual(engineProbeFailure('socket hang up'), { ok: false, kind: 'other', message: 'socket hang up' });
    });
  });

  describe('unixSocketPath', () => {
    it('takes the path verbatim, as the docker CLI does', () => {
      assert.equal(unixSocketPath('unix:///var/run/docker.sock'), '/var/run/docker.sock');
      assert.equal(unixSocketPath('unix:///Users/cy/Library/Application Support/docker.sock'), '/Users/cy/Library/Application Support/docker.sock');
      assert.equal(unixSocketPath('unix:///tmp/a%20b.sock'), '/tmp/a%20b.sock');
    });
  });
});
