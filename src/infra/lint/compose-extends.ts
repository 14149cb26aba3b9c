import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { defaultComposeFileNames, defaultOverrideFor, defaultOverrideNamesFor, isComposeVariantName, maxExtendsFileChars, variantBaseFor } from '../../core/lint/compose/extends-files';
import type { ExtendsFiles } from '../../core/lint/compose/extends-files';
import { readExtendsFiles } from '../../core/lint/compose/read-extends-files';
import { includingProject } from '../../core/lint/compose/include-files';
import { includedVolumes } from '../../core/lint/compose/included-volumes';
import type { BuiltDockerfiles } from '../../core/lint/compose/built-dockerfiles';
import { builtDockerfileNames, readBuiltDockerfiles } from '../../core/lint/compose/built-dockerfiles';
import type { VariantFiles } from '../../core/lint/compose/variant-services';
import { variantFilesMayMatter, variantNamesFor } from '../../core/lint/compose/variant-services';
import { readTextFile } from '../fs/read-text-file';
import { isWithin } from '../fs/within';
import { realPathOrSelf } from '../fs/real-path';

/** The text of a file an editor has open (its unsaved changes too), by absolute path; undefined when it is not open. */
export type OpenText = (file: string) => string | undefined;


/**
 * Reads a file for a Compose file as `mlc lint` does (small regular files whose real path, links followed, lies inside
 * `boundary`), preferring the editor's text of it: a link in a cloned repository cannot make the editor read a file
 * from elsewhere on the machine, which the CLI would refuse.
 */
async function readNear(file: string, boundary: Promise<string>, openText?: OpenText): Promise<string | undefined> {
  const [root, real] = await Promise.all([boundary, realPathOrSelf(file)]);
  if (!isWithin(path.relative(root, real))) {
    return undefined;
  }
  const open = openText?.(file);
  if (open !== undefined) {
    return open.length <= maxExtendsFileChars ? open : undefined;
  }
  const read = await readTextFile(real, maxExtendsFileChars);
  return read.ok ? read.text : undefined;
}

/**
 * The files a Compose text's services extend (`extends: {file: …}`) and those their bases extend in turn, read
 * relative to the folder of the file naming them, by the path `lintCompose` looks them up under (see
 * readExtendsFiles): the editor's `extendsFiles`. `tried` gets the absolute path of every file looked for. Only files
 * inside `boundary` (the workspace folder; by default `dir`) are read, as `mlc lint` reads only those inside its scope.
 */
export async function composeExtendsNear(dir: string, text: string, openText?: OpenText, tried?: string[], boundary = dir): Promise<ExtendsFiles> {
  const root = realPathOrSelf(boundary);
  return readExtendsFiles(text, (name) => {
    const file = path.resolve(dir, name);
    tried?.push(file);
    return readNear(file, root, openText);
  });
}

/**
 * The text of the override file `docker compose` merges over the Compose file `file` without `-f`
 * (`compose.override.yaml` beside `compose.yaml`), read as `mlc lint` reads it (inside `boundary`, by default the
 * file's folder); undefined when there is none.
 */
export async function composeOverrideNear(file: string, openText?: OpenText, boundary = path.dirname(file)): Promise<string | undefined> {
  const name = path.basename(file);
  if (!defaultComposeFileNames.includes(name)) {
    return undefined;
  }
  const dir = path.dirname(file);
  const override = defaultOverrideFor(name, new Set(await fs.readdir(dir).catch(() => [])));
  return override === undefined ? undefined : readNear(path.join(dir, override), realPathOrSelf(boundary), openText);
}

/** The text of the main Compose file beside a variant file (see variantBaseFor), read as composeOverrideNear reads. */
export async function composeBaseNear(file: string, openText?: OpenText, boundary = path.dirname(file)): Promise<string | undefined> {
  const dir = path.dirname(file);
  const base = variantBaseFor(path.basename(file), new Set(await fs.readdir(dir).catch(() => [])));
  return base === undefined ? undefined : readNear(path.join(dir, base), realPathOrSelf(boundary), openText);
}

/**
 * The text of the variant files beside the main Compose file `file` (see variantNamesFor), read as composeOverrideNear
 * reads, when they may matter to its text (see variantFilesMayMatter), with the absolute paths of those looked for.
 */
