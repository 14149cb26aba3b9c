import type { FlowWord, ScriptFlow } from './script-flow';
import { scriptFlow } from './script-flow';

type Assignments = ScriptFlow['assignments'];
type Block = FlowWord['blocks'][number];

/** The word runs only on some paths through the block: in an `if`'s branches (not its condition), a `case`, or a function. */
function mayNotRun(b: Block, word: FlowWord): boolean {
  return b.kind === 'case' || b.kind === 'function' || (b.kind === 'if' && word.index > b.thenAt);
}
const testCommands = new Set(['[', '[[', 'test']);

/**
 * A loop that only ends once what it waits for answers: `until …`, `while ! …`, `while [ -z "$IP" ]`, or a loop that
 * `break`s out; none that counts its tries (`[ $i -ge 30 ]`), which gives up, and none a script cut short leaves open.
 */
function waitsUntilAnswered(loop: Block): boolean {
  const emptyTest = loop.kind === 'while' && testCommands.has(loop.head[0] ?? '') && loop.head[1] === '-z';
  return loop.ended && !loop.counted && (loop.kind === 'until' || loop.negated || loop.breaks || emptyTest);
}

/**
 * The word runs in a wait loop that holds the script up: in the foreground, not in a branch or function that may not
 * run (see mayNotRun), with nothing sent to the background or started as a daemon before it (a server that might
 * answer a probe meanwhile).
 */
function holdsUpScript(word: FlowWord, flow: ScriptFlow): boolean {
  const outer = word.blocks[0];
  if (outer === undefined || flow.firstBackground < outer.start) {
    return false;
  }
  let loop: Block | undefined;
  for (const b of word.blocks) {
    if (mayNotRun(b, word) || b.background) {
      return false;
    }
    if (b.kind === 'while' || b.kind === 'until') {
      loop = b;
    }
  }
  return loop !== undefined && waitsUntilAnswered(loop);
}

/** `$((1 - ORDINAL))`, `$((ORDINAL + 1))` or `$((2))`: whether it is above `first` for the pod with that ordinal. */
function arithmeticAbove(expression: string, first: number): boolean {
  const e = expression.replace(/\s+/g, '').replace(/\$\{?([A-Za-z_]\w*)\}?/g, '$1');
  const minus = /^(\d+)-[A-Za-z_]\w*$/.exec(e);
  if (minus) {
    return Number(minus[1]) - first > first;
  }
  const plus = /^[A-Za-z_]\w*\+(\d+)$/.exec(e) ?? /^(\d+)\+[A-Za-z_]\w*$/.exec(e);
  if (plus) {
    return Number(plus[1]) >= 1;
  }
  return /^\d+$/.test(e) && Number(e) > first;
}

/**
 * An ordinal as written (`1`, `$((1 - ORDINAL))`, `${PEER}`) that is above `first` for the first pod: a variable by
 * every value the script assigns it (else the container's own env value).
 */
function ordinalAbove(ordinal: string, first: number, assignments: Assignments, env: ReadonlyMap<string, string>, depth = 0): boolean {
  const value = ordinal.trim();
  if (/^\d+$/.test(value)) {
    return Number(value) > first;
  }
  const arithmetic = /^\$\(\((.*)\)\)$/s.exec(value);
  if (arithmetic) {
    return arithmeticAbove(arithmetic[1] as string, first);
  }
  const variable = /^\$\{?([A-Za-z_]\w*)\}?$/.exec(value);
  if (!variable || depth > 1) {
    return false;
  }
  const name = variable[1] as string;
  const values = assignments.get(name) ?? (env.has(name) ? [env.get(name) as string] : []);
  return values.length > 0 && values.every((v) => ordinalAbove(v, first, assignments, env, depth + 1));
}

const nameChar = /[A-Za-z0-9_.-]/;

/** The ordinal written at `at` (digits, `$((…))`, `${NAME}` or `$NAME`), else undefined. */
function ordinalAt(text: string, at: number): string | undefined {
  const rest = text.slice(at);
  const digits = /^\d+/.exec(rest)?.[0];
  if (digits !== undefined) {
    return /[A-Za-z0-9_-]/.test(rest[digits.length] ?? '') ? undefined : digits;
  }
  if (rest.startsWith('$((')) {
    const close = rest.indexOf('))');
    return close < 0 ? undefined : rest.slice(0, close + 2);
  }
  return /^\$\{[A-Za-z_]\w*\}|^\$[A-Za-z_]\w*/.exec(rest)?.[0];
}

/** Each pod name of the set (`<set>-<ordinal>`) the text names: its ordinal as written, and the index after it. */
function* podNames(text: string, prefix: string): Generator<{ ordinal: string; end: number }> {
  for (let at = text.indexOf(prefix); at >= 0; at = text.indexOf(prefix, at + 1)) {
    const ordinal = at > 0 && nameChar.test(text[at - 1] as string) ? undefined : ordinalAt(text, at + prefix.length);
    if (ordinal !== undefined) {
      yield { ordinal, end: at + prefix.length + ordinal.length };
    }
  }
}

/** The text names a pod of the set by its DNS name (`web-0.web`, `web-$((I+1)).web.ns.svc`), which a headless Service publishes. */
export function namesPodDns(text: string, setName: string): boolean {
  for (const { end } of podNames(text, `${setName}-`)) {
    if (text[end] === '.') {
      return true;
    }
  }
  return false;
}

/**
 * The pod of the StatefulSet `setName` with an ordinal above `first` (its first pod's) that the script waits for before
 * it goes on (see holdsUpScript and waitsUntilAnswered), as written (`web-1`, `web-${PEER}`); undefined when it waits for none.
 */
export function waitedPeer(script: string, setName: string, first: number, env: ReadonlyMap<string, string> = new Map()): string | undefined {
  const prefix = `${setName}-`;
  if (!script.includes(prefix)) {
    return undefined;
  }
  const flow = scriptFlow(script);
  for (const word of flow.words) {
    if (!word.text.includes(prefix)) {
      continue;
    }
    for (const { ordinal } of podNames(word.text, prefix)) {
      if (ordinalAbove(ordinal, first, flow.assignments, env) && holdsUpScript(word, flow)) {
        return `${prefix}${ordinal}`;
      }
    }
  }
  return undefined;
}
