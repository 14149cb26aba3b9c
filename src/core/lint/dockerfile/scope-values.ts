import type { ImageRef } from './image-ref';
import { parseImageRef } from './image-ref';
import { keyValues } from './kv';
import { memoOn, memoSlot } from './memo';
import type { Instruction } from './model';
import type { DockerfileModel, Stage } from './semantic';
import { ancestry, chainInstructions, effective } from './semantic';
import type { Lookup } from './variables';
import { expandVars } from './variables';

const osRe = '(?:linux|windows|darwin|freebsd|netbsd|openbsd|solaris|illumos|aix|dragonfly|plan9|android|ios|js|wasip1)';
const archRe = '(?:amd64|arm64|arm|386|ppc64le|ppc64|s390x|riscv64|mips64le|mips64|mipsle|mips|loong64|wasm)';
const variantRe = '(?:v[0-9]+)?';
/** Build args BuildKit sets for every build, usable in FROM without an ARG, and the values they take. */
const platformArgs = new Map([
  ['TARGETPLATFORM', `${osRe}/${archRe}(?:/v[0-9]+)?`],
  ['TARGETOS', osRe],
  ['TARGETARCH', archRe],
  ['TARGETVARIANT', variantRe],
  ['BUILDPLATFORM', `${osRe}/${archRe}(?:/v[0-9]+)?`],
  ['BUILDOS', osRe],
  ['BUILDARCH', archRe],
  ['BUILDVARIANT', variantRe],
]);

/** Known values of variables; a name mapped to undefined is set but unknown. */
type Values = Map<string, string | undefined>;

function expandKnown(text: string, lookup: Lookup, escape: string): string | undefined {
  const exp = expandVars(text, lookup, escape);
  return exp.unresolved.length === 0 ? exp.value : undefined;
}

function buildArg(model: DockerfileModel, name: string): string | undefined {
  const args = model.buildArgs;
  return args && Object.prototype.hasOwnProperty.call(args, name) ? args[name] : undefined;
}

/**
 * Values a build step at `before` in `stage` sees: ENV and ARGs of the in-file ancestors and of the stage (BuildKit's
 * child stage inherits its parent's build args), an ARG's value being its default, a configured build arg, or the
 * global ARG a bare `ARG X` redeclares. ENV wins over an ARG of the same name. Base-image ENV is unknown, so such
 * names stay unresolved.
 */
export function valuesAt(model: DockerfileModel, stage: Stage, before: Instruction): ReadonlyMap<string, string | undefined> {
  // Rules ask for the same build steps many times (once per package they expand, some of them).
  const known = memoOn(stage, valuesSlot, newStageValues);
  let values = known.byStep.get(before);
  if (values === undefined) {
    known.walk ??= new ValuesWalk(model, chainInstructions(stage));
    values = known.walk.valuesAt(before) ?? collectValues(model, stage, before);
    known.byStep.set(before, values);
  }
  return values;
}

const valuesSlot = memoSlot();

/** The values of the build steps asked for so far, and a walk down the stage's chain that the next step asked for goes on with. */
interface StageValues {
  byStep: Map<Instruction, Values>;
  walk: ValuesWalk | undefined;
}

function newStageValues(): StageValues {
  return { byStep: new Map(), walk: undefined };
}

/**
 * collectValues done once for all the steps of a chain rather than from its start for each step: rules ask in the
 * order of the file, so each step's values come from those of the step before.
 */
class ValuesWalk {
  private readonly env: Values = new Map();
  private readonly args: Values = new Map();
  private readonly lookup: Lookup = (n) => (this.env.has(n) ? this.env.get(n) : this.args.get(n));
  /** Where the walk is in the chain: the steps before it are applied. */
  private next = 0;
  /** The values given for the last step asked for, while no ENV or ARG has been applied since: the steps between see the same. */
  private unchanged: Values | undefined;

  constructor(
    private readonly model: DockerfileModel,
    private readonly chain: readonly Instruction[],
  ) {}

  /** The values `before` sees; undefined when the walk has passed it (or it is not in the chain). */
  valuesAt(before: Instruction): Values | undefined {
    const at = this.chain.indexOf(before, this.next);
    if (at < 0) {
      return undefined;
    }
    for (; this.next < at; this.next++) {
      if (applyStep(this.model, this.chain[this.next] as Instruction, this.env, this.args, this.lookup)) {
        this.unchanged = undefined;
      }
    }
    // One map for the steps between two ENV or ARG instructions (callers only read it).
    this.unchanged ??= merged(this.args, this.env);
    return this.unchanged;
  }
}

/** The ARGs, then the ENV, which wins for a name both set (in the ARG's place). */
function merged(args: Values, env: Values): Values {
  const out = new Map(args);
  for (const [name, value] of env) {
    out.set(name, value);
  }
  return out;
}

/**
 * The value an ARG gives: a configured build arg, else its default, else (a bare `ARG X`) the global ARG's default,
 * else the value it had before, which BuildKit keeps (a parent stage's `ARG X=1`).
 */
function argValue(model: DockerfileModel, kv: { key: string; value?: string }, lookup: Lookup, before: string | undefined): string | undefined {
  const configured = buildArg(model, kv.key);
  if (configured !== undefined) {
    return configured;
  }
  return kv.value !== undefined ? expandKnown(kv.value, lookup, model.parsed.escape) : (model.globalArgs.get(kv.key) ?? before);
}

