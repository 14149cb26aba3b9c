import * as fsSync from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { kindOfContent } from '../../core/lint/content-kind';
import { kustomizationFileNames } from '../../core/lint/kubernetes/kustomize';
import { classifyYaml, isComposeFileName, isJsonFileName, isJsonManifest, isYamlFileName } from '../../core/lint/yaml/classify';
import { mapBounded } from '../fs/map-bounded';
import { isWithin } from '../fs/within';
import type { ComposeBuiltDockerfile } from './compose-built-dockerfiles';
import { composeBuiltDockerfiles } from './compose-built-dockerfiles';
import type { TextFileRead } from '../fs/read-text-file';
import { textOfBuffer, utf8Text } from '../fs/read-text-file';
import { repositoryRoot } from './repository-root';

/** Dependency, VCS and tool-cache folders; Jupyter's checkpoints are stale copies of the files beside them. */
const skippedDirs = new Set(['node_modules', '.git', '.hg', '.svn', '__pycache__', '.ipynb_checkpoints', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache']);

/** A Python virtual environment (`pyvenv.cfg`, PEP 405) or a conda environment (`conda-meta/`): installed packages, not the project. */
function isPythonEnvironment(entries: readonly fsSync.Dirent[]): boolean {
  return entries.some((e) => (e.name === 'pyvenv.cfg' && e.isFile()) || (e.name === 'conda-meta' && e.isDirectory()));
}
const dockerfileNameRe = /^(?:Dockerfile|Containerfile)(?:[.-].+)?$|^(?:dockerfile|containerfile)$|.\.(?:[Dd]ockerfile|[Cc]ontainerfile)$/;
/** `Dockerfile-cuda` is a Dockerfile (axolotl, TEI, DeepSpeed name variants so); `Dockerfile-notes.md` or `Dockerfile-build.sh` is not. */
const hyphenatedNonDockerRe = /^(?:Dockerfile|Containerfile)-.*\.(?:md|txt|rst|sh|bash|ps1|py|ya?ml|json|toml|j2|jinja2?|tpl|tmpl|template|bak|orig|sample|example|lock|cfg|ini|env|hcl)$/i;

/**
 * `Dockerfile`, `*.Dockerfile`, `Dockerfile.*`, `Dockerfile-*` (not `Dockerfile-notes.md`), `Containerfile`, and the
 * lowercase `dockerfile` (docker build's fallback name) and `*.dockerfile` (the editor's Dockerfile extension); never
 * `Dockerfile.dockerignore`.
 */
export function isDockerfileName(name: string): boolean {
  return dockerfileNameRe.test(name) && !name.endsWith('.dockerignore') && !hyphenatedNonDockerRe.test(name);
}

const notRegular = 'not a regular file (a device, pipe, socket or folder)';

/**
 * Where a symlink found by a walk leads: followed only to a regular file inside `boundary` (a link
 * out of the repository could hand a CI run's linter, and its public log, a file such as a key or
 * a credentials file); a dangling one is kept, for its clear I/O error later.
 */
async function linkVerdict(p: string, boundary: string): Promise<'follow' | 'not-regular' | { outside: string }> {
  let target: string;
  try {
    target = await fs.realpath(p);
    if (!(await fs.stat(target)).isFile()) {
      return 'not-regular';
    }
  } catch {
    return 'follow';
  }
  return target === boundary || target.startsWith(boundary.endsWith(path.sep) ? boundary : `${boundary}${path.sep}`) ? 'follow' : { outside: target };
}

/** A walk's symlinks may lead anywhere in the repository that holds `root` (or under `root` outside one). */
async function linkBoundary(root: string): Promise<string> {
  const within = repositoryRoot(root) ?? root;
  try {
    return await fs.realpath(within);
  } catch {
    return within;
  }
}

/**
 * Collects the files under root whose names pass `wanted`, skipping dependency, VCS and cache folders
 * and Python environments below root,
 * symlinks to anything but a regular file (as the walk skips devices, pipes and sockets themselves),
 * and symlinks out of the repository (those are reported through `skip`).
 */
async function walk(root: string, files: Set<string>, errors: string[], wanted: (name: string) => boolean, skip: (file: string, reason: string) => void): Promise<void> {
  const boundary = await linkBoundary(root);
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop() as string;
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (e) {
      errors.push(`${dir}: ${(e as Error).message}`);
      continue;
    }
    if (dir !== root && isPythonEnvironment(entries)) {
      continue;
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!skippedDirs.has(e.name)) {
          stack.push(path.join(dir, e.name));
        }
      } else if ((e.isFile() || e.isSymbolicLink()) && wanted(e.name)) {
        const p = path.join(dir, e.name);
        const verdict = e.isFile() ? 'follow' : await linkVerdict(p, boundary);
        if (verdict === 'follow') {
          files.add(p);
        } else if (verdict !== 'not-regular') {
          skip(p, `a symlink to ${verdict.outside}, outside ${boundary}: not followed (name the target to lint it)`);
        }
      }
    }
  }
}

