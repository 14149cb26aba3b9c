import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseMlcConfig } from '../../../src/core/lint/config';
import { bakeTargets } from '../../../src/core/lint/dockerfile/bake';
import { composeBuilds } from '../../../src/core/lint/dockerfile/compose-builds';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { namedContextsFor, namedContextsNear } from '../../../src/infra/lint/named-contexts';
import { useLintRepo } from './support/lint-repo';

// Trimmed from blakeblackshear/frigate docker/tensorrt/trt.hcl: bake passes other targets as named contexts.
const frigateBake = `variable "ARCH" {
  default = "amd64"
}
variable "BASE_HOOK" {
  # Ensure an up-to-date python is available
  default = <<EOT
if grep -iq \\"ubuntu\\" /etc/os-release; then
  apt-get update
fi
EOT
}
target "_build_args" {
  args = {
    BASE_HOOK = BASE_HOOK
  }
  platforms = ["linux/\${ARCH}"]
}
target wheels {
  dockerfile = "docker/main/Dockerfile"
  target = "wheels"
  inherits = ["_build_args"]
}
target "tensorrt" {
  dockerfile = "docker/tensorrt/Dockerfile.\${ARCH}"
  context = "."
  contexts = {
    wget = "target:wget",
    tensorrt-base = "target:tensorrt-base",
    rootfs = "target:rootfs"
    wheels = "target:wheels"
  }
  target = "frigate-tensorrt"
  inherits = ["_build_args"]
}
target "tensorrt-dev" {
  inherits = ["tensorrt"]
  contexts = { devcontainer = "target:devcontainer" }
}
`;

const frigateDockerfile = `# syntax=docker/dockerfile:1.4
FROM wheels AS trt-wheels
RUN pip3 wheel --wheel-dir=/trt-wheels tensorrt
FROM debian:12-slim AS frigate-tensorrt
COPY --from=rootfs / /
COPY --from=trt-wheels /trt-wheels /deps
`;

const ids = (text: string, options: Parameters<typeof lintDockerfile>[1] = {}): string[] =>
  lintDockerfile(text, options)
    .findings.filter((f) => ['MLD005', 'MLD011', 'MLD201'].includes(f.ruleId))
    .map((f) => `${f.ruleId}@${f.range.start.line}`);

describe('bake files: targets and their named contexts', () => {
  it('reads targets, interpolates variables with defaults, merges what they inherit', () => {
    const targets = bakeTargets(frigateBake, false);
    assert.deepEqual(
      targets.map((t) => t.name),
      ['_build_args', 'wheels', 'tensorrt', 'tensorrt-dev'],
    );
    const trt = targets.find((t) => t.name === 'tensorrt');
    assert.equal(trt?.dockerfile, 'docker/tensorrt/Dockerfile.amd64');
    assert.equal(trt?.context, '.');
    assert.deepEqual(trt?.contexts, ['wget', 'tensorrt-base', 'rootfs', 'wheels']);
    const dev = targets.find((t) => t.name === 'tensorrt-dev');
    assert.equal(dev?.dockerfile, 'docker/tensorrt/Dockerfile.amd64');
    assert.deepEqual(dev?.contexts, ['wget', 'tensorrt-base', 'rootfs', 'wheels', 'devcontainer']);
  });

  it('keeps a path with a variable it cannot resolve as written', () => {
    const [t] = bakeTargets('target "x" {\n  dockerfile = "Dockerfile.${FLAVOUR}"\n  contexts = { base = "docker-image://alpine:3.20" }\n}\n', false);
    assert.equal(t?.dockerfile, 'Dockerfile.${FLAVOUR}');
    assert.deepEqual(t?.contexts, ['base']);
  });

  it('takes a declared variable from the environment, as docker buildx bake does, over its default', () => {
    const text = 'variable "FLAVOUR" {\n  default = "cpu"\n}\ntarget "x" {\n  dockerfile = "Dockerfile.${FLAVOUR}"\n  contexts = { base = "docker-image://alpine:3.20" }\n}\n';
    assert.equal(bakeTargets(text, false)[0]?.dockerfile, 'Dockerfile.cpu');
    assert.equal(bakeTargets(text, false, { FLAVOUR: 'cuda' })[0]?.dockerfile, 'Dockerfile.cuda');
    // Only declared variables: an environment variable the file does not declare is not interpolated.
    const undeclared = 'target "x" {\n  dockerfile = "Dockerfile.${FLAVOUR}"\n  contexts = { base = "docker-image://alpine:3.20" }\n}\n';
    assert.equal(bakeTargets(undeclared, false, { FLAVOUR: 'cuda' })[0]?.dockerfile, 'Dockerfile.${FLAVOUR}');
    assert.equal(bakeTargets(text, false, { toString: 'x' })[0]?.dockerfile, 'Dockerfile.cpu');
  });

  it('reads the JSON form', () => {
    const [t] = bakeTargets(JSON.stringify({ target: { app: { dockerfile: 'app.Dockerfile', context: 'src', contexts: { deps: 'target:deps' } } } }), true);
    assert.deepEqual(t, { name: 'app', dockerfile: 'app.Dockerfile', context: 'src', contexts: ['deps'], inherits: [] });
  });

  it('survives broken and hostile input', () => {
    for (const text of ['target "x" {', 'target "x" { contexts = { a = ', '}}}{{{', '"unterminated', '<<EOT\nno end', 'target "a" { inherits = ["b"] }\ntarget "b" { inherits = ["a"] }', '\0\0']) {
      assert.doesNotThrow(() => bakeTargets(text, false), text);
    }
    assert.deepEqual(bakeTargets('{not json', true), []);
    assert.deepEqual(bakeTargets(`target "x" { contexts = { a = "b" } }\n${'#'.repeat(300 * 1024)}`, false), []);
  });
});

