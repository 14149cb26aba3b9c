import type { DockerfileRule } from '../../rule';
import type { DockerfileModel } from '../../dockerfile/semantic';
import type { Fix, Range, RuleFinding, TextEdit } from '../../types';
import { finding, replace } from './helpers';

/** FROM images and --from values that may name a stage, by lower-case name. */
function stageReferences(model: DockerfileModel): Map<string, { stage: number; range: Range }[]> {
  const out = new Map<string, { stage: number; range: Range }[]>();
  const add = (name: string, stage: number, range: Range): void => {
    const key = name.toLowerCase();
    const list = out.get(key);
    if (list) {
      list.push({ stage, range });
    } else {
      out.set(key, [{ stage, range }]);
    }
  };
  for (const other of model.stages) {
    if (other.imageWord && other.imageWord.raw === other.imageWord.value) {
      add(other.imageWord.value, other.index, other.imageWord.range);
    }
    for (const instr of other.instructions) {
      for (const flag of (instr.trigger ?? instr).flags) {
        if (flag.name === 'from' && flag.value !== undefined && flag.valueRange) {
          add(flag.value, other.index, flag.valueRange);
        }
      }
    }
  }
  return out;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD515',
    name: 'stage-casing',
    family: 'style',
    severity: 'hint',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { buildkit: ['StageNameCasing', 'FromAsCasing'] },
    description: 'A stage name is not lower case, or the casing of AS differs from that of FROM.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    const references = stageReferences(model);
    for (const stage of model.stages) {
      const from = stage.from;
      const asWord = from.words[1];
      if (asWord && asWord.value.toUpperCase() === 'AS') {
        const fromUpper = from.keywordRaw === from.keywordRaw.toUpperCase();
        const fromLower = from.keywordRaw === from.keywordRaw.toLowerCase();
        const want = fromLower && !fromUpper ? 'as' : 'AS';
        if ((fromUpper || fromLower) && asWord.raw !== want) {
          out.push(finding(asWord.range, `'${asWord.raw}' and '${from.keywordRaw}' use different casing; write ${want}.`, { title: `Write ${want}`, edits: [replace(asWord.range, want)] }));
        }
      }
      const name = stage.name;
      const nameWord = stage.nameWord;
      if (name === undefined || !nameWord || name === name.toLowerCase() || nameWord.raw !== name) {
        continue;
      }
      const lower = name.toLowerCase();
      const edits: TextEdit[] = [replace(nameWord.range, lower)];
      for (const ref of references.get(lower) ?? []) {
        if (ref.stage > stage.index) {
          edits.push(replace(ref.range, lower));
        }
      }
      const fix: Fix = { title: `Rename the stage to ${lower}`, edits };
      out.push(finding(nameWord.range, `Stage name ${name} is not lower case (stage names are case-insensitive, so mixed case only misleads); rename it to ${lower}.`, fix));
    }
    return out;
  },
};
