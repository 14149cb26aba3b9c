import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import { isPlaceholderText, isSecretName } from '../../../../src/core/lint/rules/dockerfile/secrets';

const messages = (text: string, ruleId: string): string[] =>
  lintCompose(text, { config: emptyConfig() }).findings.filter((f) => f.ruleId === ruleId).map((f) => f.message);

const vocab = { allow: [], names: [] };

/** What the MLC405 message gives as the reason, between "which is" and the advice. */
const shmReasons = (text: string): (string | undefined)[] => messages(text, 'MLC405').map((m) => /, which is (.*); set shm_size/.exec(m)?.[1]);

describe('Compose round 2 sweep', () => {
  describe('MLC405 names NCCL and MPI as what needs /dev/shm', () => {
    const gpu = (name: string, image: string, command: string): string => `  ${name}:\n    image: ${image}\n    command: ${command}\n    gpus: all\n`;

    it('tells NCCL tests that NCCL keeps its shared-memory segments there, not DataLoader workers', () => {
      // coreweave/nccl-tests images run the benchmarks, one process over all GPUs or one rank per GPU under mpirun.
      const text = `services:\n${gpu('nccl', 'ghcr.io/coreweave/nccl-tests:12.4.1-cudnn-devel-ubuntu22.04-nccl2.21.5-1-85f9143', 'all_reduce_perf -b 8 -e 8G -f 2 -g 8')}${gpu('gather', 'acme/bench:1.0', '["bash", "-c", "mpirun -np 2 /opt/nccl-tests/build/all_gather_perf -b 8"]')}`;
      const reason = 'too small for the shared-memory segments NCCL creates there for communication between its ranks (processes, or threads of one process)';
      assert.deepEqual(shmReasons(text), [reason, reason]);
      assert.ok(messages(text, 'MLC405').every((m) => m.includes(' runs NCCL tests and keeps ') && !m.includes('DataLoader')));
    });

    it('tells MPI ranks about NCCL and MPI, and about DataLoader workers only when they train', () => {
      const text = `services:\n${gpu('ranks', 'nvcr.io/nvidia/pytorch:24.05-py3', 'mpirun --allow-run-as-root -np 8 python train.py')}${gpu('solver', 'acme/solver:1.0', 'mpiexec -n 4 ./solver')}`;
      const mpi = 'too small for the shared-memory segments NCCL creates there for communication between its ranks (processes, or threads of one process) and for MPI\'s own shared-memory transport between the ranks on this host';
      assert.deepEqual(shmReasons(text), [`${mpi}, as well as for the ranks' PyTorch DataLoader workers`, mpi]);
      assert.ok(messages(text, 'MLC405').every((m) => m.includes(' starts MPI ranks (mpirun) and keeps ')));
    });

    it('keeps the other reasons: Triton, and DataLoader workers for other GPU services', () => {
      const text = `services:\n${gpu('triton', 'nvcr.io/nvidia/tritonserver:24.05-py3', 'tritonserver --model-repository=/models')}${gpu('trainer', 'acme/trainer:1.0', 'python train.py')}`;
      const [triton, trainer] = shmReasons(text);
      assert.match(triton ?? '', /^too small for models on Triton's Python backend/);
      assert.equal(trainer, 'too small for PyTorch DataLoader workers and multi-GPU NCCL communication (NCCL keeps shared-memory segments in /dev/shm)');
    });
  });

  describe('MLC102 and MLC410 on a host port read from a variable', () => {
    it('says the bind depends on the variable when it has no default: it may hold a host IP too', () => {
      // Elastic's docker-compose.yml publishes ${ES_PORT}:9200 and documents ES_PORT=127.0.0.1:9200 in its .env.
      const text = 'services:\n  es01:\n    image: docker.elastic.co/elasticsearch/elasticsearch:8.15.0\n    ports:\n      - ${ES_PORT}:9200\n      - $TRANSPORT:9300\n';
      assert.deepEqual(messages(text, 'MLC102'), [
        'Service "es01" publishes host port ${ES_PORT} (container port 9200) on every interface if ES_PORT holds only a port (a value with a host IP, such as ES_PORT=127.0.0.1:9200 in an .env file, binds that IP alone); bind it to 127.0.0.1 (or a specific host IP) unless other machines must reach it.',
        'Service "es01" publishes host port $TRANSPORT (container port 9300) on every interface if TRANSPORT holds only a port (a value with a host IP, such as TRANSPORT=127.0.0.1:9300 in an .env file, binds that IP alone); bind it to 127.0.0.1 (or a specific host IP) unless other machines must reach it.',
      ]);
      const lab = 'services:\n  lab:\n    image: quay.io/jupyter/base-notebook:2024-10-07\n    ports:\n      - "${JUPYTER_PORT}:8888"\n';
      assert.deepEqual(messages(lab, 'MLC410').map((m) => /publishes Jupyter on (.*), and such UIs/.exec(m)?.[1]), [
        'every interface if JUPYTER_PORT holds only a port (a value with a host IP, such as JUPYTER_PORT=127.0.0.1:8888 in an .env file, binds that IP alone)',
      ]);
    });

    it('stays plain when the variable has a default, or is the container port as well (a port alone)', () => {
      // Quivr's Supabase db publishes ${POSTGRES_PORT}:${POSTGRES_PORT}; a default is what Compose binds without an override.
      const text = 'services:\n  db:\n    image: supabase/postgres:15.1.0.117\n    ports:\n      - ${POSTGRES_PORT}:${POSTGRES_PORT}\n      - "${API_PORT:-8000}:8000"\n';
      assert.deepEqual(messages(text, 'MLC102').map((m) => /publishes (.*?); bind/.exec(m)?.[1]), ['host port ${POSTGRES_PORT} on every interface', 'port 8000 (the default of API_PORT) on every interface']);
    });
  });

  it('MLC102 leaves a front door published on host port 80 from an unprivileged port', () => {
    // doccano's docker/docker-compose.prod.yml: nginx built from Dockerfile.nginx, 80:8080.
    const text = 'services:\n  nginx:\n    build:\n      context: ..\n      dockerfile: docker/Dockerfile.nginx\n    ports:\n      - 80:8080\n  app:\n    image: acme/app:1.0\n    ports:\n      - 80:8080\n';
    assert.deepEqual(messages(text, 'MLC102').map((m) => /^Service "([^"]+)"/.exec(m)?.[1]), ['app']);
  });

  describe('the secret-name vocabulary', () => {
    it('takes the names database clients read, short password names and encryption keys for secrets', () => {
      for (const n of ['PGPASSWORD', 'MYSQL_PWD', 'DB_PWD', 'DB_PASSWD', 'REDIS_PASSWD', 'REDIS_PASS', 'SMTP_PASS', 'CLEARML_AGENT_GIT_PASS', 'ENC_KEY', 'DB_ENC_KEY', 'ENCRYPT_KEY', 'ENCRYPTION_KEY']) {
        assert.ok(isSecretName(n, vocab), n);
      }
    });

    it('leaves where the secret is kept, its rules, working directories and passes of a process', () => {
      for (const n of ['KEY_FILE', 'ENC_KEY_FILE', 'DB_PASSWORD_FILE', 'MYSQL_PWD_FILE', 'PGPASSFILE', 'PASSWORD_MIN_LENGTH', 'ENCODER_KEY', 'PWD', 'HOST_PWD', 'ORIG_PWD', 'PASS', 'PASS_THROUGH', 'SECOND_PASS', 'NUM_PASS', 'TEST_PASS', 'BYPASS']) {
        assert.ok(!isSecretName(n, vocab), n);
      }
    });

    it('reads "omitted" and "redacted" in place of a value as placeholders', () => {
      for (const v of ['OMITTED_FOR_SECURITY', 'omitted', '[omitted]', 'REDACTED-FOR-PRIVACY', '[REDACTED]']) {
        assert.ok(isPlaceholderText(v), v);
      }
      for (const v of ['omittedsecret123', 'omitted_4f9a2c', 'redactedpass']) {
        assert.ok(!isPlaceholderText(v), v);
      }
    });
  });
  it('MLC405 gives vLLM, SGLang and TGI services their tensor-parallel workers as the reason, by command or image', () => {
    const gpu = '    deploy:\n      resources:\n        reservations:\n          devices: [{driver: nvidia, count: 2, capabilities: [gpu]}]\n';
    const text = `services:\n  sgl:\n    image: registry.example/llm:1.0\n    command: ["python3", "-m", "sglang.launch_server", "--tp", "2"]\n${gpu}  tgi:\n    image: ghcr.io/huggingface/text-generation-inference:3.0.1\n${gpu}  vllm:\n    image: registry.example/llm:1.0\n    command: ["vllm", "serve", "m", "--tensor-parallel-size", "2"]\n${gpu}  train:\n    image: registry.example/llm:1.0\n    command: ["torchrun", "train.py"]\n${gpu}`;
    assert.deepEqual(shmReasons(text), [
      "too small for SGLang's tensor parallelism (NCCL and PyTorch pass data between its per-GPU worker processes through /dev/shm)",
      "too small for TGI's tensor parallelism (NCCL and PyTorch pass data between its per-GPU worker processes through /dev/shm)",
      "too small for vLLM's tensor parallelism (NCCL and PyTorch pass data between its per-GPU worker processes through /dev/shm)",
      'too small for PyTorch DataLoader workers and multi-GPU NCCL communication (NCCL keeps shared-memory segments in /dev/shm)',
    ]);
  });
});
