import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { composeBuilds } from '../../../src/core/lint/dockerfile/compose-builds';
import { parseImageRef } from '../../../src/core/lint/dockerfile/image-ref';
import { localImagesOf } from '../../../src/core/lint/dockerfile/local-images';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';
import { localImagesFor, namedContextsNear } from '../../../src/infra/lint/named-contexts';
import { describeFinding, dockerfileFixturesRoot, expectations, fixtureConfig } from './fixtures';
import { useLintRepo } from './support/lint-repo';

const tagRules = ['MLD201', 'MLD202'];

/** Fixture folders: a `Dockerfile` with the Compose file that builds (or pulls) its base beside it. */
function folderFixtures(dir: string): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'compose.yaml')))
    .map((e) => path.join(dir, e.name))
    .sort();
}

describe('MLD201/MLD202: folder fixtures with a Compose file beside the Dockerfile', () => {
  for (const id of tagRules) {
    const rule = dockerfileRules.find((r) => r.meta.id === id);
    const ruleDir = path.join(dockerfileFixturesRoot, id);
    const lintFolder = (folder: string, withCompose: boolean) => {
      const dockerfile = path.join(folder, 'Dockerfile');
      const text = fs.readFileSync(dockerfile, 'utf8');
      const localImages = withCompose ? localImagesFor(dockerfile, folder) : [];
      // A folder fixture's own config would be `<folder>.mlc.yaml`, else the rule folder's.
      const config = fixtureConfig(ruleDir, `${folder}.Dockerfile`, id);
      const result = lintDockerfile(text, { config, rules: rule ? [rule] : [], localImages });
      assert.deepEqual(result.problems, []);
      return { text, findings: result.findings.map((f) => describeFinding(f, false)).sort() };
    };

    it(`${id} has folder fixtures on both sides`, () => {
      assert.ok(rule);
      assert.ok(folderFixtures(path.join(ruleDir, 'fail')).length > 0);
      assert.ok(folderFixtures(path.join(ruleDir, 'pass')).length > 0);
    });

    for (const folder of folderFixtures(path.join(ruleDir, 'fail'))) {
      it(`${id} flags fail/${path.basename(folder)} exactly where expected`, () => {
        const { text, findings } = lintFolder(folder, true);
        assert.deepEqual(findings, expectations(text));
      });
    }

    for (const folder of folderFixtures(path.join(ruleDir, 'pass'))) {
      it(`${id} does not flag pass/${path.basename(folder)}, which it flags without the Compose file`, () => {
        assert.deepEqual(lintFolder(folder, true).findings, []);
        assert.equal(lintFolder(folder, false).findings.length, 1);
      });
    }
  }
});

describe('composeBuilds: the images a Compose service builds and tags', () => {
  it('takes image: beside a build (string or mapping) and build.tags', () => {
    const text = 'services:\n  base:\n    build: ./base\n    image: myapp-base\n  cuda:\n    build:\n      context: cuda\n      tags: [ghcr.io/org/cuda-base:latest]\n    image: ghcr.io/org/cuda-base:12.4\n  db:\n    image: postgres:16\n';
    assert.deepEqual(composeBuilds(text), [
      { context: './base', contexts: [], images: ['myapp-base'] },
      { context: 'cuda', contexts: [], images: ['ghcr.io/org/cuda-base:12.4', 'ghcr.io/org/cuda-base:latest'] },
    ]);
  });

  it('pull_policy: build keeps the image local; a policy that pulls does not', () => {
    const service = (policy: string) => `services:\n  base:\n    build: .\n    image: myapp-base\n    pull_policy: ${policy}\n`;
    assert.deepEqual(composeBuilds(service('build'))[0]?.images, ['myapp-base']);
    for (const policy of ['always', 'missing', 'never', 'daily']) {
      assert.deepEqual(composeBuilds(service(policy)), [], policy);
    }
  });

  it('leaves out names that depend on the environment, and services that only pull', () => {
    assert.deepEqual(composeBuilds('services:\n  base:\n    build: .\n    image: ${REGISTRY}/myapp-base\n'), []);
    assert.deepEqual(composeBuilds('services:\n  base:\n    image: myapp-base\n'), []);
  });
});

