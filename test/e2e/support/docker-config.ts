import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

/** Writes $DOCKER_CONFIG/config.json (an object is serialised; a string or buffer is written as is). */
export async function writeDockerConfig(dir: string, content: object | string | Buffer): Promise<string> {
  const file = path.join(dir, 'config.json');
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(file, typeof content === 'string' || Buffer.isBuffer(content) ? content : JSON.stringify(content, null, 2));
  return file;
}

/** The docker CLI's context store layout: contexts/meta/<sha256(name)>/meta.json. */
export function contextMetaPath(dir: string, name: string): string {
  return path.join(dir, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'), 'meta.json');
}

/** Writes a context's meta.json as `docker context create NAME --docker host=HOST` would. */
export async function writeDockerContext(dir: string, name: string, host: string | { raw: string }): Promise<string> {
  const file = contextMetaPath(dir, name);
  await fs.mkdir(path.dirname(file), { recursive: true });
  const body = typeof host === 'string' ? JSON.stringify({ Name: name, Metadata: { Description: 'mlc e2e' }, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }) : host.raw;
  await fs.writeFile(file, body);
  return file;
}
