import { execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  authFromHelperOutput,
  authSourceFor,
  isCredentialsNotFound,
  registryOf,
  type AuthSource,
  type DockerCliConfig,
  type RegistryAuth,
} from '../../core/docker/build-registry-auth';

export interface AuthOptions {
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/** The docker CLI's config.json ($DOCKER_CONFIG or ~/.docker); absent or unreadable → empty. */
export async function readDockerCliConfig(env: NodeJS.ProcessEnv = process.env): Promise<DockerCliConfig> {
  const dir = env.DOCKER_CONFIG || path.join(env.HOME || os.homedir(), '.docker');
  try {
    return JSON.parse(await fs.readFile(path.join(dir, 'config.json'), 'utf8')) as DockerCliConfig;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      return {};
    }
    throw new Error(`cannot read the docker config ${path.join(dir, 'config.json')}: ${(err as Error).message}`);
  }
}

/**
 * Runs `docker-credential-<helper> get` with the server URL on stdin (execFile: no shell). The
 * helper's output holds the secret: it is parsed, never logged or put into error messages.
 */
export function runCredentialHelper(helper: string, serverUrl: string, options: AuthOptions = {}): Promise<RegistryAuth | undefined> {
  const program = `docker-credential-${helper}`;
  return new Promise((resolve, reject) => {
    const child = execFile(program, ['get'], { env: options.env ?? process.env, timeout: options.timeoutMs ?? 15_000, maxBuffer: 1024 * 1024, windowsHide: true }, (err, stdout, stderr) => {
      if (err) {
        const e = err as NodeJS.ErrnoException & { code?: string | number; killed?: boolean };
        if (e.code === 'ENOENT') {
          reject(new Error(`the docker config names the credential helper "${helper}", but ${program} is not on PATH`));
        } else if (isCredentialsNotFound(`${stdout}\n${stderr}`)) {
          resolve(undefined);
        } else if (e.killed) {
          reject(new Error(`${program} did not answer within ${options.timeoutMs ?? 15_000} ms`));
        } else {
          reject(new Error(`${program} get failed (exit ${String(e.code)})`));
        }
        return;
      }
      resolve(authFromHelperOutput(stdout, serverUrl));
    });
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(serverUrl);
  });
}

export interface ResolvedAuth {
  source: AuthSource;
  auth?: RegistryAuth;
}

/** Credentials for pushing `ref`, as the docker CLI would find them. */
export async function resolveRegistryAuth(ref: string, options: AuthOptions = {}): Promise<ResolvedAuth> {
  const config = await readDockerCliConfig(options.env);
  const source = authSourceFor(config, registryOf(ref));
  switch (source.kind) {
    case 'helper': {
      const auth = await runCredentialHelper(source.helper, source.serverUrl, options);
      return auth ? { source, auth } : { source };
    }
    case 'auths':
      return { source, auth: source.auth };
    case 'none':
      return { source };
    case 'invalid':
      throw new Error(source.reason);
  }
}
