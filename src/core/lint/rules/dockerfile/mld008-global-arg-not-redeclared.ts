import { baseProvides } from '../../dockerfile/base-env';
import { ancestry, runScripts, scopeNames } from '../../dockerfile/semantic';
import { findVarRefs } from '../../dockerfile/variables';
import type { DockerfileRule } from '../../rule';
import type { Range, RuleFinding } from '../../types';
import { finding, insertLinesAfter } from './helpers';

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
      for (const instr of stage.instructions) {
        const refs: { name: string; range: Range }[] = [];
        const scripts = runScripts(instr);
        const texts = scripts.length > 0 ? scripts.map((s) => s.text) : [instr.args.slice(instr.argsStart)];
        for (const t of texts) {
          for (const ref of findVarRefs(t.text, model.parsed.escape)) {
            if (model.globalArgs.has(ref.name)) {
              refs.push({ name: ref.name, range: t.range(ref.start, ref.end) });
            }
          }
        }
        if (refs.length === 0) {
          continue;
        }
        const scope = scopeNames(stage, instr);
        for (const ref of refs) {
          if (scope.has(ref.name) || baseProvides(root?.ref, ref.name) || reported.has(ref.name)) {
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