/**
 * What the CLI lints, by name and (for YAML) by content. A `kustomization` is a kustomization file without
 * apiVersion and kind: read by the cross-file rules only (it is no object the API server sees).
 */
export type LintTargetKind = 'dockerfile' | 'kubernetes' | 'compose' | 'kustomization';

export interface LintTarget {
  path: string;
  kind: LintTargetKind;
  /** The whole file, when classifying it read it all (files up to the sniffed size): no second read. */
  read?: TextFileRead;
}

export interface TargetDiscovery {
  /** Absolute paths, sorted, without duplicates. */
  files: LintTarget[];
  /** Files deliberately not linted (Helm chart templates, other YAML given by name), with why. */
  skipped: { path: string; reason: string }[];
  errors: string[];
  /** Folders holding a kustomization file that the walk passed (an overlay beside the bases it builds on). */
  kustomizationDirs: string[];
  /** The Dockerfiles the Compose files found build (existing or not), with the stage each build produces. */
  composeBuilds?: ComposeBuiltDockerfile[];
}

/** YAML is classified from its first megabyte (a manifest says apiVersion/kind near the top of each document). */
const sniffBytes = 1024 * 1024;

/** How much of a JSON file is read to see whether it may be a manifest. */
const jsonHeadBytes = 4096;

/** Opening a FIFO for reading waits for a writer; non-blocking, the open returns and fstat tells. */
const openForSniffing = fsSync.constants.O_RDONLY | (fsSync.constants.O_NONBLOCK ?? 0);

/**
 * The file's first megabyte as text, and the whole file's read when that was all of it. Read
 * synchronously: a run classifies hundreds of files one after another, and a FileHandle's open, stat,
 * read and close each take a round trip through the thread pool and a promise. Only regular files
 * are read: a device (say a link to /dev/zero) or a pipe would never end or never start.
 */
function sniff(file: string, bytes = sniffBytes): { text: string; whole?: TextFileRead } | 'not-regular' | undefined {
  let fd: number | undefined;
  try {
    fd = fsSync.openSync(file, openForSniffing);
    const stat = fsSync.fstatSync(fd);
    if (!stat.isFile()) {
      return 'not-regular';
    }
    const { size } = stat;
    if (size <= bytes) {
      const read = textOfBuffer(fsSync.readFileSync(fd));
      return read.ok ? { text: read.text, whole: read } : { text: '\0', whole: read };
    }
    const buffer = Buffer.allocUnsafe(bytes);
    const bytesRead = fsSync.readSync(fd, buffer, 0, bytes, 0);
    return { text: utf8Text(buffer.subarray(0, bytesRead)) };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) {
      fsSync.closeSync(fd);
    }
  }
}

/** A file in a Helm chart's `templates/` directory (a `Chart.yaml` next to that directory). */
async function inChartTemplates(file: string): Promise<boolean> {
  const parts = file.split(path.sep);
  for (let k = parts.length - 2; k > 0; k--) {
    if (parts[k] === 'templates') {
      const chart = path.join(parts.slice(0, k).join(path.sep) || path.sep, 'Chart.yaml');
      try {
        await fs.access(chart);
        return true;
      } catch {
        // not a chart
      }
    }
  }
  return false;
}

type FileVerdict = { kind: LintTargetKind; read?: TextFileRead } | { skip: string } | { binary: true } | undefined;