describe('Compose builds: additional_contexts', () => {
  it('takes the names of the mapping and of the list form', () => {
    const text = 'services:\n  api:\n    build:\n      context: .\n      dockerfile: docker/api.Dockerfile\n      additional_contexts:\n        models: ./models\n  worker:\n    build:\n      context: worker\n      additional_contexts:\n        - base=docker-image://python:3.12\n  web:\n    build: ./web\n';
    assert.deepEqual(composeBuilds(text), [
      { context: '.', dockerfile: 'docker/api.Dockerfile', contexts: ['models'] },
      { context: 'worker', contexts: ['base'] },
    ]);
  });

  it('reads nothing from a broken file', () => {
    assert.deepEqual(composeBuilds('services: [additional_contexts'), []);
  });
});

describe('named build contexts in lintDockerfile', () => {
  it('without them: FROM and COPY --from of a context name are reported', () => {
    assert.deepEqual(ids(frigateDockerfile), ['MLD201@2', 'MLD011@5']);
  });

  it('passed in (bake, Compose): FROM and COPY --from may name them', () => {
    assert.deepEqual(ids(frigateDockerfile, { namedContexts: ['wheels', 'rootfs'] }), []);
  });

  it('declared in .mlc.yaml for the file (a list, or the mapping --build-context takes)', () => {
    for (const contexts of ['[wheels, rootfs]', '{wheels: "target:wheels", rootfs: "target:rootfs"}']) {
      const parsed = parseMlcConfig(`dockerfiles:\n  docker/tensorrt/Dockerfile.amd64:\n    contexts: ${contexts}\n`);
      assert.ok(parsed.ok);
      assert.deepEqual(ids(frigateDockerfile, { config: parsed.config, path: 'docker/tensorrt/Dockerfile.amd64' }), []);
      assert.deepEqual(ids(frigateDockerfile, { config: parsed.config, path: 'docker/other/Dockerfile' }), ['MLD201@2', 'MLD011@5']);
    }
    const bad = parseMlcConfig('dockerfiles:\n  Dockerfile:\n    contexts: [1, 2]\n');
    assert.ok(!bad.ok);
  });

  it('a near miss: a name the build does not pass is still reported', () => {
    assert.deepEqual(ids(frigateDockerfile, { namedContexts: ['wheelz'] }), ['MLD201@2', 'MLD011@5']);
  });
});

describe('namedContextsFor: bake and Compose files around a Dockerfile', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-named-contexts-'));
    fs.mkdirSync(path.join(root, '.git'));
    fs.mkdirSync(path.join(root, 'docker', 'tensorrt'), { recursive: true });
    fs.mkdirSync(path.join(root, 'services', 'api'), { recursive: true });
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('a bake file beside the Dockerfile whose paths are relative to the repository root', () => {
    fs.writeFileSync(path.join(root, 'docker', 'tensorrt', 'trt.hcl'), frigateBake);
    const dockerfile = path.join(root, 'docker', 'tensorrt', 'Dockerfile.amd64');
    fs.writeFileSync(dockerfile, frigateDockerfile);
    assert.deepEqual(namedContextsFor(dockerfile).sort(), ['devcontainer', 'rootfs', 'tensorrt-base', 'wget', 'wheels']);
    // Another Dockerfile in the folder is not that target's.
    assert.deepEqual(namedContextsFor(path.join(root, 'docker', 'tensorrt', 'Dockerfile.arm64')), []);
  });

  it('docker-bake.hcl at the repository root, and a Compose file beside the Dockerfile', () => {
    fs.writeFileSync(path.join(root, 'docker-bake.hcl'), 'target "api" {\n  context = "services/api"\n  contexts = { models = "./models" }\n}\n');
    fs.writeFileSync(path.join(root, 'services', 'api', 'compose.yaml'), 'services:\n  api:\n    build:\n      context: .\n      additional_contexts:\n        - base=docker-image://python:3.12\n');
    assert.deepEqual(namedContextsFor(path.join(root, 'services', 'api', 'Dockerfile')).sort(), ['base', 'models']);
  });

  it('stops at the repository root', () => {
    const outer = path.dirname(root);
    const stray = path.join(outer, `docker-bake-${path.basename(root)}.hcl`);
    fs.writeFileSync(stray, `target "x" {\n  dockerfile = "${path.basename(root)}/services/api/Dockerfile"\n  contexts = { leaked = "x" }\n}\n`);
    try {
      assert.deepEqual(namedContextsFor(path.join(root, 'services', 'api', 'Dockerfile')), []);
    } finally {
      fs.rmSync(stray, { force: true });
    }
  });
});

