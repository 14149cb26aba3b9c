import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';

const lint = (id: string, text: string, envFile?: string) =>
  lintCompose(text, { config: emptyConfig(), ...(envFile !== undefined ? { envFile } : {}) }).findings.filter((f) => f.ruleId === id);
const lines = (id: string, text: string, envFile?: string) => lint(id, text, envFile).map((f) => f.range.start.line);

describe('Compose rules read long-syntax ports, ipc and /dev/shm mounts as Compose interpolates them', () => {
  describe('long-syntax ports', () => {
    const notebook = (port: string) => `services:\n  lab:\n    image: acme/lab:1.0\n    ports:\n${port}`;

    it('a target is read by its default or the .env value; one without either leaves the entry unjudged', () => {
      assert.deepEqual(lines('MLC410', notebook('      - target: ${LAB_TARGET:-8888}\n        published: 9999\n')), [6]);
      assert.deepEqual(lines('MLC410', notebook('      - target: ${LAB_TARGET}\n        published: 9999\n'), 'LAB_TARGET=8888\n'), [6]);
      assert.deepEqual(lines('MLC410', notebook('      - target: ${LAB_TARGET:-8888}\n        host_ip: 127.0.0.1\n        published: 9999\n')), []);
      const unknown = notebook('      - target: ${LAB_TARGET}\n        published: 7007\n');
      assert.deepEqual(lines('MLC102', unknown), []);
      assert.deepEqual(lines('MLC410', unknown), []);
    });

    it('a target and protocol from .env decide a duplicate bind; a default target does too', () => {
      const two = (target: string, protocol: string) => `services:\n  a:\n    image: acme/a:1\n    ports:\n      - "5353:5353/udp"\n  b:\n    image: acme/b:1\n    ports:\n      - target: ${target}\n        published: 5353\n        protocol: ${protocol}\n`;
      assert.deepEqual(lines('MLC004', two('${DNS_PORT:-53}', '${DNS_PROTO:-udp}')), [10]);
      assert.deepEqual(lines('MLC004', two('${DNS_PORT}', '${DNS_PROTO}'), 'DNS_PORT=53\nDNS_PROTO=udp\n'), [10]);
      assert.deepEqual(lines('MLC004', two('${DNS_PORT:-53}', '${DNS_PROTO:-tcp}')), []);
    });
  });

  describe('MLC405 gpu-service-without-shm', () => {
    const vllm = (extra: string) => `services:\n  llm:\n    image: vllm/vllm-openai:v0.8.0\n    gpus: all\n${extra}`;

    it('ipc is read by its default or the .env value; one without either is unknown and not judged', () => {
      assert.deepEqual(lines('MLC405', vllm('    ipc: ${IPC_MODE:-host}\n')), []);
      assert.deepEqual(lines('MLC405', vllm('    ipc: ${IPC_MODE}\n')), []);
      assert.deepEqual(lines('MLC405', vllm('    ipc: ${IPC_MODE}\n'), 'IPC_MODE=host\n'), []);
      assert.deepEqual(lines('MLC405', vllm('    ipc: ${IPC_MODE}\n'), 'IPC_MODE=shareable\n'), [2]);
      assert.deepEqual(lines('MLC405', vllm('    ipc: ${IPC_MODE:-shareable}\n')), [2]);
    });

    it('a tmpfs at /dev/shm is sized by the default or .env value of its size (go-units sizes); an unknown size is not judged', () => {
      assert.deepEqual(lines('MLC405', vllm('    tmpfs:\n      - /dev/shm:size=${SHM:-64m}\n')), [2]);
      assert.deepEqual(lines('MLC405', vllm('    tmpfs:\n      - /dev/shm:size=${SHM:-64m}\n'), 'SHM=2GiB\n'), []);
      assert.deepEqual(lines('MLC405', vllm('    tmpfs:\n      - /dev/shm:size=${SHM}\n')), []);
      const long = vllm('    volumes:\n      - type: tmpfs\n        target: /dev/shm\n        tmpfs:\n          size: ${SHM_BYTES}\n');
      assert.deepEqual(lines('MLC405', long), []);
      assert.deepEqual(lines('MLC405', long, 'SHM_BYTES=64m\n'), [2]);
      assert.deepEqual(lines('MLC405', long, 'SHM_BYTES=2 g\n'), []);
    });

    it('a mount target is read by its default; one from a variable without a value may be /dev/shm; another path is no /dev/shm', () => {
      const mount = (target: string) => vllm(`    volumes:\n      - type: tmpfs\n        target: ${target}\n        tmpfs:\n          size: 2gb\n`);
      assert.deepEqual(lines('MLC405', mount('${SHM_TARGET:-/dev/shm}')), []);
      assert.deepEqual(lines('MLC405', mount('${SHM_TARGET}')), []);
      assert.deepEqual(lines('MLC405', mount('/tmp')), [2]);
      assert.deepEqual(lines('MLC405', vllm('    volumes:\n      - ${SHM_HOST:-/dev/shm}:${SHM_TARGET:-/dev/shm}\n')), []);
      assert.deepEqual(lines('MLC405', vllm('    tmpfs:\n      - /tmp:size=${TMP_SIZE}\n')), [2]);
      assert.deepEqual(lines('MLC405', vllm('    volumes:\n      - ./data:/data/${RUN_NAME}\n')), [2]);
      assert.deepEqual(lines('MLC405', vllm('    tmpfs:\n      - ${SHM_DIR}:size=64m\n')), [2]);
      assert.deepEqual(lines('MLC405', vllm('    tmpfs:\n      - ${SHM_DIR}\n')), []);
    });
  });
});