async function classifyYamlFile(file: string): Promise<FileVerdict> {
  const name = path.basename(file);
  if (/^\.mlc\.ya?ml$/.test(name)) {
    return undefined;
  }
  if (isComposeFileName(name)) {
    return { kind: 'compose' };
  }
  if (await inChartTemplates(file)) {
    return { skip: 'a Helm chart template: lint the rendered output (`helm template … | mlc lint --stdin`)' };
  }
  return verdictOf(sniff(file), (text) => {
    const kind = classifyYaml(text, name);
    return kind === 'kubernetes' || kind === 'compose' ? kind : undefined;
  });
}

/** The verdict on a sniffed file, its text judged by `kindOf` (whether the text is the whole file is `whole`). */
function verdictOf(sniffed: ReturnType<typeof sniff>, kindOf: (text: string, whole: boolean) => LintTargetKind | undefined): FileVerdict {
  if (sniffed === undefined) {
    return { kind: 'kubernetes' }; // unreadable: let the linter report the I/O error
  }
  if (sniffed === 'not-regular') {
    return { skip: notRegular };
  }
  if (sniffed.text.includes('\0')) {
    return { binary: true };
  }
  const kind = kindOf(sniffed.text, sniffed.whole !== undefined);
  return kind ? { kind, ...(sniffed.whole ? { read: sniffed.whole } : {}) } : undefined;
}

/**
 * A JSON file's verdict: a Kubernetes manifest, or not (undefined). Its first few kilobytes tell most
 * JSON files apart (a data folder can hold thousands): only one whose first key is apiVersion or kind
 * is read further.
 */
function classifyJsonFile(file: string): FileVerdict {
  const head = sniff(file, jsonHeadBytes);
  const sniffed = head === undefined || head === 'not-regular' || head.whole || !isJsonManifest(head.text, false) ? head : sniff(file);
  return verdictOf(sniffed, (text, whole) => (isJsonManifest(text, whole) ? 'kubernetes' : undefined));
}

/** A file named explicitly whose name is neither a Dockerfile's, YAML's nor JSON's (`deploy.yaml.tpl`, `notes.txt`): judged by content. */
function classifyNamedFile(file: string): FileVerdict {
  return verdictOf(sniff(file), (text, whole) => kindOfContent(text, path.basename(file), whole));
}

const notLintableByContent =
  'neither a Dockerfile (not named like one, and it does not open with FROM or ARG), a Kubernetes manifest (no top-level apiVersion and kind) nor a Compose file (no top-level services); name a Dockerfile `Dockerfile.<name>` or `<name>.Dockerfile` to lint it';

/** A regular file that is, links and linked folders followed, inside the repository around `root` (as the walk follows links). */
async function walkable(file: string, root: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile() && (await linkVerdict(file, await linkBoundary(root))) === 'follow';
  } catch {
    return false;
  }
}

/**
 * The builds of the Compose files found, and the Dockerfiles they build inside the folders walked added as Dockerfiles
 * whatever their names (`StandardDockerfile.docker`). The Compose files read are kept in `reads`: not read again.
 */
async function addComposeBuilt(files: Map<string, LintTargetKind>, reads: Map<string, TextFileRead>, walkedRoots: readonly string[]): Promise<ComposeBuiltDockerfile[]> {
  const builds: ComposeBuiltDockerfile[] = [];
  for (const [file, kind] of files) {
    if (kind !== 'compose') {
      continue;
    }
    let read = reads.get(file);
    if (!read) {
      const sniffed = sniff(file);
      read = typeof sniffed === 'object' ? sniffed.whole : undefined;
      if (read) {
        reads.set(file, read);
      }
    }
    if (read?.ok) {
      builds.push(...composeBuiltDockerfiles(file, read.text));
    }
  }
  for (const { dockerfile } of builds) {
    const root = walkedRoots.find((dir) => isWithin(path.relative(dir, dockerfile)));
    if (root !== undefined && !files.has(dockerfile) && (await walkable(dockerfile, root))) {
      files.set(dockerfile, 'dockerfile');
    }
  }
  return builds;
}

