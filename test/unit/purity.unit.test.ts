import * as assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { ESLint } from 'eslint';
import { repoRoot } from './support/fixtures';

/** Virtual files: they never exist on disk, so nothing is ever written into src/. */
const coreProbe = 'src/core/doctor/__purity_probe__.ts';
const infraProbe = 'src/infra/__purity_probe__.ts';

describe('purity of the inner rings', () => {
  it('runs without VS Code: require("vscode") fails in this tier', () => {
    const requireHere = createRequire(__filename);
    assert.throws(
      () => requireHere('vscode'),
      (err: NodeJS.ErrnoException) => err.code === 'MODULE_NOT_FOUND' && /'vscode'/.test(err.message),
    );
  });

  describe('the repository\'s ESLint configuration', () => {
    let eslint: ESLint;
    before(function () {
      this.timeout(60000);
      // The type-aware config only lints files in the TypeScript project; let it open the two
      // virtual probe files as default-project files. Every rule still comes from eslint.config.mjs.
      eslint = new ESLint({
        cwd: repoRoot,
        overrideConfig: { files: [coreProbe, infraProbe], languageOptions: { parserOptions: { projectService: { allowDefaultProject: [coreProbe, infraProbe] } } } },
      });
    });

    async function lint(code: string, filePath: string): Promise<{ ruleId: string | null; message: string }[]> {
      const [result] = await eslint.lintText(code, { filePath });
      assert.ok(result, 'one lint result');
      assert.equal(result.filePath, path.join(repoRoot, filePath));
      return result.messages.map((m) => ({ ruleId: m.ruleId, message: m.message }));
    }

    it('forbids node:fs in src/core', async function () {
      this.timeout(60000);
      const messages = await lint("import * as fs from 'node:fs';\n\nexport const exists = fs.existsSync('/var/run/docker.sock');\n", coreProbe);
      assert.deepEqual(
        messages.map((m) => m.ruleId),
        ['no-restricted-imports'],
      );
      assert.match(messages[0]?.message ?? '', /'node:fs' import is restricted.*src\/core must stay pure/);
    });

    it('forbids vscode, dockerode and outer rings in src/core', async function () {
      this.timeout(60000);
      const messages = await lint(
        "import * as vscode from 'vscode';\nimport Docker from 'dockerode';\nimport { readTextFile } from '../../infra/fs/read-text-file';\n\nexport const all = [vscode.version, Docker, readTextFile];\n",
        coreProbe,
      );
      assert.deepEqual(
        messages.map((m) => m.ruleId),
        ['no-restricted-imports', 'no-restricted-imports', 'no-restricted-imports'],
      );
    });

    it('forbids vscode in src/infra', async function () {
      this.timeout(60000);
      const messages = await lint("import * as vscode from 'vscode';\n\nexport const version = vscode.version;\n", infraProbe);
      assert.deepEqual(messages.map((m) => m.ruleId), ['no-restricted-imports']);
      assert.match(messages[0]?.message ?? '', /'vscode' import is restricted.*src\/infra and src\/cli run without VS Code/);
    });

    it('allows node:fs in src/infra and pure code in src/core, with type-aware rules active', async function () {
      this.timeout(60000);
      assert.deepEqual(await lint("import * as fs from 'node:fs';\n\nexport const exists = fs.existsSync('/var/run/docker.sock');\n", infraProbe), []);
      assert.deepEqual(await lint("import { parseDockerConfig } from '../docker/endpoint';\n\nexport const parsed = parseDockerConfig('{}');\n", coreProbe), []);
      const floating = await lint('async function work(): Promise<void> {}\n\nwork();\n', coreProbe);
      assert.deepEqual(floating.map((m) => m.ruleId), ['@typescript-eslint/no-floating-promises']);
    });
  });
});
