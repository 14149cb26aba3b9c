import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';

const lint = (id: string, text: string, envFile?: string) =>
  lintCompose(text, { config: emptyConfig(), ...(envFile !== undefined ? { envFile } : {}) }).findings.filter((f) => f.ruleId === id);
const messages = (id: string, text: string, envFile?: string) => lint(id, text, envFile).map((f) => f.message);

describe('Compose rules reading values through the project\'s .env', () => {
  describe('MLC003 duplicate-container-name', () => {
    const twoNames = 'services:\n  db:\n    image: postgres:16\n    container_name: ${DB_NAME}\n  backup:\n    image: postgres:16\n    container_name: app-db\n';

    it('a name from .env that another service uses is reported, naming the variable; without .env it stays unknown', () => {
      assert.deepEqual(messages('MLC003', twoNames), []);
      assert.deepEqual(messages('MLC003', twoNames, 'DB_NAME=app-db\n'), ['container_name "app-db" (DB_NAME from .env) is also used by service "db"; container names are global to the engine, so give each service its own name or drop container_name.']);
      assert.deepEqual(messages('MLC003', twoNames, 'DB_NAME=app-db-main\n'), []);
    });

    it('replicas from .env or a default count; an empty .env name leaves naming to Compose', () => {
      const workers = 'services:\n  worker:\n    image: acme/worker:1.0\n    container_name: worker\n    deploy:\n      replicas: ${WORKERS:-1}\n';
      assert.deepEqual(messages('MLC003', workers), []);
      assert.deepEqual(messages('MLC003', workers, 'WORKERS=4\n'), ['Service "worker" runs 4 replicas but sets container_name "worker" (WORKERS from .env), which only one container can have; drop container_name to let Compose name the replicas.']);
      assert.equal(lint('MLC003', workers.replace('${WORKERS:-1}', '${WORKERS:-3}')).length, 1);
      assert.deepEqual(messages('MLC003', twoNames.replace('app-db', '${OTHER_NAME}'), 'DB_NAME=\nOTHER_NAME=\n'), []);
    });

    it('a whole ${VAR:-default} is judged by its default without .env', () => {
      const defaults = 'services:\n  a:\n    image: acme/a:1\n    container_name: ${A_NAME:-shared}\n  b:\n    image: acme/b:1\n    container_name: shared\n';
      assert.deepEqual(messages('MLC003', defaults), ['container_name "shared" is also used by service "a"; container names are global to the engine, so give each service its own name or drop container_name.']);
      assert.deepEqual(messages('MLC003', defaults, 'A_NAME=a-one\n'), []);
    });
  });

  describe('MLC005 container-name-invalid', () => {
    const named = 'services:\n  app:\n    image: acme/app:1.0\n    container_name: ${APP_NAME}\n';

    it('an invalid name from .env is reported, naming the variable; a valid or empty one is not; without .env it stays unknown', () => {
      assert.deepEqual(messages('MLC005', named), []);
      assert.deepEqual(messages('MLC005', named, 'APP_NAME="my app"\n'), ['container_name "my app" (APP_NAME from .env) is not a valid container name; use letters, digits, "_", "." and "-", starting with a letter or digit.']);
      assert.deepEqual(messages('MLC005', named, 'APP_NAME=my-app\n'), []);
      assert.deepEqual(messages('MLC005', named, 'APP_NAME=\n'), []);
    });

    it('an invalid default is reported without .env, and a valid .env value answers it', () => {
      const defaulted = named.replace('${APP_NAME}', '${APP_NAME:-my app}');
      assert.deepEqual(messages('MLC005', defaulted), ['container_name "my app" is not a valid container name; use letters, digits, "_", "." and "-", starting with a letter or digit.']);
      assert.deepEqual(messages('MLC005', defaulted, 'APP_NAME=my-app\n'), []);
    });
  });

  describe('MLC006 shm-size-format', () => {
    const sized = 'services:\n  trainer:\n    image: pytorch/pytorch:2.4.0-cuda12.1-cudnn9-runtime\n    shm_size: ${SHM_SIZE}\n    build:\n      context: .\n      shm_size: ${BUILD_SHM:-2 gigs}\n';

    it('a size from .env Compose cannot read is reported, naming the variable; so is a written default', () => {
      assert.deepEqual(messages('MLC006', sized), ['shm_size "2 gigs" is not a size Compose understands; write bytes or a number with k, m, g or t (e.g. "8gb").']);
      assert.deepEqual(messages('MLC006', sized, 'SHM_SIZE=lots\nBUILD_SHM=2g\n'), ['shm_size "lots" (SHM_SIZE from .env) is not a size Compose understands; write bytes or a number with k, m, g or t (e.g. "8gb").']);
      assert.deepEqual(messages('MLC006', sized, 'SHM_SIZE=8gb\nBUILD_SHM=2gb\n'), []);
    });

    it('a variable the .env withholds (a secret-named one) is unknown: neither its value nor the default is judged', () => {
      const secret = 'services:\n  trainer:\n    image: pytorch/pytorch:2.4.0-cuda12.1-cudnn9-runtime\n    shm_size: ${SHM_TOKEN:-lots}\n';
      assert.equal(lint('MLC006', secret).length, 1);
      assert.deepEqual(lintCompose(secret, { config: emptyConfig(), envFile: 'SHM_TOKEN=lots\n' }).findings.filter((f) => f.ruleId === 'MLC006' || f.message.includes('from .env')), []);
    });
  });

  describe('MLC104 docker-api-exposed', () => {
    const mounted = 'services:\n  agent:\n    image: acme/agent:1.0\n    volumes:\n      - ${ENGINE_SOCKET}:/engine.sock\n      - type: bind\n        source: ${LONG_SOCKET}\n        target: /engine2.sock\n';
    const message = 'Service "agent" gets the container engine\'s API (ENGINE_SOCKET from .env), which is root on the host; remove the socket mount unless the service must manage containers.';

    it('a source from .env that is the engine socket is reported, naming the variable; short and long syntax', () => {
      assert.deepEqual(messages('MLC104', mounted), []);
      assert.deepEqual(messages('MLC104', mounted, 'ENGINE_SOCKET=/var/run/docker.sock\nLONG_SOCKET=/run/docker.sock\n'), [message, message.replace('ENGINE_SOCKET', 'LONG_SOCKET')]);
      assert.deepEqual(messages('MLC104', mounted, 'ENGINE_SOCKET=/srv/app.sock\nLONG_SOCKET=/srv/app2.sock\n'), []);
    });

    it('a source from .env mounted at the engine socket\'s path is judged by its value, as a written source is', () => {
      const atSocket = 'services:\n  agent:\n    image: acme/agent:1.0\n    volumes:\n      - ${ENGINE_SOCKET}:/var/run/docker.sock\n';
      assert.equal(lint('MLC104', atSocket).length, 1);
      assert.deepEqual(messages('MLC104', atSocket, 'ENGINE_SOCKET=/srv/proxy.sock\n'), []);
      assert.deepEqual(messages('MLC104', atSocket, 'ENGINE_SOCKET=/run/user/1000/docker.sock\n'), [message]);
    });
  });

  describe('MLC405 gpu-service-without-shm', () => {
    const vllm = (size: string) => `services:\n  vllm:\n    image: vllm/vllm-openai:v0.6.3\n    shm_size: ${size}\n    deploy:\n      resources:\n        reservations:\n          devices:\n            - driver: nvidia\n              count: all\n              capabilities: [gpu]\n`;

    it('a small size from .env is reported, naming the variable, without an edit that would drop the variable', () => {
      assert.deepEqual(lint('MLC405', vllm('${SHM_SIZE}')), []);
      const found = lint('MLC405', vllm('${SHM_SIZE}'), 'SHM_SIZE=64m\n');
      assert.equal(found.length, 1);
      assert.match(found[0]?.message ?? '', /^GPU service "vllm" sets shm_size 64m \(SHM_SIZE from \.env\), below 1g, /);
      assert.equal(found[0]?.fix, undefined);
      assert.deepEqual(lint('MLC405', vllm('${SHM_SIZE}'), 'SHM_SIZE=16gb\n'), []);
    });

    it('a written default is judged without .env: a large one passes, a small one is reported; .env answers it', () => {
      assert.deepEqual(lint('MLC405', vllm('${SHM_SIZE:-8gb}')), []);
      const small = lint('MLC405', vllm('${SHM_SIZE:-64m}'));
      assert.match(small[0]?.message ?? '', /sets shm_size 64m \(the default of \$\{SHM_SIZE:-64m\}\), below 1g/);
      assert.equal(small[0]?.fix?.edits[0]?.newText, '"${SHM_SIZE:-8gb}"', 'the fix keeps the variable and sets its default');
      assert.deepEqual(lint('MLC405', vllm('${SHM_SIZE:-64m}'), 'SHM_SIZE=8gb\n'), []);
      assert.equal(lint('MLC405', vllm('${SHM_SIZE:-8gb}'), 'SHM_SIZE=64m\n').length, 1);
    });
  });

  describe('MLC409 model-cache-not-persisted', () => {
    const vllm = (env: string, volume: string, command = '') =>
      `services:\n  vllm:\n    image: vllm/vllm-openai:v0.6.3\n${command}    environment:\n      HF_HOME: ${env}\n    volumes:\n      - ${volume}\n`;

    it('HF_HOME from .env is the cache the mounts are judged against, and the finding names it', () => {
      const text = vllm('${HF_HOME}', './models:/models');
      assert.deepEqual(lint('MLC409', text), []);
      assert.deepEqual(lint('MLC409', text, 'HF_HOME=/models\n'), []);
      assert.match(messages('MLC409', text, 'HF_HOME=/data\n')[0] ?? '', /keeps its model cache \(\/data\) \(HF_HOME from \.env\) inside the container/);
    });

    it('a mount target from .env (short syntax interpolated before it is split) that misses the cache is reported', () => {
      const text = vllm('/root/.cache/huggingface', '${HOST_CACHE:-./cache}:${CACHE_TARGET}');
      assert.deepEqual(lint('MLC409', text), []);
      assert.deepEqual(lint('MLC409', text, 'CACHE_TARGET=/root/.cache/huggingface\n'), []);
      assert.match(messages('MLC409', text, 'CACHE_TARGET=/data\n')[0] ?? '', /\(CACHE_TARGET from \.env\)/);
    });

    it('a defaulted HF_HOME is judged by its default without .env', () => {
      const text = vllm('${HF_HOME:-/data}', './models:/root/.cache/huggingface');
      assert.match(messages('MLC409', text)[0] ?? '', /keeps its model cache \(\/data\) inside the container/);
      assert.deepEqual(lint('MLC409', text, 'HF_HOME=/root/.cache/huggingface\n'), []);
    });

    it('a --model read from .env that is a local path downloads nothing', () => {
      const text = 'services:\n  server:\n    image: acme/server:1.0\n    command: python -m vllm.entrypoints.openai.api_server --model ${MODEL}\n';
      assert.equal(lint('MLC409', text).length, 1);
      assert.deepEqual(lint('MLC409', text, 'MODEL=/models/llama\n'), []);
      assert.match(messages('MLC409', text, 'MODEL=meta-llama/Llama-3.1-8B\n')[0] ?? '', /\(MODEL from \.env\)/);
    });
  });

  describe('long-syntax ports (MLC102, MLC410)', () => {
    const api = (published: string) => `services:\n  api:\n    image: acme/api:1.0\n    ports:\n      - target: 8080\n        published: ${published}\n`;

    it('MLC102: a published port from .env is judged, naming the variable; a default as short syntax does; none stays silent', () => {
      assert.deepEqual(lint('MLC102', api('${API_PORT}')), []);
      assert.deepEqual(messages('MLC102', api('${API_PORT}'), 'API_PORT=8080\n'), ['Service "api" publishes port 8080 on every interface (API_PORT from .env); bind it to 127.0.0.1 (or a specific host IP) unless other machines must reach it.']);
      assert.deepEqual(messages('MLC102', api('"${API_PORT:-8081}"')), ['Service "api" publishes host port 8081 (the default of API_PORT; container port 8080) on every interface; bind it to 127.0.0.1 (or a specific host IP) unless other machines must reach it.']);
    });

    it('MLC410: a host_ip from .env binds that IP: loopback passes, another is named with the variable', () => {
      const jupyter = 'services:\n  notebook:\n    image: jupyter/base-notebook:2024-05-27\n    ports:\n      - target: 8888\n        published: 8888\n        host_ip: ${BIND_IP}\n';
      assert.match(messages('MLC410', jupyter)[0] ?? '', / on \$\{BIND_IP\}, /);
      assert.deepEqual(lint('MLC410', jupyter, 'BIND_IP=127.0.0.1\n'), []);
      assert.match(messages('MLC410', jupyter, 'BIND_IP=0.0.0.0\n')[0] ?? '', / on 0\.0\.0\.0 \(BIND_IP from \.env\), /);
      assert.deepEqual(lint('MLC410', jupyter.replace('${BIND_IP}', '${BIND_IP:-127.0.0.1}')), []);
    });
  });

  describe('MLC412 gpu-capability-unknown and MLC413 gpu-driver-unknown', () => {
    const gpu = 'services:\n  app:\n    image: acme/app:1.0\n    deploy:\n      resources:\n        reservations:\n          devices:\n            - driver: ${GPU_DRIVER}\n              count: 1\n              capabilities: ["${GPU_CAP}"]\n';

    it('an unknown capability or driver from .env is reported, naming the variable, without a replacing edit', () => {
      assert.deepEqual(lint('MLC412', gpu), []);
      assert.deepEqual(lint('MLC413', gpu), []);
      const env = 'GPU_DRIVER=nvida\nGPU_CAP=gpus\n';
      const cap = lint('MLC412', gpu, env);
      assert.match(cap[0]?.message ?? '', /^"gpus" \(GPU_CAP from \.env\) is not a device capability/);
      assert.equal(cap[0]?.fix, undefined);
      const driver = lint('MLC413', gpu, env);
      assert.match(driver[0]?.message ?? '', /^"nvida" \(GPU_DRIVER from \.env\) is not a known device driver/);
      assert.equal(driver[0]?.fix, undefined);
      assert.deepEqual([...lint('MLC412', gpu, 'GPU_DRIVER=nvidia\nGPU_CAP=gpu\n'), ...lint('MLC413', gpu, 'GPU_DRIVER=nvidia\nGPU_CAP=gpu\n')], []);
    });

    it('an unknown default is reported without .env, its fix setting the default; a known .env value answers it', () => {
      const defaulted = gpu.replace('${GPU_DRIVER}', '${GPU_DRIVER:-nvida}').replace('${GPU_CAP}', '${GPU_CAP:-gpus}');
      assert.deepEqual(lint('MLC412', defaulted).map((f) => f.fix?.edits[0]?.newText), ['"${GPU_CAP:-gpu}"']);
      assert.deepEqual(lint('MLC413', defaulted).map((f) => f.fix?.edits[0]?.newText), ['"${GPU_DRIVER:-nvidia}"']);
      assert.deepEqual([...lint('MLC412', defaulted, 'GPU_DRIVER=amd\nGPU_CAP=compute\n'), ...lint('MLC413', defaulted, 'GPU_DRIVER=amd\nGPU_CAP=compute\n')], []);
    });
  });
});
