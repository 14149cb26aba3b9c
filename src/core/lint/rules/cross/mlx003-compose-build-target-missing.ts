import { closest } from '../../cross/closest';
import type { CrossFinding, CrossRule } from '../../cross/rule';

export const rule: CrossRule = {
  meta: {
    id: 'MLX003',
    name: 'compose-build-target-missing',
    family: 'correctness',
    severity: 'error',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: {},
    description: 'A Compose build.target does not name a stage of the referenced Dockerfile.',
  },
  check(ws) {
    const out: CrossFinding[] = [];
    for (const b of ws.builds) {
      const target = b.service.build?.target;
      const dockerfile = b.dockerfile !== undefined ? ws.dockerfiles.get(b.dockerfile) : undefined;
      if (!target || target.interpolated || !dockerfile || dockerfile.model.stages.length === 0) {
        continue;
      }
      const names = dockerfile.model.stages.map((s) => s.name).filter((n): n is string => n !== undefined);
      if (names.some((n) => n.toLowerCase() === target.value.toLowerCase())) {
        continue;
      }
      const guess = closest(target.value, names);
      const stages = names.length > 0 ? `its stages are ${names.join(', ')}` : 'it has no named stages (name one with FROM … AS <name>)';
      out.push({
        path: target.path ?? b.entry.path,
        range: target.range,
        message: `build.target "${target.value}" is not a stage of ${dockerfile.path}, so the build fails; ${stages}${guess !== undefined ? `; did you mean "${guess}"?` : '.'}`,
        related: { file: dockerfile.path, range: dockerfile.model.stages[0]?.from.keywordRange ?? target.range, message: 'the Dockerfile built by this service' },
        ...(guess !== undefined ? { fix: { title: `Use stage "${guess}"`, edits: [{ range: target.range, newText: guess }] } } : {}),
      });
    }
    return out;
  },
};
