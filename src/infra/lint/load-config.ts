import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { MlcConfig } from '../../core/lint/config';
import { configFromValue, mergeConfigValues, readConfigYaml } from '../../core/lint/config';
import { readTextFile } from '../fs/read-text-file';

export const configNames = ['.mlc.yaml', '.mlc.yml'];
/** A configuration is a few dozen lines; anything past this is not one. */
const maxConfigBytes = 1024 * 1024;

export type LoadedConfig = { ok: true; config: MlcConfig; file: string } | { ok: false; file: string; errors: string[] };

async function exists(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isFile();
  } catch {
    return false;
  }
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** The nearest `.mlc.yaml`/`.mlc.yml` from `startDir` up to the repository root (a folder with `.git`) or the file-system root. */
export async function findConfigFile(startDir: string): Promise<string | undefined> {
  let dir = path.resolve(startDir);
  for (let depth = 0; depth < 100; depth++) {
    for (const name of configNames) {
      const candidate = path.join(dir, name);
      if (await exists(candidate)) {
        return candidate;
      }
    }
    if (await isDir(path.join(dir, '.git'))) {
      return undefined;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      return undefined;
    }
    dir = parent;
  }
  return undefined;
}

/** Reads a config file and its `extends` chain (child wins); invalid files are errors, never exceptions. */
export async function loadConfigFile(file: string): Promise<LoadedConfig> {
  let value: unknown;
  const seen = new Set<string>();
  let current: string | undefined = path.resolve(file);
  const chain: unknown[] = [];
  while (current !== undefined) {
    if (seen.has(current) || seen.size >= 10) {
      return { ok: false, file, errors: [`extends: cycle or chain too long at ${current}`] };
    }
    seen.add(current);
    // A regular file of bounded size: `extends: /dev/zero` or a pipe must not hang the linter.
    const contents = await readTextFile(current, maxConfigBytes);
    if (!contents.ok) {
      return { ok: false, file: current, errors: [contents.reason === 'missing' ? 'no such file' : contents.message] };
    }
    const read = readConfigYaml(contents.text);
    if (!read.ok) {
      return { ok: false, file: current, errors: read.errors };
    }
    if (read.value !== null && (typeof read.value !== 'object' || Array.isArray(read.value))) {
      // Else a file in the chain that holds a list or a string would be dropped without a word.
      return { ok: false, file: current, errors: ['the file must be a mapping of settings'] };
    }
    chain.push(read.value);
    const ext = (read.value as { extends?: unknown } | null)?.extends;
    current = typeof ext === 'string' ? path.resolve(path.dirname(current), ext) : undefined;
  }
  for (const v of chain.reverse()) {
    value = value === undefined ? v : mergeConfigValues(value, v);
  }
  const result = configFromValue(value);
  return result.ok ? { ok: true, config: result.config, file } : { ok: false, file, errors: result.errors };
}
