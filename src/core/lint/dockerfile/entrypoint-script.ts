import type { BuildContextView } from '../rule';
import type { Instruction } from './model';
import type { DockerfileModel, Stage } from './semantic';
import { chainInstructions } from './semantic';
import { basename, programIndex } from './shell';

/** How the exec-form ENTRYPOINT a CMD's items are handed to treats them. */
export type EntrypointScript =
  /** A script from the build context that expands its arguments (`eval`, `sh -c "$*"`): a `$VAR` in them is expanded there. */
  | { kind: 'expands'; path: string }
  /** A script from the build context that passes its arguments on as written (`exec "$@"`). */
  | { kind: 'passes-on'; path: string }
  /** A script the linter cannot read: whether it expands its arguments is unknown. */
  | { kind: 'unread'; path: string };

/** A script that expands its arguments: `eval` with `$@`/`$*` anywhere in it, or a `sh -c` line that runs them. */
const evalRe = /(?:^|[\s;&|(`])eval\s/m;
const allArgumentsRe = /\$(?:\{[@*]\}|[@*])/;
const shellOfArgumentsRe = /(?:^|[\s;&|(`/])(?:sh|bash|dash|zsh|ash)\s+-c\s+["']?\$(?:\{[@*]\}|[@*])/m;
const shells = new Set(['sh', 'bash', 'dash', 'zsh', 'ash']);
const shellShebangRe = /^#!\s*\S*?(?:\/env\s+)?(?:ba|da|z|a)?sh\b/;

export function expandsArguments(script: string): boolean {
  return (evalRe.test(script) && allArgumentsRe.test(script)) || shellOfArgumentsRe.test(script);
}

function stageOf(model: DockerfileModel, instr: Instruction): Stage | undefined {
  let found: Stage | undefined;
  for (const stage of model.stages) {
    if (stage.from.startLine > instr.startLine) {
      break;
    }
    found = stage;
  }
  return found;
}

/** The build-context file a COPY/ADD puts at `target` (`COPY bin/entry.sh /entry.sh`, `COPY entry.sh /usr/local/bin/`). */
function copiedFrom(chain: readonly Instruction[], target: string): string | undefined {
  for (let k = chain.length - 1; k >= 0; k--) {
    const instr = chain[k] as Instruction;
    if ((instr.keyword !== 'COPY' && instr.keyword !== 'ADD') || instr.heredocs.length > 0) {
      continue;
    }
    const items = instr.json ? instr.json.map((j) => j.value) : instr.words.map((w) => w.value);
    const dest = items[items.length - 1];
    const sources = items.slice(0, -1);
    if (dest === undefined || sources.length === 0) {
      continue;
    }
    const source = dest === target && sources.length === 1 ? sources[0] : dest.endsWith('/') ? sources.find((s) => dest + basename(s) === target) : undefined;
    if (source !== undefined) {
      // A file from another stage or image is not in the build context: the script is there, unread.
      return instr.flags.some((f) => f.name === 'from') || /^[a-z]+:\/\//i.test(source) ? '' : source;
    }
  }
  return undefined;
}

/**
 * The script an exec-form CMD's items are handed to as arguments, through the stage's exec-form ENTRYPOINT (a
 * `.sh` file, or a shell script COPY'd in from the build context), read from the build context when it is there;
 * undefined when no ENTRYPOINT takes them or it is a program (the CMD's items are then that program's arguments).
 */
export function entrypointScriptFor(model: DockerfileModel, cmd: Instruction, context: BuildContextView | undefined): EntrypointScript | undefined {
  const stage = stageOf(model, cmd);
  const entrypoint = stage && chainInstructions(stage).filter((i) => i.keyword === 'ENTRYPOINT').pop();
  const values = entrypoint?.json?.map((j) => j.value);
  if (!stage || !values || values.length === 0) {
    return undefined;
  }
  const at = programIndex(values.length, (k) => values[k] as string);
  // `["bash", "/entry.sh"]` runs the script too.
  const script = shells.has(basename(values[at] ?? '')) && !(values[at + 1] ?? '-').startsWith('-') ? at + 1 : at;
  const path = values[script];
  if (path === undefined || path.includes('$')) {
    return undefined;
  }
  const source = copiedFrom(chainInstructions(stage), path);
  const text = source ? context?.textOf?.(source) : undefined;
  const named = script > at || path.endsWith('.sh');
  if (text !== undefined && (named || shellShebangRe.test(text))) {
    return { kind: expandsArguments(text) ? 'expands' : 'passes-on', path };
  }
  return named ? { kind: 'unread', path } : undefined;
}
