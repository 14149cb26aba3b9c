import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { usesOneGpu, visibleDevicesOverridden } from '../../../../src/core/lint/compose/gpu-programs';
import { composeReading } from '../../../../src/core/lint/compose/image';
import { interpolateTraced, originNote } from '../../../../src/core/lint/compose/interpolate';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import { composeModel } from '../../../../src/core/lint/compose/model';
import type { ComposeService } from '../../../../src/core/lint/compose/model';
import { YamlView } from '../../../../src/core/lint/yaml/access';
import { parseYaml } from '../../../../src/core/lint/yaml/parse';

const lint = (id: string, text: string, envFile?: string) =>
  lintCompose(text, { config: emptyConfig(), ...(envFile !== undefined ? { envFile } : {}) }).findings.filter((f) => f.ruleId === id);
const messages = (id: string, text: string, envFile?: string) => lint(id, text, envFile).map((f) => f.message);

/** The view of a Compose text and its first service. */
function firstService(text: string): { view: YamlView; service: ComposeService } {
  const file = parseYaml(text);
  const document = file.documents[0];
  assert.ok(document);
  const view = new YamlView(file, document);
  const service = composeModel(view)?.services[0];
  assert.ok(service);
  return { view, service };
}

describe('Compose values with `${VAR:-default}` sections among other text, read as Compose reads them', () => {
  describe('composeReading and interpolateTraced', () => {
    const read = (text: string) => composeReading(firstService('services:\n  a:\n    image: x\n').view, text).value;

    it('gives each section its default (`:-` and `-`, nested too) and keeps `$$` a dollar', () => {
      assert.equal(read('docker.io/postgres:${POSTGRES_VERSION:-latest}'), 'docker.io/postgres:latest');
      assert.equal(read('${REPO:-nginx}:${TAG-1.27}'), 'nginx:1.27');
      assert.equal(read('ollama/ollama:${A:-${B:-0.3.12}}'), 'ollama/ollama:0.3.12');
      assert.equal(read('cost: $$5 ${UNIT:-usd}'), 'cost: $5 usd');
    });

    it('leaves text with a variable that has no default, or must be set (`:?`), as written', () => {
      assert.equal(read('${REGISTRY}/redis:${TAG:-latest}'), '${REGISTRY}/redis:${TAG:-latest}');
      assert.equal(read('postgres:${PG:?set PG}'), 'postgres:${PG:?set PG}');
      assert.equal(read('${EMPTY:-}'), '${EMPTY:-}');
    });

    it('says which outermost sections gave a part of the value, and from where', () => {
      const traced = interpolateTraced('${REG}/pg:${TAG:-${FALLBACK:-latest}}', new Map([['REG', 'docker.io']]));
      assert.ok(traced);
      assert.equal(traced.value, 'docker.io/pg:latest');
      assert.equal(originNote(traced), '(REG from .env; the default of TAG)');
      assert.equal(originNote(traced, traced.value.length - 'latest'.length), '(the default of TAG)');
      assert.equal(originNote(traced, 10, 12), '');
    });
  });

  describe('MLC201 image-tag-floating', () => {
    // langfuse/langfuse's docker-compose.yml.
    const langfuse = 'services:\n  postgres:\n    image: docker.io/postgres:${POSTGRES_VERSION:-latest}\n';

    it('reports a floating default tag in a partly interpolated image, naming the variable whose default it is', () => {
      const expected = ['Image tag "latest" (the default of POSTGRES_VERSION) floats: it names whatever was last pushed or built under that tag; pin a version tag or a digest.'];
      assert.deepEqual(messages('MLC201', langfuse), expected);
      assert.deepEqual(messages('MLC201', langfuse, 'OTHER=1\n'), expected);
    });

    it('judges the .env value instead when the .env sets the variable (an empty one falls back to a `:-` default)', () => {
      assert.deepEqual(lint('MLC201', langfuse, 'POSTGRES_VERSION=16.4\n'), []);
      assert.deepEqual(messages('MLC201', langfuse, 'POSTGRES_VERSION=latest\n'), ['Image tag "latest" (POSTGRES_VERSION from .env) floats: it names whatever was last pushed or built under that tag; pin a version tag or a digest.']);
      assert.equal(lint('MLC201', langfuse, 'POSTGRES_VERSION=\n').length, 1);
      assert.deepEqual(lint('MLC201', langfuse, 'POSTGRES_VERSION\n'), []);
    });

    it('names only the variables the tag came from, and the default of a tagless image', () => {
      const registry = 'services:\n  web:\n    image: ${REGISTRY}/nginx:${TAG:-latest}\n';
      assert.deepEqual(messages('MLC201', registry, 'REGISTRY=docker.io\n'), ['Image tag "latest" (the default of TAG) floats: it names whatever was last pushed or built under that tag; pin a version tag or a digest.']);
      const tagless = 'services:\n  cache:\n    image: ${REGISTRY-docker.io}/redis\n';
      assert.deepEqual(messages('MLC201', tagless), ['Image "docker.io/redis" (the default of REGISTRY) has no tag, so it means :latest and changes under you; pin a version tag or a digest.']);
    });

    it('stays silent on a pinned default, a required or unset variable, and a digest', () => {
      for (const image of ['postgres:${V:-16.4}', 'postgres:${V:?set V}', '${REGISTRY}/redis:${TAG:-latest}', 'ghcr.io/acme/app:${TAG:-latest}@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef']) {
        assert.deepEqual(lint('MLC201', `services:\n  a:\n    image: ${image}\n`), [], image);
      }
    });
  });

  describe('MLC102 port-bound-to-all-interfaces', () => {
    it('shows a host port from a default as Compose publishes it, saying whose default it is', () => {
      const text = 'services:\n  oceanbase:\n    image: oceanbase/oceanbase-ce:4.3.5\n    ports:\n      - "${OCEANBASE_PORT:-2881}:2881"\n      - "${API_PORT-8081}:8080"\n      - "${SYSLOG_PORT:-5140}:514/udp"\n';
      assert.deepEqual(messages('MLC102', text).map((m) => /publishes (.*?) on every interface/.exec(m)?.[1]), [
        'port 2881 (the default of OCEANBASE_PORT)',
        'host port 8081 (the default of API_PORT; container port 8080)',
        'host port 5140 (the default of SYSLOG_PORT; container port 514/udp)',
      ]);
    });

    it('keeps the .env wording for a value the .env gives, and a variable without a default as written', () => {
      const text = 'services:\n  api:\n    image: acme/api:1.0\n    ports:\n      - "${API_PORT:-8081}:8080"\n';
      assert.deepEqual(messages('MLC102', text, 'API_PORT=9000\n'), ['Service "api" publishes host port 9000 (container port 8080) on every interface (API_PORT from .env); bind it to 127.0.0.1 (or a specific host IP) unless other machines must reach it.']);
      const long = 'services:\n  api:\n    image: acme/api:1.0\n    ports:\n      - target: 8080\n        published: "${API_PORT:-8081}"\n';
      assert.match(messages('MLC102', long)[0] ?? '', /publishes host port 8081 \(the default of API_PORT; container port 8080\) on every interface;/);
      assert.match(messages('MLC102', 'services:\n  es:\n    image: acme/es:1.0\n    ports:\n      - ${ES_PORT}:9200\n')[0] ?? '', /publishes host port \$\{ES_PORT\} \(container port 9200\)/);
    });
  });

  describe('NVIDIA_VISIBLE_DEVICES beside a GPU request (usesOneGpu)', () => {
    const service = (keys: string) => firstService(`services:\n  worker:\n    image: acme/worker:1.0\n${keys}`);
    const oneGpu = (keys: string) => {
      const { view, service: s } = service(keys);
      return usesOneGpu(view, s);
    };
    const uuid = 'GPU-8f6c5c2e-2d6b-4b0e-9a33-6f0e4b8a1c2d';
    const reservation = '    deploy:\n      resources:\n        reservations:\n          devices:\n            - driver: nvidia\n              count: all\n              capabilities: [gpu]\n';

    it('does not narrow `gpus:`, a device reservation or CDI devices: Docker sets its own value after the service\'s', () => {
      assert.equal(oneGpu(`    environment:\n      NVIDIA_VISIBLE_DEVICES: ${uuid}\n    gpus: all\n`), false);
      assert.equal(oneGpu(`    environment:\n      - NVIDIA_VISIBLE_DEVICES=0\n${reservation}`), false);
      assert.equal(oneGpu(`    runtime: nvidia\n    environment:\n      - NVIDIA_VISIBLE_DEVICES=0\n${reservation}`), false);
      assert.equal(oneGpu('    runtime: nvidia\n    environment:\n      - NVIDIA_VISIBLE_DEVICES=0\n    devices:\n      - nvidia.com/gpu=all\n'), false);
    });

    it('counts under runtime: nvidia without a request, and CUDA_VISIBLE_DEVICES in any case', () => {
      assert.equal(oneGpu(`    runtime: nvidia\n    environment:\n      NVIDIA_VISIBLE_DEVICES: ${uuid}\n`), true);
      assert.equal(oneGpu(`    environment:\n      NVIDIA_VISIBLE_DEVICES: ${uuid}\n`), false);
      assert.equal(oneGpu(`    environment:\n      CUDA_VISIBLE_DEVICES: ${uuid}\n    gpus: all\n`), true);
      assert.equal(oneGpu(`    runtime: nvidia\n    environment:\n      - CUDA_VISIBLE_DEVICES=0,1\n      - NVIDIA_VISIBLE_DEVICES=0\n`), false);
    });

    it('gives words saying the value does not narrow the request, only where it does not', () => {
      const words = (keys: string) => {
        const { view, service: s } = service(keys);
        return visibleDevicesOverridden(view, s);
      };
      assert.match(words('    environment:\n      - NVIDIA_VISIBLE_DEVICES=0\n    gpus: all\n') ?? '', /^NVIDIA_VISIBLE_DEVICES=0 does not narrow the GPUs it reserves/);
      assert.equal(words('    environment:\n      - NVIDIA_VISIBLE_DEVICES=all\n    gpus: all\n'), undefined);
      assert.equal(words('    runtime: nvidia\n    environment:\n      - NVIDIA_VISIBLE_DEVICES=0\n'), undefined);
      assert.equal(words('    environment:\n      - CUDA_VISIBLE_DEVICES=0\n      - NVIDIA_VISIBLE_DEVICES=0\n    gpus: all\n'), undefined);
    });

    it('MLC408 reports every GPU reserved beside NVIDIA_VISIBLE_DEVICES naming one', () => {
      assert.equal(lint('MLC408', `services:\n  worker:\n    image: acme/worker:1.0\n    environment:\n      NVIDIA_VISIBLE_DEVICES: ${uuid}\n    gpus: all\n`).length, 1);
      assert.deepEqual(lint('MLC408', `services:\n  worker:\n    image: acme/worker:1.0\n    environment:\n      CUDA_VISIBLE_DEVICES: ${uuid}\n    gpus: all\n`), []);
    });
  });
});
