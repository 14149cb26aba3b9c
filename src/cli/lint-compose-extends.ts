import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isWithin } from '../infra/fs/within';
import { realPathOrSelf } from '../infra/fs/real-path';
import { defaultComposeFileNames, defaultOverrideFor, maxExtendsFileChars, variantBaseFor } from '../core/lint/compose/extends-files';
import { includingProject } from '../core/lint/compose/include-files';
import { includedVolumes } from '../core/lint/compose/included-volumes';
import { readExtendsFiles } from '../core/lint/compose/read-extends-files';
import { builtDockerfileNames, readBuiltDockerfiles } from '../core/lint/compose/built-dockerfiles';
import { variantFilesMayMatter, variantNamesFor } from '../core/lint/compose/variant-services';
import { readTextFile } from '../infra/fs/read-text-file';
import type { LintJob } from './lint-file';

/**
 * Compose services that extend a service in another file (`extends: {file: common.yaml, service: base}`) are linted
 * merged with it, as Compose runs them: each Compose job gets the text of the files its services extend, relative to
 * its own folder, and of the files those bases extend in turn, relative to theirs (see readExtendsFiles), taken from
 * the files already read or read here (small regular files inside `scope`, the repository, only: as discovery follows
 * links, so a pull request cannot make a CI run read files from elsewhere on the machine).
 * A main file (`compose.yaml`…) likewise gets the override file `docker compose` merges over it (`compose.override.yaml`…),
 * and a variant file (`docker-compose.gpu.yml`) the main file beside it that it is run with (and a main file that selects
 * CUDA or runs a GPU-only image, the variant files beside it, which may give its services their GPUs); a file another one
 * includes (`include:`) gets the services of that project, a file with `include:` the volumes its included files
 * declare, and each file the `.env` beside it, which Compose interpolates
 * `${VAR}` with (its project folder is the first file's: for `-f` files of one folder, theirs), and the Dockerfiles its
 * services build (what their images set, HOME or HF_HOME, places their caches).
 */
export async function shareComposeExtends(slots: readonly { file: string; job?: LintJob }[], scope: string): Promise<void> {
  const known = new Map(slots.flatMap((s) => (s.job ? [[s.file, s.job.text] as const] : [])));
  const reads = new Map<string, Promise<string | undefined>>();
  const boundary = realPathOrSelf(scope);
  const namesIn = folderNames();
  const textOf = (file: string): Promise<string | undefined> => {
    let p = reads.get(file);
    if (!p) {
      const already = known.get(file);
      p =
        already !== undefined
          ? Promise.resolve(already)
          : Promise.all([boundary, realPathOrSelf(file)]).then(([root, real]) => (isWithin(path.relative(root, real)) ? readTextFile(real, maxExtendsFileChars).then((r) => (r.ok ? r.text : undefined)) : undefined));
      reads.set(file, p);
    }
    return p;
  };
  const includes = { names: namesIn, text: textOf };
  for (const s of slots) {
    if (s.job?.kind !== 'compose') {
      continue;
    }
    const dir = path.dirname(s.file);
    const files = await readExtendsFiles(s.job.text, (name) => textOf(path.resolve(dir, name)));
    if (files.size > 0) {
      s.job.composeExtends = files;
    }
    const override = defaultComposeFileNames.includes(path.basename(s.file)) ? defaultOverrideFor(path.basename(s.file), await namesIn(dir)) : undefined;
    const overrideText = override === undefined ? undefined : await textOf(path.join(dir, override));
    if (overrideText !== undefined) {
      s.job.composeOverride = overrideText;
    }
    const base = variantBaseFor(path.basename(s.file), await namesIn(dir));
    const baseText = base === undefined ? undefined : await textOf(path.join(dir, base));
    if (baseText !== undefined) {
      s.job.composeBase = baseText;
    }
    const dockerfiles = await readBuiltDockerfiles(builtDockerfileNames(s.job.text, overrideText), (name) => textOf(path.resolve(dir, name)));
    if (dockerfiles.size > 0) {
      s.job.composeDockerfiles = dockerfiles;
    }
    const env = await textOf(path.join(dir, '.env'));
    if (env !== undefined) {
      s.job.composeEnv = env;
    }
    const variantFiles = new Map<string, string>();
    for (const name of variantFilesMayMatter(s.job.text, env) ? variantNamesFor(path.basename(s.file), await namesIn(dir)) : []) {
      const text = await textOf(path.join(dir, name));
      if (text !== undefined) {
        variantFiles.set(name, text);
      }
    }
    if (variantFiles.size > 0) {
      s.job.composeVariants = variantFiles;
    }
    const project = await includingProject(s.file, includes, (d) => isWithin(path.relative(scope, d)));
    if (project) {
      s.job.composeProject = project.services;
    }
    const volumes = await includedVolumes(s.job.text, (name) => textOf(path.resolve(dir, name)));
    if (volumes !== undefined) {
      s.job.composeIncludedVolumes = volumes;
    }
  }
}

/** The names in a folder, listed once per run. */
function folderNames(): (dir: string) => Promise<ReadonlySet<string>> {
  const listed = new Map<string, Promise<ReadonlySet<string>>>();
  return (dir) => {
    let names = listed.get(dir);
    if (!names) {
      names = fs.readdir(dir).then((entries) => new Set(entries), () => new Set<string>());
      listed.set(dir, names);
    }
    return names;
  };
}

