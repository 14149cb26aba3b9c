import { baseProvides } from '../../dockerfile/base-env';
import type { MappedText } from '../../dockerfile/mapped-text';
import type { DockerfileModel, Stage } from '../../dockerfile/semantic';
import { execFormShellScript } from '../../dockerfile/installs';
import { keyValues } from '../../dockerfile/kv';
import { ancestry, effective, runScripts, scopeNames } from '../../dockerfile/semantic';
import { neverExpanded, singleQuotedSpans } from '../../dockerfile/shell-quotes';
import { findVarRefs } from '../../dockerfile/variables';
import type { DockerfileRule } from '../../rule';
import type { Range, RuleFinding } from '../../types';
import { finding, insertLinesAfter } from './helpers';

/**
 * References to global ARGs in `text` from offset `from` on (no MappedText sliced off per instruction). In a RUN
 * script (`shell`), a variable the script itself set before (`V=…`, `export V=…`, `for V in …`) is the shell's, and
 * single-quoted text (`echo '$V' >> ~/.bashrc`) is never expanded.
 */
function collectGlobalRefs(model: DockerfileModel, text: MappedText, from: number, refs: { name: string; range: Range }[], shell = false): void {
  const body = from === 0 ? text.text : text.text.slice(from);
  const quoted = shell && body.includes("'") ? singleQuotedSpans(body) : [];
  for (const ref of findVarRefs(body, model.parsed.escape)) {
    if (model.globalArgs.has(ref.name) && !(shell && (assignedBefore(body, ref.name, ref.start) || neverExpanded(body, quoted, ref.start)))) {
      refs.push({ name: ref.name, range: text.range(from + ref.start, from + ref.end) });
    }
  }
}

function assignedBefore(script: string, name: string, end: number): boolean {
  const at = script.indexOf(`${name}=`);
  if (at < 0 || at >= end) {
    return script.lastIndexOf(`for ${name} `, end) >= 0;
  }
  // The assignment must end its command before the use: `V=1 cmd $V` expands the old $V.
  return new RegExp(`(?:^|[\\s;&|(])(?:(?:export|local|readonly|declare(?:\\s+-\\w+)?)\\s+)?${name}=[^;&|\\n]*[;&|\\n]`).test(script.slice(0, end));
}

/**
 * ARGs the in-file parent stages declare: BuildKit's child stage inherits its parent's build args with its state
 * (docs: "Arguments and variables are inherited from parent stages"), so `ARG X` in `deps` serves `FROM deps AS build`.
 */
function inheritedArgs(stage: Stage): Set<string> {
  const names = new Set<string>();
  for (const parent of ancestry(stage).slice(1)) {
    for (const instr of parent.instructions) {
      if (instr.keyword === 'ARG') {
        for (const kv of keyValues(instr)) {
          names.add(kv.key);
        }
      }
    }
  }
  return names;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD008',
    name: 'global-arg-not-redeclared',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'A global ARG is used inside a stage without being redeclared there, so it is empty.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    if (model.globalArgs.size === 0) {
      return out;
    }
    for (const stage of model.stages) {
      const root = ancestry(stage)[ancestry(stage).length - 1];
      const reported = new Set<string>();
      let inherited: Set<string> | undefined;
      for (const instr of stage.instructions) {
        const refs: { name: string; range: Range }[] = [];
        const run = effective(instr);
        const execForm = run.keyword === 'RUN' && run.json !== undefined;
        // An exec form expands nothing itself: only the script it hands a shell (`["bash", "-c", "…"]`) reads variables.
        const scripts = execForm ? execFormShellScript(run) : runScripts(instr);
        if (scripts.length > 0 || execForm) {
          for (const script of scripts) {
            collectGlobalRefs(model, script.text, 0, refs, true);
          }
        } else {
          collectGlobalRefs(model, instr.args, instr.argsStart, refs);
        }
        if (refs.length === 0) {
          continue;
        }
        const scope = scopeNames(stage, instr);
        inherited ??= inheritedArgs(stage);
        for (const ref of refs) {
          if (scope.has(ref.name) || inherited.has(ref.name) || baseProvides(root?.ref, ref.name) || reported.has(ref.name)) {
            continue;
          }
          reported.add(ref.name);
          out.push(
            finding(ref.range, `${ref.name} is declared only before the first FROM, so it is empty inside this stage; add ARG ${ref.name} after this stage's FROM.`, {
              title: `Redeclare ARG ${ref.name} in this stage`,
              edits: [insertLinesAfter(stage.from, model.parsed.lines, `ARG ${ref.name}`)],
            }),
          );
        }
      }
    }
    return out;
  },
};
