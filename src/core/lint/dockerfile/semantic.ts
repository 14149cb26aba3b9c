import type { ImageRef } from './image-ref';
import { parseImageRef } from './image-ref';
import { keyValues } from './kv';
import type { Instruction, ParsedDockerfile, Word } from './model';
import { memoOn, memoSlot, withMemo } from './memo';
import { parseDockerfile } from './parse';
import type { ShellScript } from './shell';
import { basename, splitShell } from './shell';
import { expandVars } from './variables';

export interface Stage {
  index: number;
  from: Instruction;
  name?: string;
  nameWord?: Word;
  /** The image word of FROM. */
  imageWord?: Word;
  /** The image after ARG substitution; undefined when a variable could not be resolved. */
  image?: string;
  /** The parsed external image (undefined for stage references, named build contexts, scratch, unresolved or invalid). */
  ref?: ImageRef;
  /** FROM names a named build context (`--build-context name=…`, bake `contexts`): whatever the build passes in. */
  namedContext?: string;
  /** The earlier stage this one is based on. */
  parent?: Stage;
  /** Instructions after FROM, up to the next FROM. */
  instructions: Instruction[];
  /** SHELL selected pwsh/cmd somewhere in this stage: shell-aware rules are off. */
  nonPosixShell: boolean;
}

export interface DockerfileModel {
  parsed: ParsedDockerfile;
  /** ARGs declared before the first FROM, with their (resolved) defaults. */
  globalArgs: Map<string, string | undefined>;
  /** Instructions before the first FROM. */
  preamble: Instruction[];
  stages: Stage[];
  finalStage?: Stage;
  /** `# hadolint shell=pwsh|cmd` switches off shell-aware rules for the file. */
  nonPosixShell: boolean;
  /** Configured build arguments (they override ARG defaults, in stages too). */
  buildArgs?: Readonly<Record<string, string>>;
  /** Names of the build's named contexts, lower-cased (FROM and COPY --from may name them). */
  namedContexts?: ReadonlySet<string>;
  /** The `# syntax=` frontend is dockerfile-x: `FROM ./file` and `INCLUDE ./file` bring in other Dockerfiles. */
  includesDockerfiles?: boolean;
}

export interface ModelOptions {
  buildArgs?: Record<string, string>;
  /** Name of the stage the build produces (default: the last one). */
  target?: string;
  /** Named build contexts the build passes (`--build-context name=…`, bake `contexts`, Compose `additional_contexts`). */
  namedContexts?: readonly string[];
}

const nonPosixShells = /^(?:pwsh|powershell|cmd)(?:\.exe)?$/i;

export function buildModel(text: string, options: ModelOptions = {}): DockerfileModel {
  return modelFromParsed(parseDockerfile(text), options);
}

export function modelFromParsed(parsed: ParsedDockerfile, options: ModelOptions = {}): DockerfileModel {
  const globalArgs = new Map<string, string | undefined>();
  const buildArgs = options.buildArgs ?? {};
  const preamble: Instruction[] = [];
  const stages: Stage[] = [];
  const byName = new Map<string, Stage>();
  const namedContexts = options.namedContexts && options.namedContexts.length > 0 ? new Set(options.namedContexts.map((n) => n.toLowerCase())) : undefined;
  const includesFiles = includesDockerfiles(parsed);
  let current: Stage | undefined;
  for (const instr of parsed.instructions) {
    if (instr.keyword === 'FROM') {
      current = makeStage(instr, stages.length, byName, globalArgs, parsed.escape, namedContexts, includesFiles);
      stages.push(current);
      const key = current.name?.toLowerCase();
      if (key !== undefined && !byName.has(key)) {
        byName.set(key, current);
      }
      continue;
    }
    if (!current) {
      preamble.push(instr);
      if (instr.keyword === 'ARG') {
        for (const kv of keyValues(instr)) {
          const lookup = (n: string): string | undefined => globalArgs.get(n);
          const fromBuild = Object.prototype.hasOwnProperty.call(buildArgs, kv.key) ? buildArgs[kv.key] : undefined;
          const dflt = kv.value === undefined ? undefined : expandVars(kv.value, lookup, parsed.escape);
          globalArgs.set(kv.key, fromBuild ?? (dflt && dflt.unresolved.length === 0 ? dflt.value : undefined));
        }
      }
      continue;
    }
    current.instructions.push(instr);
    if (instr.keyword === 'SHELL' && instr.json && instr.json[0] && nonPosixShells.test(basename(instr.json[0].value))) {
      current.nonPosixShell = true;
    }
  }
  let finalStage = stages[stages.length - 1];
  if (options.target) {
    const t = options.target.toLowerCase();
    finalStage = stages.find((s) => s.name?.toLowerCase() === t) ?? finalStage;
  }
  const nonPosixShell = parsed.comments.some((c) => /^hadolint\s+shell\s*=\s*(?:pwsh|powershell|cmd)\b/i.test(c.text));
  const model: DockerfileModel = withMemo({ parsed, globalArgs, preamble, stages, nonPosixShell });
  if (finalStage) {
    model.finalStage = finalStage;
  }
  if (options.buildArgs) {
    model.buildArgs = options.buildArgs;
  }
  if (namedContexts) {
    model.namedContexts = namedContexts;
  }
  if (includesFiles) {
    model.includesDockerfiles = true;
  }
  return model;
}