/**
 * Expands CLI paths into Dockerfiles (by name), Kubernetes manifests (YAML or JSON with apiVersion and kind),
 * Compose files (by name, or YAML with top-level services) and, for the cross-file rules only, kustomization files
 * that are none of these (no apiVersion and kind). A file given by a name that is neither a
 * Dockerfile's nor YAML's nor JSON's (`deploy.yaml.tpl`) is judged by its content (`kindOfContent`, as standard
 * input is) and skipped, with why, when it is none of them; directories are walked.
 */
export async function discoverLintTargets(paths: readonly string[], cwd: string): Promise<TargetDiscovery> {
  const files = new Map<string, LintTargetKind>();
  const reads = new Map<string, TextFileRead>();
  const skipped = new Map<string, string>();
  const errors: string[] = [];
  const kustomizationDirs = new Set<string>();
  const walkedRoots: string[] = [];
  const consider = async (abs: string, explicit: boolean): Promise<void> => {
    const name = path.basename(abs);
    const kustomization = kustomizationFileNames.includes(name);
    if (kustomization) {
      kustomizationDirs.add(path.dirname(abs));
    }
    const json = isJsonFileName(name);
    const yaml = !json && isYamlFileName(name);
    if (!json && !yaml && isDockerfileName(name)) {
      files.set(abs, 'dockerfile');
      return;
    }
    if (!json && !yaml && !explicit) {
      // A `Kustomization` the walk finds goes to the cross-file rules whatever it holds, as it never went to the per-file ones.
      if (kustomization) {
        files.set(abs, 'kustomization');
      }
      return;
    }
    const verdict = json ? classifyJsonFile(abs) : yaml ? await classifyYamlFile(abs) : classifyNamedFile(abs);
    if (kustomization && verdict === undefined) {
      files.set(abs, 'kustomization');
    } else if (verdict && 'kind' in verdict) {
      files.set(abs, verdict.kind);
      if (verdict.read) {
        reads.set(abs, verdict.read);
      }
    } else if (verdict && 'binary' in verdict && explicit) {
      // A binary file named explicitly is read (and refused) like any other file: a clear I/O error.
      files.set(abs, json || yaml ? 'kubernetes' : 'dockerfile');
    } else if (verdict && 'skip' in verdict) {
      skipped.set(abs, verdict.skip);
    } else if (explicit) {
      skipped.set(abs, json ? 'not a Kubernetes manifest (no top-level apiVersion and kind)' : yaml ? 'neither a Kubernetes manifest (no top-level apiVersion and kind) nor a Compose file (no top-level services)' : notLintableByContent);
    }
  };
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    let st;
    try {
      st = await fs.stat(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      errors.push(code === 'ENOENT' || code === 'ENOTDIR' ? `${p}: no such file or directory` : `${p}: ${(e as Error).message}`);
      continue;
    }
    if (st.isFile()) {
      await consider(abs, true);
      continue;
    }
    if (!st.isDirectory()) {
      errors.push(`${p}: not a file or directory`);
      continue;
    }
    walkedRoots.push(abs);
    const candidates = new Set<string>();
    await walk(abs, candidates, errors, (name) => isDockerfileName(name) || isYamlFileName(name) || isJsonFileName(name) || kustomizationFileNames.includes(name), (file, reason) => skipped.set(file, reason));
    const before = files.size + skipped.size;
    await mapBounded([...candidates].sort(), 16, (file) => consider(file, false));
    if (files.size + skipped.size === before) {
      errors.push(`${p}: no Dockerfile found (looked for Dockerfile, *.Dockerfile, Dockerfile.*, Dockerfile-*, Containerfile, dockerfile, *.dockerfile), no Kubernetes manifest (YAML or JSON with apiVersion and kind) and no Compose file`);
    }
  }
  const composeBuilds = await addComposeBuilt(files, reads, walkedRoots);
  return {
    ...(composeBuilds.length > 0 ? { composeBuilds } : {}),
    files: [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([p, kind]) => {
      const read = reads.get(p);
      return read ? { path: p, kind, read } : { path: p, kind };
    }),
    skipped: [...skipped].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([p, reason]) => ({ path: p, reason })),
    errors,
    kustomizationDirs: [...kustomizationDirs].sort(),
  };
}