async function composeVariantsNear(file: string, text: string, envFile: string | undefined, root: Promise<string>, openText?: OpenText): Promise<{ files: VariantFiles; paths: string[] }> {
  const dir = path.dirname(file);
  const names = variantFilesMayMatter(text, envFile) ? variantNamesFor(path.basename(file), new Set(await fs.readdir(dir).catch(() => []))) : [];
  const texts = await Promise.all(names.map((name) => readNear(path.join(dir, name), root, openText)));
  const files = new Map<string, string>();
  names.forEach((name, i) => {
    const read = texts[i];
    if (read !== undefined) {
      files.set(name, read);
    }
  });
  return { files, paths: names.map((name) => path.join(dir, name)) };
}

/** What the editor reads beside a Compose file, and the absolute paths of the files whose change changes it. */
export interface ComposeReads {
  extendsFiles: ExtendsFiles;
  overrideFile?: string;
  /** For a variant file, the main Compose file beside it. */
  baseFile?: string;
  /** For a main file, the variant files beside it, by name, when they may matter to it (see composeVariantsNear). */
  variantFiles?: VariantFiles;
  /** For a file another one includes, the services of that project. */
  projectServices?: string[];
  /** The project's `.env` beside it, which Compose interpolates `${VAR}` with. */
  envFile?: string;
  /** The Dockerfiles its services build, by path relative to its folder (see builtDockerfileNames). */
  builtDockerfiles?: BuiltDockerfiles;
  /** For a file with `include:`, the volumes the included files declare, when every one was read (see includedVolumes). */
  includedVolumes?: string[];
  /** The files its `extends` chains name, the override files that would be merged over it, its `.env`, the Dockerfiles it builds and, for a variant file, the main files it may be run with, present or not; for a main file, the variant files read beside it. */
  watched: string[];
}

/**
 * composeExtendsNear and composeOverrideNear for the Compose file `file` whose text is `text`, with the `.env` and the
 * Dockerfiles its services build and the volumes of the files it includes, reading files inside `boundary` only: the document's workspace folder, or without
 * one, its own folder.
 */
export async function composeReadsNear(file: string, text: string, openText?: OpenText, boundary = path.dirname(file)): Promise<ComposeReads> {
  const dir = path.dirname(file);
  const tried: string[] = [];
  const root = realPathOrSelf(boundary);
  const reader = { names: async (d: string) => new Set(await fs.readdir(d).catch(() => [])), text: (f: string) => readNear(f, root, openText) };
  const envPath = path.join(dir, '.env');
  const included: string[] = [];
  const [extendsFiles, overrideFile, baseFile, project, envFile, volumes] = await Promise.all([
    composeExtendsNear(dir, text, openText, tried, boundary),
    composeOverrideNear(file, openText, boundary),
    composeBaseNear(file, openText, boundary),
    includingProject(file, reader, (d) => isWithin(path.relative(boundary, d))),
    readNear(envPath, root, openText),
    includedVolumes(text, (name) => {
      const f = path.resolve(dir, name);
      included.push(f);
      return reader.text(f);
    }),
  ]);
  const dockerfileNames = builtDockerfileNames(text, overrideFile);
  const [builtDockerfiles, variants] = await Promise.all([readBuiltDockerfiles(dockerfileNames, (name) => reader.text(path.resolve(dir, name))), composeVariantsNear(file, text, envFile, root, openText)]);
  const dockerfilePaths = dockerfileNames.map((name) => path.resolve(dir, name));
  const bases = isComposeVariantName(path.basename(file)) ? defaultComposeFileNames : [];
  const watched = [...new Set([...tried, ...[...defaultOverrideNamesFor(path.basename(file)), ...bases].map((name) => path.join(dir, name)), ...(project?.files ?? []), ...included, envPath, ...dockerfilePaths, ...variants.paths])];
  return { extendsFiles, ...(overrideFile !== undefined ? { overrideFile } : {}), ...(baseFile !== undefined ? { baseFile } : {}), ...(variants.files.size > 0 ? { variantFiles: variants.files } : {}), ...(project ? { projectServices: project.services } : {}), ...(envFile !== undefined ? { envFile } : {}), ...(builtDockerfiles.size > 0 ? { builtDockerfiles } : {}), ...(volumes !== undefined ? { includedVolumes: volumes } : {}), watched };
}