/** The ENV values the stage's processes start with: those of its in-file ancestors and its own, after its last instruction. */
export function envAtEnd(model: DockerfileModel, stage: Stage): ReadonlyMap<string, string | undefined> {
  return collectValues(model, stage, undefined);
}

function collectValues(model: DockerfileModel, stage: Stage, before: Instruction | undefined): Values {
  const env: Values = new Map();
  const args: Values = new Map();
  const lookup = (n: string): string | undefined => (env.has(n) ? env.get(n) : args.get(n));
  for (const s of ancestry(stage).reverse()) {
    for (const instr of s.instructions) {
      if (instr === before) {
        return merged(args, env);
      }
      applyStep(model, instr, env, args, lookup);
    }
  }
  return env;
}

/** What an ENV or ARG of the chain sets (an ONBUILD one sets nothing in this build); false for a step that sets nothing. */
function applyStep(model: DockerfileModel, instr: Instruction, env: Values, args: Values, lookup: Lookup): boolean {
  if (effective(instr) !== instr || (instr.keyword !== 'ENV' && instr.keyword !== 'ARG')) {
    return false;
  }
  for (const kv of keyValues(instr)) {
    if (instr.keyword === 'ENV') {
      env.set(kv.key, expandKnown(kv.value ?? '', lookup, model.parsed.escape));
    } else {
      args.set(kv.key, argValue(model, kv, lookup, args.get(kv.key)));
    }
  }
  return true;
}

/** `text` expanded with `values`, or undefined when a name is unknown. */
export function expandWith(model: DockerfileModel, text: string, values: ReadonlyMap<string, string | undefined>): string | undefined {
  return expandKnown(text, (n) => values.get(n), model.parsed.escape);
}

/** Global ARG defaults, with `filler` for names that have no default. */
function globalDefaults(model: DockerfileModel, filler: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const instr of model.preamble) {
    if (instr.keyword !== 'ARG') {
      continue;
    }
    for (const kv of keyValues(instr)) {
      const known = model.globalArgs.get(kv.key);
      const raw = kv.value === undefined ? undefined : expandVars(kv.value, (n) => out.get(n) ?? filler, model.parsed.escape).value;
      const value = known ?? raw;
      if (value !== undefined) {
        out.set(kv.key, value);
      }
    }
  }
  return out;
}

function imageWith(model: DockerfileModel, image: string, filler: string): ImageRef | undefined {
  const defaults = globalDefaults(model, filler);
  const parsed = parseImageRef(expandVars(image, (n) => defaults.get(n) ?? filler, model.parsed.escape).value);
  return parsed.ok ? parsed.ref : undefined;
}

/**
 * The external image the stage's ancestry starts from: the resolved FROM, else the FROM expanded
 * with the global ARG defaults when only the tag or digest stays unknown
 * (`ARG FULL=rayproject/ray:nightly"$SUFFIX"` + `FROM $FULL` gives `rayproject/ray`).
 */
export function rootImage(model: DockerfileModel, stage: Stage): ImageRef | undefined {
  const root = ancestry(stage).pop() as Stage;
  if (root.ref || root.image !== undefined || !root.imageWord) {
    return root.ref;
  }
  // `FROM base-${TARGETARCH}`: the root image its candidate stages all share.
  const candidates = platformStages(model, root);
  if (candidates) {
    const refs = candidates.map((c) => rootImage(model, c));
    const [first] = refs;
    return first && refs.every((r) => r && r.domain === first.domain && r.path === first.path && r.tag === first.tag && r.digest === first.digest) ? first : undefined;
  }
  const a = imageWith(model, root.imageWord.value, '');
  const b = imageWith(model, root.imageWord.value, 'x0');
  return a && b && a.domain === b.domain && a.path === b.path ? a : undefined;
}

/**
 * The earlier stages a FROM may name through BuildKit's automatic platform ARGs (no default given):
 * `FROM base-${TARGETARCH}` → the stages named like `base-amd64` and `base-arm64` (not `base-rocm`). Undefined
 * when the FROM uses no such ARG, another unknown one, or names no stage.
 */
export function platformStages(model: DockerfileModel, stage: Stage): Stage[] | undefined {
  const word = stage.imageWord?.value;
  if (stage.image !== undefined || word === undefined) {
    return undefined;
  }
  // Each platform ARG becomes a mark (private-use characters around its name), then the pattern of the values it takes.
  const lookup = (n: string): string | undefined => model.globalArgs.get(n) ?? (platformArgs.has(n) ? (buildArg(model, n) ?? `\uE000${n}\uE001`) : undefined);
  const exp = expandVars(word, lookup, model.parsed.escape);
  if (exp.unresolved.length > 0 || !exp.value.includes('\uE000')) {
    return undefined;
  }
  const parts = exp.value.split(/\uE000(\w+)\uE001/).map((p, k) => (k % 2 === 1 ? platformArgs.get(p) : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  const pattern = new RegExp(`^${parts.join('')}$`, 'i');
  const found = model.stages.filter((s) => s.index < stage.index && s.name !== undefined && pattern.test(s.name));
  return found.length > 0 ? found : undefined;
}