describe('mlc lint: named contexts from bake files', () => {
  const { write, lint, lintWithWorkers } = useLintRepo('named-contexts');
  const ruleIds = (out: string): string[] => (JSON.parse(out) as { ruleId: string; line: number }[]).filter((f) => ['MLD011', 'MLD201'].includes(f.ruleId)).map((f) => `${f.ruleId}@${f.line}`);

  it('a Dockerfile that bake builds with named contexts: no finding on them, on this thread or a worker', async () => {
    write('docker/tensorrt/trt.hcl', frigateBake);
    write('docker/tensorrt/Dockerfile.amd64', frigateDockerfile);
    for (const run of [() => lint('docker', '--format', 'json', '--failure-threshold', 'none'), () => lintWithWorkers(1, 'docker', '--format', 'json', '--failure-threshold', 'none')]) {
      const { code, out } = await run();
      assert.equal(code, 0);
      assert.deepEqual(ruleIds(out), []);
    }
  });

  it('without the bake file both names are reported', async () => {
    write('docker/tensorrt/Dockerfile.amd64', frigateDockerfile);
    const { out } = await lint('docker', '--format', 'json', '--failure-threshold', 'none');
    assert.deepEqual(ruleIds(out), ['MLD201@2', 'MLD011@5']);
  });
});

describe('mlc lint reads bake files inside the linted scope only', () => {
  let root = '';
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-named-scope-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('outside a repository, a bake file above the linted folder is not read', async () => {
    const { runLintCommand } = await import('../../../src/cli/lint-command');
    fs.mkdirSync(path.join(root, 'docker', 'tensorrt'), { recursive: true });
    fs.writeFileSync(path.join(root, 'docker', 'tensorrt', 'Dockerfile.amd64'), frigateDockerfile);
    fs.writeFileSync(path.join(root, 'docker-bake.hcl'), 'target "trt" {\n  dockerfile = "docker/tensorrt/Dockerfile.amd64"\n  contexts = { wheels = "target:wheels", rootfs = "target:rootfs" }\n}\n');
    const run = async (cwd: string, target: string) => {
      let out = '';
      await runLintCommand([target, '--format', 'json', '--failure-threshold', 'none'], { write: (t: string) => ((out += t), true) }, { write: () => true }, { cwd, workers: 0 });
      return (JSON.parse(out) as { ruleId: string }[]).filter((f) => f.ruleId === 'MLD011' || f.ruleId === 'MLD201').length;
    };
    assert.equal(await run(path.join(root, 'docker'), 'tensorrt'), 2, 'the bake file is above the linted folder');
    fs.mkdirSync(path.join(root, '.git'));
    assert.equal(await run(path.join(root, 'docker'), 'tensorrt'), 0, 'inside the repository it is read');
  });
});

describe('namedContextsNear: what the editor watches', () => {
  let root = '';
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-named-near-'));
    fs.mkdirSync(path.join(root, '.git'));
    fs.mkdirSync(path.join(root, 'docker', 'trt'), { recursive: true });
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('the bake files it read, and the default bake and Compose names beside the Dockerfile and at the top, present or not', () => {
    fs.writeFileSync(path.join(root, 'docker', 'trt', 'trt.hcl'), frigateBake);
    const { names, watched } = namedContextsNear(path.join(root, 'docker', 'trt', 'Dockerfile'), root);
    assert.deepEqual(names, []);
    for (const file of ['docker/trt/trt.hcl', 'docker/trt/docker-bake.hcl', 'docker-bake.hcl', 'compose.yaml']) {
      assert.ok(watched.includes(path.join(root, file)), file);
    }
    assert.ok(!watched.includes(path.join(root, 'docker', 'docker-bake.hcl')), 'the folders between are not watched for new files');
  });
});
