import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

/** Folders where credential plugins usually live but that a GUI-launched editor's PATH often lacks. */
export function extraSearchDirs(env: NodeJS.ProcessEnv, platform: string): string[] {
  const home = env.HOME || os.homedir();
  const dirs = [
    path.join(home, '.local', 'bin'),
    path.join(home, 'bin'),
    path.join(home, 'go', 'bin'),
    path.join(home, '.krew', 'bin'),
    path.join(home, 'google-cloud-sdk', 'bin'),
    '/usr/local/bin',
    '/usr/lib/google-cloud-sdk/bin',
    '/snap/bin',
  ];
  if (platform === 'darwin') {
    dirs.push('/opt/homebrew/bin', '/opt/homebrew/share/google-cloud-sdk/bin', '/usr/local/share/google-cloud-sdk/bin');
  }
  return dirs;
}

async function isExecutable(candidate: string): Promise<boolean> {
  try {
    const stat = await fs.stat(candidate);
    if (!stat.isFile()) {
      return false;
    }
    await fs.access(candidate, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Finds a command as a shell would (PATH), then in the usual install folders; never runs anything. */
export async function findExecutable(command: string, env: NodeJS.ProcessEnv, platform: string): Promise<string | undefined> {
  if (command.includes('/') || command.includes('\\')) {
    return (await isExecutable(command)) ? command : undefined;
  }
  const pathDirs = (env.PATH ?? '').split(platform === 'win32' ? ';' : ':').filter(Boolean);
  const exts = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of [...pathDirs, ...extraSearchDirs(env, platform)]) {
    for (const ext of exts) {
      const candidate = path.join(dir, command + ext);
      if (await isExecutable(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}
