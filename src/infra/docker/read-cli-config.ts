import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  chooseDockerContext,
  parseContextMeta,
  parseDockerConfig,
  resolveDockerEndpoint,
  type DockerEnv,
} from '../../core/docker/endpoint';
import type { DockerEndpoint } from '../../core/doctor/facts';
import { readTextFile } from '../fs/read-text-file';

export interface DockerEndpointResolution {
  endpoint: DockerEndpoint;
  configPath?: string;
  problems: string[];
}

export function dockerConfigDir(env: NodeJS.ProcessEnv): string {
  return env.DOCKER_CONFIG || path.join(env.HOME || os.homedir(), '.docker');
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}

/** Resolves the Docker endpoint exactly as the docker CLI would, reading its config and context store. */
export async function resolveDockerEndpointFromDisk(env: NodeJS.ProcessEnv, platform: string, setting?: string): Promise<DockerEndpointResolution> {
  const dir = dockerConfigDir(env);
  const configPath = path.join(dir, 'config.json');
  const problems: string[] = [];
  const configText = await readTextFile(configPath);
  const config = configText.ok ? parseDockerConfig(configText.text) : {};
  if (configText.ok && config.problem) {
    problems.push(`${configPath}: ${config.problem}`);
  } else if (!configText.ok && configText.reason !== 'missing') {
    problems.push(`${configPath}: ${configText.message}`);
  }
  const dockerEnv: DockerEnv = {
    DOCKER_HOST: env.DOCKER_HOST,
    DOCKER_CONTEXT: env.DOCKER_CONTEXT,
    DOCKER_TLS_VERIFY: env.DOCKER_TLS_VERIFY,
    DOCKER_CERT_PATH: env.DOCKER_CERT_PATH,
  };
  const context = setting ? undefined : chooseDockerContext(dockerEnv, config);
  let contextMeta;
  let contextTlsPath: string | undefined;
  if (context) {
    const id = createHash('sha256').update(context.name).digest('hex');
    const metaPath = path.join(dir, 'contexts', 'meta', id, 'meta.json');
    const metaText = await readTextFile(metaPath);
    if (metaText.ok) {
      contextMeta = parseContextMeta(metaText.text);
      if (contextMeta.problem) {
        problems.push(`context "${context.name}" (${metaPath}): ${contextMeta.problem}`);
      }
    } else {
      problems.push(`context "${context.name}" is selected by ${context.source === 'DOCKER_CONTEXT' ? 'DOCKER_CONTEXT' : 'config.json'} but ${metaPath} ${metaText.reason === 'missing' ? 'does not exist' : `cannot be read (${metaText.message})`}; the docker CLI would fail too.`);
    }
    const tlsDir = path.join(dir, 'contexts', 'tls', id, 'docker');
    if (await exists(tlsDir)) {
      contextTlsPath = tlsDir;
    }
  }
  const endpoint = resolveDockerEndpoint({
    platform,
    env: dockerEnv,
    ...(setting ? { setting } : {}),
    ...(context ? { context } : {}),
    ...(contextMeta ? { contextMeta } : {}),
    ...(contextTlsPath ? { contextTlsPath } : {}),
  });
  return { endpoint, problems, ...(configText.ok || (!configText.ok && configText.reason !== 'missing') ? { configPath } : {}) };
}
