import { installsCudaFramework } from '../../dockerfile/cuda-framework-layer';
import type { Instruction } from '../../dockerfile/model';
import { runCommands } from '../../dockerfile/installs';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

function mounts(instr: Instruction): string {
  return instr.flags
    .map((f) => f.raw)
    .sort()
    .join(' ');
}

function mergeable(instr: Instruction): boolean {
  return instr.keyword === 'RUN' && !instr.json && instr.heredocs.length === 0;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD307',
    name: 'consecutive-run',
    family: 'performance',
    severity: 'hint',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { hadolint: ['DL3059'] },
    description: 'Consecutive RUN instructions that could be merged into one layer.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    const lines = model.parsed.lines;
    // Each RUN is asked twice, as the later and as the earlier of two.
    const cudaLayers = new Map<Instruction, boolean>();
    const cudaLayer = (instr: Instruction): boolean => {
      let known = cudaLayers.get(instr);
      if (known === undefined) {
        known = installsCudaFramework(instr);
        cudaLayers.set(instr, known);
      }
      return known;
    };
    for (const stage of model.stages) {
      const list = stage.instructions;
      for (let k = 1; k < list.length; k++) {
        const prev = list[k - 1] as Instruction;
        const cur = list[k] as Instruction;
        if (!mergeable(prev) || !mergeable(cur) || mounts(prev) !== mounts(cur)) {
          continue;
        }
        if (runCommands(prev).length > 2 || runCommands(cur).length > 2) {
          continue; // already chained: a deliberate layer split (trap T12)
        }
        if (cudaLayer(prev) || cudaLayer(cur)) {
          continue; // a CUDA framework in a cached layer of its own: a deliberate layer split (trap T12)
        }
        const prevEnd = { line: prev.endLine, column: (lines[prev.endLine - 1] ?? '').trimEnd().length + 1 };
        const curArgs = cur.args.range(cur.argsStart, cur.argsStart + 1).start;
        // Offer the merge only when nothing (not even a comment) sits between the two.
        const fix = cur.startLine === prev.endLine + 1 ? { title: 'Merge with the previous RUN', edits: [{ range: { start: prevEnd, end: curArgs }, newText: ' && \\\n    ' }] } : undefined;
        out.push(finding(cur.keywordRange, 'This RUN directly follows another RUN with the same mounts; merge them with && to save a layer, unless the split is a deliberate cache boundary.', fix));
      }
    }
    return out;
  },
};
