/**
 * Starts code-server (real VS Code, web client) on 127.0.0.1 with throw-away user data and
 * extensions folders, and stops it again (the whole process group) with everything it wrote.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { codeServerBin, resultsDir } from './paths';
import { GiveUp, waitFor } from './wait';

export interface CodeServerOptions {
  /** Names the temp folder and the log file (test-results/host/<name>-code-server.log). */
  name: string;
  /** Folder to open. */
  workspace: string;
  /** .vsix files to install before the start. */
  vsixes: string[];
  /** Extra environment for the server and so for its extension hosts. */
  env?: Record<string, string>;
}

export interface CodeServer {
  port: number;
  /** http://127.0.0.1:PORT/ */
  url: string;
  /** The workbench URL that opens options.workspace. */
  workspaceUrl: string;
  logFile: string;
  stop(): Promise<void>;
}

/** Quiet, offline, no walkthroughs: the workbench shows only what the tests look at. */
const userSettings = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'git.openRepositoryInParentFolders': 'never',
};

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

async function killGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  signalGroup('SIGTERM');
  const timer = setTimeout(() => signalGroup('SIGKILL'), 10_000);
  await exited(child);
  clearTimeout(timer);
  signalGroup('SIGKILL'); // children that outlived the server (extension hosts) go too
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  if (!fs.existsSync(codeServerBin)) {
    throw new Error(`code-server not found at ${codeServerBin}: run scripts/provision/code-server.sh`);
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `mlc-host-${options.name}-`));
  const dirs = {
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    xdgConfig: path.join(root, 'xdg-config'),
    xdgData: path.join(root, 'xdg-data'),
    tmp: path.join(root, 'tmp'),
  };
  for (const dir of Object.values(dirs)) {
    fs.mkdirSync(dir, { recursive: true });
  }
  fs.mkdirSync(path.join(dirs.userData, 'User'));
  fs.writeFileSync(path.join(dirs.userData, 'User/settings.json'), JSON.stringify(userSettings, null, 2));
  const config = path.join(root, 'config.yaml');
  fs.writeFileSync(config, 'auth: none\ncert: false\n');
  const common = ['--config', config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // code-server writes its config and logs under XDG folders; keep them in the temp root.
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    // VS Code puts IPC sockets (vscode-ipc-*, vscode-git-*) and tsserver logs in the temp folder.
    TMPDIR: dirs.tmp,
    // No extension gallery: nothing may leave the machine (code-server defaults to open-vsx.org).
    EXTENSIONS_GALLERY: '{}',
    ...options.env,
  };

  const cleanup = () => fs.rmSync(root, { recursive: true, force: true });
  try {
    for (const vsix of options.vsixes) {
      await promisify(execFile)(codeServerBin, [...common, '--install-extension', vsix], { env });
    }
  } catch (err) {
    cleanup();
    throw err;
  }

  fs.mkdirSync(resultsDir, { recursive: true });
  const logFile = path.join(resultsDir, `${options.name}-code-server.log`);
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    const log = fs.openSync(logFile, 'w');
    const child = spawn(
      codeServerBin,
      [...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override', options.workspace],
      { env, detached: true, stdio: ['ignore', log, log] },
    );
    fs.closeSync(log);
    const url = `http://127.0.0.1:${port}/`;
    try {
      await waitFor(
        `code-server to answer on ${url}healthz`,
        async () => {
          if (child.exitCode !== null || child.signalCode !== null) {
            throw new GiveUp(`code-server exited (${child.exitCode ?? child.signalCode}); see ${logFile}`);
          }
          const res = await fetch(`${url}healthz`).catch(() => undefined);
          return res?.ok ? true : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 200 },
      );
    } catch (err) {
      await killGroup(child);
      if (attempt < 3 && err instanceof GiveUp) {
        continue; // most likely the port was taken between freePort() and the bind
      }
      cleanup();
      throw err;
    }
    let stopped: Promise<void> | undefined;
    return {
      port,
      url,
      workspaceUrl: `${url}?folder=${encodeURIComponent(options.workspace)}`,
      logFile,
      stop: () => (stopped ??= killGroup(child).then(cleanup)),
    };
  }
}
