import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'fs/promises', 'net', 'http', 'https', 'child_process', 'os', 'tls', 'dgram', 'dns', 'worker_threads', 'cluster'];
const withNodePrefix = (names) => names.flatMap((n) => [n, `node:${n}`]);

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test-results/**', 'esbuild.js', 'examples/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['scripts/*.mjs', 'scripts/*/*.cjs', 'eslint.config.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // core/ is pure: no VS Code, no I/O, no engine or cluster clients.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['vscode', 'dockerode', '@kubernetes/client-node', ...withNodePrefix(nodeBuiltins)].map((name) => ({ name, message: 'src/core must stay pure: move I/O to src/infra and VS Code glue to src/platform or src/features.' })),
        patterns: [{ group: ['**/infra/**', '**/platform/**', '**/features/**', '**/cli/**'], message: 'src/core must not depend on outer rings.' }],
      }],
    },
  },
  {
    // infra/ and cli/ run in plain Node: never VS Code.
    files: ['src/infra/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/infra and src/cli run without VS Code.' }],
        patterns: [{ group: ['**/platform/**', '**/features/**'], message: 'src/infra and src/cli must not depend on VS Code glue.' }],
      }],
    },
  },
  {
    files: ['scripts/**/*.mjs', 'scripts/**/*.cjs', 'eslint.config.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
