import * as os from 'node:os';
import * as path from 'node:path';

/** Repository root (this file lives in test/host/support/). */
export const repoRoot = path.resolve(__dirname, '../../..');

export const codeServerVersion = '4.100.3';

/** Installed by scripts/provision/code-server.sh; MLC_CODE_SERVER overrides it. */
export const codeServerBin =
  process.env.MLC_CODE_SERVER ??
  path.join(os.homedir(), '.cache/ml-containers/code-server', codeServerVersion, 'node_modules/.bin/code-server');

/** Installed by scripts/provision/browser.sh; MLC_CHROMIUM overrides it. */
export const chromiumPath = process.env.MLC_CHROMIUM ?? '/usr/bin/chromium';

/** Built by `npm run package`. */
export const extensionVsix = path.join(repoRoot, 'out/ml-containers.vsix');

/** Built by test/host/build.ts. */
export const hostTestsDir = path.join(repoRoot, 'out/host-tests');
export const suiteIndex = path.join(hostTestsDir, 'suite/index.js');
export const harnessVsix = path.join(hostTestsDir, 'mlc-test-harness.vsix');

/** Screenshots, logs and results files. */
export const resultsDir = path.join(repoRoot, 'test-results/host');
