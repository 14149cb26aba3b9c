import type { Word } from '../../dockerfile/model';
import { findVarRefs, predefinedArgs } from '../../dockerfile/variables';
import type { DockerfileRule } from '../../rule';
import type { Fix, RuleFinding } from '../../types';
import { finding, replace } from './helpers';
import { nearest } from './keywords';

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD006',
    name: 'undefined-arg-in-from',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { buildkit: ['UndefinedArgInFrom'] },
    description: 'FROM uses a variable that no global ARG declares.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    const declared = [...model.globalArgs.keys()];
    const directivesEnd = model.parsed.directives.length;
    for (const stage of model.stages) {
      const instr = stage.from;
      const words: Word[] = [...(stage.imageWord ? [stage.imageWord] : [])];
      const platform = instr.flags.find((f) => f.name === 'platform');
      const targets: { text: string; start: number }[] = words.map((w) => ({ text: w.raw, start: w.start }));
      if (platform?.value !== undefined) {
        const valueStart = platform.raw.indexOf('=') + 1;
        const flagWordStart = instr.args.text.indexOf(platform.raw);
        if (flagWordStart >= 0) {
          targets.push({ text: platform.raw.slice(valueStart), start: flagWordStart + valueStart });
        }
      }
      for (const t of targets) {
        for (const ref of findVarRefs(t.text, model.parsed.escape)) {
          if (model.globalArgs.has(ref.name) || predefinedArgs.has(ref.name) || /^:?[-+?]/.test(ref.modifier)) {
            continue;
          }
          const range = instr.args.range(t.start + ref.start, t.start + ref.end);
          const suggestion = nearest(ref.name, declared, 2);
          const line = directivesEnd + 1;
          const fix: Fix = suggestion
            ? { title: `Rename to ${suggestion}`, edits: [replace(range, t.text.slice(ref.start, ref.end).replace(ref.name, suggestion))] }
            : { title: `Declare ARG ${ref.name} at the top`, edits: [{ range: { start: { line, column: 1 }, end: { line, column: 1 } }, newText: `ARG ${ref.name}\n` }] };
          out.push(
            finding(
              range,
              suggestion
                ? `${ref.name} is not declared by an ARG before the first FROM, so it expands to an empty string; did you mean ${suggestion}?`
                : `${ref.name} is not declared by an ARG before the first FROM, so it expands to an empty string; add ARG ${ref.name}=<default> at the top.`,
              fix,
            ),
          );
        }
      }
    }
    return out;
  },
};