/**
 * The file's `# syntax=` frontend is dockerfile-x (devthefuture/dockerfile-x), which reads `FROM ./other.Dockerfile`
 * as that file's stages: a FROM of a relative path then names whatever that file builds, as a named context does.
 */
function includesDockerfiles(parsed: ParsedDockerfile): boolean {
  return parsed.directives.some((d) => d.name === 'syntax' && /(?:^|\/)dockerfile-x(?::|@|$)/i.test(d.value.trim()));
}

function makeStage(instr: Instruction, index: number, byName: Map<string, Stage>, globalArgs: Map<string, string | undefined>, escape: string, namedContexts: ReadonlySet<string> | undefined, includesFiles: boolean): Stage {
  const stage: Stage = withMemo({ index, from: instr, instructions: [], nonPosixShell: false });
  const words = instr.words;
  const imageWord = words[0];
  if (imageWord) {
    stage.imageWord = imageWord;
  }
  const asWord = words[1];
  const nameWord = words[2];
  if (asWord && asWord.value.toUpperCase() === 'AS' && nameWord) {
    stage.name = nameWord.value;
    stage.nameWord = nameWord;
  }
  if (imageWord) {
    const exp = expandVars(imageWord.value, (n) => globalArgs.get(n), escape);
    if (exp.unresolved.length === 0) {
      stage.image = exp.value;
      const lower = exp.value.toLowerCase();
      const parent = byName.get(lower);
      // A named context replaces a stage of the same name (BuildKit's rule).
      if (namedContexts?.has(lower) || (includesFiles && /^\.{1,2}\//.test(exp.value))) {
        stage.namedContext = exp.value;
      } else if (parent) {
        stage.parent = parent;
      } else if (lower !== 'scratch') {
        const parsedRef = parseImageRef(exp.value);
        if (parsedRef.ok) {
          stage.ref = parsedRef.ref;
        }
      }
    }
  }
  return stage;
}

/** The stage and its in-file ancestors, nearest first (cycles impossible: parents are earlier stages). */
export function ancestry(stage: Stage): Stage[] {
  const out: Stage[] = [];
  let s: Stage | undefined = stage;
  while (s && out.length < 1000) {
    out.push(s);
    s = s.parent;
  }
  return out;
}

/** The external base image of a stage, following in-file parents. */
export function baseRef(stage: Stage): { ref: ImageRef; stage: Stage } | undefined {
  const chain = ancestry(stage);
  const root = chain[chain.length - 1] as Stage;
  return root.ref ? { ref: root.ref, stage: root } : undefined;
}

const chainSlot = memoSlot();

/** Instructions of the stage and its ancestors, oldest first (cached; do not mutate). */
export function chainInstructions(stage: Stage): Instruction[] {
  return memoOn(stage, chainSlot, collectChain);
}

function collectChain(stage: Stage): Instruction[] {
  const out: Instruction[] = [];
  for (const s of ancestry(stage).reverse()) {
    for (const instr of s.instructions) {
      out.push(instr);
    }
  }
  return out;
}

/** Stages whose files reach the final image: the final stage's ancestry. */
export function finalChain(model: DockerfileModel): Stage[] {
  return model.finalStage ? ancestry(model.finalStage) : [];
}

/** The instruction as the builder runs it (the trigger for ONBUILD). */
export function effective(instr: Instruction): Instruction {
  return instr.trigger ?? instr;
}

const scriptsSlot = memoSlot();
const shells = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh']);

/** Shell scripts of a shell-form RUN (its command line and heredoc bodies that the shell runs). */
export function runScripts(instr: Instruction): ShellScript[] {
  const run = effective(instr);
  if (run.keyword !== 'RUN' || run.json) {
    return [];
  }
  return memoOn(run, scriptsSlot, splitRun);
}

function splitRun(run: Instruction): ShellScript[] {
  const line = splitShell(run.args.slice(run.argsStart));
  const scripts: ShellScript[] = [line];
  if (run.heredocs.length > 0) {
    const words = line.commands[0]?.words ?? [];
    const first = words[0];
    const program = shebangProgram(run);
    const runsScript = program ? shells.has(program.interpreter) : !first || readsScriptFromStdin(words.map((w) => w.value));
    if (runsScript) {
      for (const doc of run.heredocs) {
        scripts.push(splitShell(doc.body));
      }
    }
  }
  return scripts;
}

/** The program line of a heredoc that begins with `#!`: the interpreter's name (through `env`) and the options after it. */
export interface ShebangProgram {
  interpreter: string;
  options: string[];
}

/**
 * A RUN whose command line is one heredoc marker (`RUN <<EOF`) and whose body begins with `#!`: BuildKit's
 * dockerfile frontend (dispatchRun) writes the body to a file and runs that file as a program of its own, so
 * the stage's SHELL and its options do not apply to it, and a `#!/usr/bin/env python3` body is not shell at all.
 */
export function shebangProgram(instr: Instruction): ShebangProgram | undefined {
  const run = effective(instr);
  const doc = run.heredocs[0];
  if (run.keyword !== 'RUN' || run.json || !doc || !doc.body.text.startsWith('#!') || !/^\d*<<-?[^<\s]+$/.test(run.args.text.slice(run.argsStart).trim())) {
    return undefined;
  }
  const words = (doc.body.text.split('\n', 1)[0] ?? '').slice(2).trim().split(/\s+/);
  let k = 0;
  if (basename(words[0] ?? '') === 'env') {
    k++;
    while (words[k]?.startsWith('-')) {
      k++; // `env -S bash -e`: -S splits the rest into words, as they are here
    }
  }
  return { interpreter: basename(words[k] ?? ''), options: words.slice(k + 1) };
}

/** The words start a shell that reads its script from stdin: a shell given options only (`bash -ex`, `sh -s`). */
export function readsScriptFromStdin(words: readonly string[]): boolean {
  return shells.has(basename(words[0] ?? '')) && onlyShellOptions(words.slice(1));
}

/**
 * Options that leave a shell reading its script from stdin (`bash -ex <<EOF`, `sh -s`, `bash -o pipefail <<EOF`;
 * NVIDIA/Megatron-LM's CI images): no `-c` string and no script file.
 */
function onlyShellOptions(args: readonly string[]): boolean {
  for (let k = 0; k < args.length; k++) {
    const a = args[k] as string;
    if (!/^[-+][a-zA-Z]+$/.test(a) || /^-[a-zA-Z]*c/.test(a)) {
      return false;
    }
    if (/o$/.test(a)) {
      k++; // the option name after -o / +o
    }
  }
  return true;
}

/** Every ENV/ARG name set in a stage's ancestry up to (not including) `before`, plus globals redeclared. */
export function declaredNames(stage: Stage, before?: Instruction): Set<string> {
  const names = new Set<string>();
  for (const instr of chainInstructions(stage)) {
    if (instr === before) {
      break;
    }
    const e = effective(instr);
    if (e !== instr) {
      continue;
    }
    if (instr.keyword === 'ENV' || instr.keyword === 'ARG') {
      for (const kv of keyValues(instr)) {
        names.add(kv.key);
      }
    }
  }
  return names;
}

/** Value of an ENV in the stage's ancestry (last wins); undefined if never set. */
export function envValue(stage: Stage, name: string): string | undefined {
  let value: string | undefined;
  for (const instr of chainInstructions(stage)) {
    if (instr.keyword === 'ENV') {
      for (const kv of keyValues(instr)) {
        if (kv.key === name) {
          value = kv.value ?? '';
        }
      }
    }
  }
  return value;
}

/**
 * Names a build step at `before` can expand: ENV of in-file ancestors (ARG scope ends with its
 * stage), plus ARG and ENV of the stage itself declared earlier.
 */
export function scopeNames(stage: Stage, before?: Instruction): Set<string> {
  const names = new Set<string>();
  for (const s of ancestry(stage).slice(1)) {
    for (const instr of s.instructions) {
      if (instr.keyword === 'ENV') {
        for (const kv of keyValues(instr)) {
          names.add(kv.key);
        }
      }
    }
  }
  for (const instr of stage.instructions) {
    if (instr === before) {
      break;
    }
    if (instr.keyword === 'ENV' || instr.keyword === 'ARG') {
      for (const kv of keyValues(instr)) {
        names.add(kv.key);
      }
    }
  }
  return names;
}
