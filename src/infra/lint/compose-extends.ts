import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { defaultComposeFileNames, defaultOverrideFor, defaultOverrideNamesFor, maxExtendsFileChars } from '../../core/lint/compose/extends-files';
import type { ExtendsFiles } from '../../core/lint/compose/extends-files';
import { readExtendsFiles } from '../../core/lint/compose/read-extends-files';
import { readTextFile } from '../fs/read-text-file';

/** The text of a file an editor has open (its unsaved changes too), by absolute path; undefined when it is not open. */
export type OpenText = (file: string) => string | undefined;

/** Reads a file for a Compose file as `mlc lint` does (small regular files), preferring the editor's text of it. */
async function readNear(file: string, openText?: OpenText): Promise<string | undefined> {
  const open = openText?.(file);
  if (open !== undefined) {
    return open.length <= maxExtendsFileChars ? open : undefined;
  }
  const read = await readTextFile(file, maxExtendsFileChars);
  return read.ok ? read.text : undefined;
}

/**
 * The files a Compose text's services extend (`extends: {file: …}`) and those their bases extend in turn, read
 * relative to the folder of the file naming them, by the path `lintCompose` looks them up under (see
 * readExtendsFiles): the editor's `extendsFiles`. `tried` gets the absolute path of every file looked for.
 */
export async function composeExtendsNear(dir: string, text: string, openText?: OpenText, tried?: string[]): Promise<ExtendsFiles> {
  return readExtendsFiles(text, (name) => {
    const file = path.resolve(dir, name);
    tried?.push(file);
    return readNear(file, openText);
  });
}

/**
 * The text of the override file `docker compose` merges over the Compose file `file` without `-f`
 * (`compose.override.yaml` beside `compose.yaml`), read as `mlc lint` reads it; undefined when there is none.
 */
export async function composeOverrideNear(file: string, openText?: OpenText): Promise<string | undefined> {
  const name = path.basename(file);
  if (!defaultComposeFileNames.includes(name)) {
    return undefined;
  }
  const dir = path.dirname(file);
  const override = defaultOverrideFor(name, new Set(await fs.readdir(dir).catch(() => [])));
  return override === undefined ? undefined : readNear(path.join(dir, override), openText);
}

/** What the editor reads beside a Compose file, and the absolute paths of the files whose change changes it. */
export interface ComposeReads {
  extendsFiles: ExtendsFiles;
  overrideFile?: string;
  /** The files its `extends` chains name, and the override files that would be merged over it, present or not. */
  watched: string[];
}

/** composeExtendsNear and composeOverrideNear for the Compose file `file` whose text is `text`. */
export async function composeReadsNear(file: string, text: string, openText?: OpenText): Promise<ComposeReads> {
  const dir = path.dirname(file);
  const tried: string[] = [];
  const [extendsFiles, overrideFile] = await Promise.all([composeExtendsNear(dir, text, openText, tried), composeOverrideNear(file, openText)]);
  const watched = [...new Set([...tried, ...defaultOverrideNamesFor(path.basename(file)).map((name) => path.join(dir, name))])];
  return { extendsFiles, ...(overrideFile !== undefined ? { overrideFile } : {}), watched };
}
