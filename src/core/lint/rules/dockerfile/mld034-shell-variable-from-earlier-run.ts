import { baseProvides, knownBaseEnv } from '../../dockerfile/base-env';
import { execFormShellScript, runCommands } from '../../dockerfile/installs';
import { keyValues } from '../../dockerfile/kv';
import type { Instruction } from '../../dockerfile/model';
import type { DockerfileModel, Stage } from '../../dockerfile/semantic';
import { ancestry, chainInstructions, effective, runScripts } from '../../dockerfile/semantic';
import { loginOrInteractive, runAssignments } from '../../dockerfile/shell-assignments';
import { commentSpans } from '../../dockerfile/shell-comments';
import { neverExpanded, singleQuotedSpans } from '../../dockerfile/shell-quotes';
import { findVarRefs, predefinedArgs } from '../../dockerfile/variables';
import type { DockerfileRule } from '../../rule';
import type { Range, RuleFinding } from '../../types';
import { finding } from './helpers';

/** Variables every shell or Linux environment has, which an earlier RUN's assignment does not make its own. */
const wellKnown = new Set([
  'HOME', 'PATH', 'PWD', 'OLDPWD', 'USER', 'LOGNAME', 'UID', 'EUID', 'GID', 'GROUPS', 'HOSTNAME', 'HOSTTYPE', 'MACHTYPE', 'OSTYPE', 'SHELL',
  'SHLVL', 'TERM', 'LANG', 'LANGUAGE', 'IFS', 'PS1', 'PS2', 'PS4', 'RANDOM', 'LINENO', 'SECONDS', 'PPID', 'BASHPID', 'BASH', 'BASH_VERSION',
  'BASH_SOURCE', 'BASH_REMATCH', 'FUNCNAME', 'PIPESTATUS', 'OPTARG', 'OPTIND', 'OPTERR', 'REPLY', 'TMPDIR', 'MAIL', '_',
]);

/** Bases whose whole environment is known: the official ubuntu, debian and alpine images set only PATH. */
const plainDistros = new Set(['library/ubuntu', 'library/debian', 'library/alpine']);

/**
 * A base image may set any upper-case name in its environment, which this file cannot see; lower-case names are
 * shell variables by convention. Upper-case names count only where the base's environment is known.
 */
function baseMaySet(root: Stage, name: string): boolean {
  const ref = root.ref;
  if (baseProvides(ref, name) || /^LC_/.test(name)) {
    return true;
  }
  const known = root.image?.toLowerCase() === 'scratch' || (ref !== undefined && ref.domain === 'docker.io' && (plainDistros.has(ref.path) || knownBaseEnv(ref) !== undefined));
  return !known && name === name.toUpperCase();
}

/** Names the stage's chain declares with ARG or ENV (anywhere: a later declaration is left to other rules). */
function declaredInChain(stage: Stage): Set<string> {
  const out = new Set<string>();
  for (const instr of chainInstructions(stage)) {
    if (instr.keyword === 'ARG' || instr.keyword === 'ENV') {
      for (const kv of keyValues(instr)) {
        out.add(kv.key);
      }
    }
  }
  return out;
}

/** The chain's SHELL starts a login or interactive shell, or ENV sets BASH_ENV/ENV: every RUN reads a startup file first. */
function readsStartupFiles(stage: Stage, declared: ReadonlySet<string>): boolean {
  return declared.has('BASH_ENV') || declared.has('ENV') || chainInstructions(stage).some((i) => i.keyword === 'SHELL' && i.json !== undefined && loginOrInteractive(i.json.slice(1).map((a) => a.value)));
}

/** `RUN --mount=type=secret,id=…,env=NAME` puts the secret in NAME for this RUN. */
function mountsEnv(instr: Instruction, name: string): boolean {
  return instr.flags.some((f) => f.name === 'mount' && (f.value ?? '').split(',').includes(`env=${name}`));
}