describe('localImagesOf: a FROM matches a local image by the reference grammar', () => {
  const ref = (s: string) => {
    const parsed = parseImageRef(s);
    assert.ok(parsed.ok);
    return parsed.ref;
  };

  it('no tag is latest on both sides; docker.io/library is implied', () => {
    const local = localImagesOf(['myapp-base']);
    for (const from of ['myapp-base', 'myapp-base:latest', 'docker.io/library/myapp-base', 'index.docker.io/library/myapp-base:latest']) {
      assert.ok(local?.has(ref(from)), from);
    }
    assert.ok(localImagesOf(['myapp-base:latest'])?.has(ref('myapp-base')));
  });

  it('another tag, repository or registry is not the local image', () => {
    const local = localImagesOf(['myapp-base:1.0', 'registry.example:5000/team/trainer']);
    for (const from of ['myapp-base', 'myapp-base:latest', 'team/myapp-base:1.0', 'registry.example:5000/team/trainer:dev', 'registry.example/team/trainer']) {
      assert.ok(!local?.has(ref(from)), from);
    }
    assert.ok(local?.has(ref('myapp-base:1.0')));
    assert.ok(local?.has(ref('registry.example:5000/team/trainer:latest')));
  });

  it('ignores names that are not image references', () => {
    assert.equal(localImagesOf(['MyApp', '', 'a b']), undefined);
  });
});

describe('localImagesFor: Compose files beside the Dockerfile or above it', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-local-images-'));
    fs.mkdirSync(path.join(root, '.git'));
    fs.mkdirSync(path.join(root, 'docker', 'trainer'), { recursive: true });
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('a Compose file at the repository root that builds the base', () => {
    fs.writeFileSync(path.join(root, 'compose.yaml'), 'services:\n  base:\n    build: docker/base\n    image: myapp-base\n  trainer:\n    build: docker/trainer\n    image: myapp-trainer\n');
    assert.deepEqual(localImagesFor(path.join(root, 'docker', 'trainer', 'Dockerfile')), ['myapp-base']);
    // The base's own Dockerfile does not start FROM its output.
    assert.deepEqual(localImagesFor(path.join(root, 'docker', 'base', 'Dockerfile')), ['myapp-trainer']);
  });

  it('the editor gets them with the named contexts', () => {
    fs.writeFileSync(path.join(root, 'docker', 'trainer', 'docker-compose.yml'), 'services:\n  base:\n    build:\n      context: .\n      dockerfile: base.Dockerfile\n    image: myapp-base\n');
    const near = namedContextsNear(path.join(root, 'docker', 'trainer', 'Dockerfile'), root);
    assert.deepEqual(near.localImages, ['myapp-base']);
    assert.ok(near.watched.includes(path.join(root, 'docker', 'trainer', 'docker-compose.yml')));
  });
});

describe('mlc lint: FROM of an image Compose builds', () => {
  const { write, lint, lintWithWorkers } = useLintRepo('local-images');
  const tagFindings = (out: string): string[] => (JSON.parse(out) as { ruleId: string; line: number }[]).filter((f) => tagRules.includes(f.ruleId)).map((f) => `${f.ruleId}@${f.line}`);
  const dockerfile = 'FROM myapp-base AS dev\nFROM myapp-base:latest AS prod\nFROM postgres\n';

  it('is not reported, on this thread or a worker; a pulled image still is', async () => {
    write('compose.yaml', 'services:\n  base:\n    build: ./base\n    image: myapp-base\n  db:\n    image: postgres\n');
    write('base/Dockerfile', 'FROM python:3.12-slim\n');
    write('app/Dockerfile', dockerfile);
    for (const run of [() => lint('app', '--format', 'json', '--failure-threshold', 'none'), () => lintWithWorkers(1, 'app', '--format', 'json', '--failure-threshold', 'none')]) {
      const { code, out } = await run();
      assert.equal(code, 0);
      assert.deepEqual(tagFindings(out), ['MLD201@3']);
    }
  });

  it('without the build, Compose pulls it: reported', async () => {
    write('compose.yaml', 'services:\n  base:\n    image: myapp-base\n');
    write('app/Dockerfile', dockerfile);
    const { out } = await lint('app', '--format', 'json', '--failure-threshold', 'none');
    assert.deepEqual(tagFindings(out), ['MLD201@1', 'MLD202@2', 'MLD201@3']);
  });
});
