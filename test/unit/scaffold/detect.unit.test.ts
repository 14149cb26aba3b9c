import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { detectProject, entryPointOf, isTestPath, pinnedVersion } from '../../../src/core/scaffold/detect';
import { parseEnvironmentYml, parsePyproject, parseRequirementsTxt } from '../../../src/core/scaffold/requirements';
import { scanWorkspace } from '../../../src/infra/scaffold/scan';

const fixtures = path.resolve(__dirname, '..', '..', 'fixtures', 'scaffold');
const detectFixture = async (name: string) => detectProject(await scanWorkspace(path.join(fixtures, name)));

describe('scaffold/detect', () => {
  describe('requirement parsers', () => {
    it('reads pins, extras and comments from requirements.txt and ignores options', () => {
      assert.deepEqual(parseRequirementsTxt('torch==2.4.1\nuvicorn[standard]>=0.30 # x\n-r other.txt\n# c\nScikit_Learn~=1.5\nrequests\n'), [
        { name: 'torch', version: '2.4.1' },
        { name: 'uvicorn', version: '0.30' },
        { name: 'scikit-learn', version: '1.5' },
        { name: 'requests' },
      ]);
    });

    it('reads PEP 621 dependencies and requires-python', () => {
      const r = parsePyproject('[project]\nrequires-python = ">=3.10"\ndependencies = [\n  "vllm==0.6.3",\n  \'numpy\',\n]\n');
      assert.deepEqual(r, { requirements: [{ name: 'vllm', version: '0.6.3' }, { name: 'numpy' }], python: '3.10' });
    });

    it('reads Poetry dependencies including inline tables', () => {
      const r = parsePyproject('[tool.poetry.dependencies]\npython = "^3.11"\njax = "0.4.31"\nflax = { version = "^0.8.5" }\n\n[build-system]\nrequires = ["x"]\n');
      assert.deepEqual(r, { requirements: [{ name: 'jax', version: '0.4.31' }, { name: 'flax', version: '0.8.5' }], python: '3.11' });
    });

    it('reads conda dependencies, the python pin and the nested pip list', () => {
      const r = parseEnvironmentYml('dependencies:\n  - python=3.10\n  - pytorch=2.3.1\n  - pip\n  - pip:\n      - transformers==4.44.2\n');
      assert.deepEqual(r, { requirements: [{ name: 'pytorch', version: '2.3.1' }, { name: 'transformers', version: '4.44.2' }], python: '3.10' });
    });
  });

  describe('entry points', () => {
    it('finds a FastAPI app object', () => {
      assert.deepEqual(entryPointOf('main.py', 'from fastapi import FastAPI\napi = FastAPI()\n'), { path: 'main.py', kind: 'serve', server: 'fastapi', appObject: 'api', runsItself: false });
    });

    it('finds a Flask app that runs itself and its port', () => {
      const e = entryPointOf('app/main.py', 'import os\nfrom flask import Flask\napp = Flask(__name__)\nif __name__ == "__main__":\n    app.run(port=int(os.environ.get("PORT", "5055")))\n');
      assert.deepEqual(e, { path: 'app/main.py', kind: 'serve', server: 'flask', appObject: 'app', runsItself: true, port: 5055 });
    });

    it('finds training scripts only when they have a main guard', () => {
      assert.deepEqual(entryPointOf('train.py', 'if __name__ == "__main__":\n    pass\n'), { path: 'train.py', kind: 'train' });
      assert.equal(entryPointOf('train.py', 'def f(): pass\n'), undefined);
      assert.equal(entryPointOf('utils.py', 'if __name__ == "__main__":\n    pass\n'), undefined);
    });
  });

  describe('tests (the CI workflow runs pytest)', () => {
    it('a tests/ folder or test_*.py / *_test.py files count; other files do not', () => {
      assert.equal(isTestPath('tests/conftest.py'), true);
      assert.equal(isTestPath('test/test_api.py'), true);
      assert.equal(isTestPath('pkg/test_model.py'), true);
      assert.equal(isTestPath('model_test.py'), true);
      assert.equal(isTestPath('latest_model.py'), false);
      assert.equal(isTestPath('contests/data.csv'), false);
      assert.equal(isTestPath('testing.py'), false);
    });

    it('detection reports whether the project has tests', () => {
      const scan = (paths: string[]) => detectProject({ paths, texts: {} }).hasTests;
      assert.equal(scan(['app.py', 'tests/test_app.py']), true);
      assert.equal(scan(['app.py', 'train.py']), false);
    });
  });

  describe('fixture projects (infra scan + core detection)', () => {
    it('torch-fastapi: PyTorch, FastAPI entry, artifacts, data, existing files', async () => {
      const facts = await detectFixture('torch-fastapi');
      assert.deepEqual(facts.frameworks, ['pytorch']);
      assert.equal(pinnedVersion(facts, 'pytorch'), '2.4.1');
      assert.equal(facts.pythonVersion, '3.11');
      assert.equal(facts.requirementsFile, 'requirements.txt');
      assert.deepEqual(facts.entryPoints.map((e) => [e.path, e.kind, e.server]), [['main.py', 'serve', 'fastapi'], ['src/train.py', 'train', undefined]]);
      assert.deepEqual(facts.modelArtifacts, ['models/resnet.pt']);
      assert.equal(facts.artifactName, 'resnet.pt');
      assert.deepEqual(facts.dataDirs, ['data', 'models']);
      assert.deepEqual(facts.existing.dockerfiles, ['Dockerfile']);
      assert.deepEqual(facts.existing.kubernetes, ['k8s/service.yaml']);
      assert.equal(facts.pins.numpy, '1.26.4');
    });

    it('tf-conda: TensorFlow from environment.yml, python pin, train entry, compose', async () => {
      const facts = await detectFixture('tf-conda');
      assert.deepEqual(facts.frameworks, ['tensorflow']);
      assert.equal(pinnedVersion(facts, 'tensorflow'), '2.16.1');
      assert.equal(facts.pythonVersion, '3.10');
      assert.deepEqual(facts.entryPoints, [{ path: 'train.py', kind: 'train' }]);
      assert.equal(facts.artifactName, 'model.keras');
      assert.deepEqual(facts.existing.compose, ['docker-compose.yml']);
      assert.equal(facts.requirementsFile, undefined);
    });

    it('poetry-jax: JAX from Poetry', async () => {
      const facts = await detectFixture('poetry-jax');
      assert.deepEqual(facts.frameworks, ['jax']);
      assert.equal(facts.pythonVersion, '3.11');
      assert.deepEqual(facts.declared, ['jax==0.4.31', 'flax==0.8.5']);
    });

    it('pep621-vllm: vLLM ranks before transformers', async () => {
      const facts = await detectFixture('pep621-vllm');
      assert.deepEqual(facts.frameworks, ['vllm', 'transformers']);
      assert.equal(facts.pythonVersion, '3.10');
    });

    it('imports-only: XGBoost from imports, Flask entry, existing workflow', async () => {
      const facts = await detectFixture('imports-only');
      assert.deepEqual(facts.frameworks, ['xgboost']);
      assert.deepEqual(facts.entryPoints, [{ path: 'app.py', kind: 'serve', server: 'flask', appObject: 'app', runsItself: true, port: 9000 }]);
      assert.deepEqual(facts.existing.workflows, ['.github/workflows/ci.yml']);
    });

    it('the bundled example: scikit-learn, Flask on 5055, model.pkl from train.py', async () => {
      const facts = detectProject(await scanWorkspace(path.resolve(__dirname, '..', '..', '..', 'examples', 'sentiment-api')));
      assert.deepEqual(facts.frameworks, ['sklearn']);
      assert.equal(facts.entryPoints[0]?.path, 'app/main.py');
      assert.equal(facts.entryPoints[0]?.port, 5055);
      assert.equal(facts.artifactName, 'model.pkl');
      assert.deepEqual(facts.dataDirs, ['data']);
    });
  });
});