/** Where the script's own here-documents start (`<<EOF`, `<<'EOF'`, not a `<<<` string): what follows may never be expanded. */
const heredocRe = /(?<!<)<<(?!<)/;

/** The variables a RUN reads (`$name`, `${name}`), first occurrence of each; defaulted ones (`${name:-x}`) are not counted. */
function readsOf(model: DockerfileModel, instr: Instruction): Map<string, Range> {
  const out = new Map<string, Range>();
  const run = effective(instr);
  const scripts = run.json !== undefined ? execFormShellScript(run) : runScripts(instr);
  for (const script of scripts) {
    const text = script.text.text;
    if (!text.includes('$')) {
      continue; // no reference to read
    }
    const quoted = text.includes("'") ? singleQuotedSpans(text) : [];
    const comments = text.includes('#') ? commentSpans(text) : [];
    const heredoc = heredocRe.exec(text)?.index ?? text.length;
    for (const ref of findVarRefs(text, model.parsed.escape)) {
      const unread = ref.start > heredoc || neverExpanded(text, quoted, ref.start) || comments.some(([start, end]) => ref.start > start && ref.start < end);
      if (!out.has(ref.name) && !/^:?[-+=?]/.test(ref.modifier) && !unread) {
        out.set(ref.name, script.text.range(ref.start, ref.end));
      }
    }
  }
  return out;
}

function message(name: string, line: number): string {
  return `$${name} is set by the RUN on line ${line} but not in this one, and each RUN starts a new shell, so it is empty here; set it again in this RUN, or declare it once with ARG ${name}=… (or ENV ${name}=…) after FROM when its value is fixed.`;
}

/** Names that RUNs of the stage's in-file ancestors set, with the line of the last such RUN. */
function setByAncestors(stage: Stage): Map<string, number> {
  const out = new Map<string, number>();
  for (const parent of ancestry(stage).slice(1).reverse()) {
    for (const instr of parent.instructions) {
      if (instr.keyword === 'RUN' && !parent.nonPosixShell) {
        for (const name of runAssignments(runCommands(instr)).names) {
          out.set(name, instr.startLine);
        }
      }
    }
  }
  return out;
}

function checkStage(model: DockerfileModel, stage: Stage): RuleFinding[] {
  const out: RuleFinding[] = [];
  const root = ancestry(stage)[ancestry(stage).length - 1] as Stage;
  const declared = declaredInChain(stage);
  if (readsStartupFiles(stage, declared)) {
    return out;
  }
  /** Names earlier RUNs set (this stage's and its ancestors'), with the line of the last such RUN. */
  const setEarlier = setByAncestors(stage);
  const reported = new Set<string>();
  for (const instr of stage.instructions) {
    if (instr.keyword !== 'RUN') {
      continue;
    }
    const { names, opaque } = runAssignments(runCommands(instr));
    if (!opaque) {
      for (const [name, range] of readsOf(model, instr)) {
        const line = setEarlier.get(name);
        const lost = line !== undefined && !names.has(name) && !reported.has(name) && !declared.has(name) && !model.globalArgs.has(name);
        if (lost && !wellKnown.has(name) && !predefinedArgs.has(name) && !baseMaySet(root, name) && !mountsEnv(instr, name)) {
          out.push(finding(range, message(name, line)));
          reported.add(name);
        }
      }
    }
    for (const name of names) {
      setEarlier.set(name, instr.startLine);
    }
  }
  return out;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD034',
    name: 'shell-variable-from-earlier-run',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: {},
    description: 'A RUN reads a shell variable that only an earlier RUN set; each RUN starts a new shell, so it is empty there.',
  },
  check({ model }) {
    if (model.nonPosixShell) {
      return [];
    }
    const out: RuleFinding[] = [];
    for (const stage of model.stages) {
      for (const found of stage.nonPosixShell ? [] : checkStage(model, stage)) {
        out.push(found);
      }
    }
    return out;
  },
};
