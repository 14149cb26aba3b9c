import type { Finding } from '../types';
import type { ParsedDockerfile } from './model';
import type { DockerfileModel, ModelOptions } from './semantic';
import { finalChain, modelFromParsed } from './semantic';

/**
 * One model per distinct stage that the builds of the file produce (`targets`: a stage name, or undefined for the
 * last stage); targets that resolve to the same stage (a name not in the file falls back to the last) share one.
 */
export function modelsForTargets(parsed: ParsedDockerfile, targets: readonly (string | undefined)[], options: ModelOptions): DockerfileModel[] {
  const models: DockerfileModel[] = [];
  for (const target of targets.length > 0 ? targets : [undefined]) {
    const model = modelFromParsed(parsed, target !== undefined ? { ...options, target } : options);
    if (!models.some((m) => m.finalStage?.index === model.finalStage?.index)) {
      models.push(model);
    }
  }
  return models;
}

/** The lines of the stages whose files reach the model's final image (each stage runs up to the next FROM). */
function shippedLines(model: DockerfileModel): (line: number) => boolean {
  const spans = finalChain(model).map((s) => ({ from: s.from.startLine, to: (model.stages[s.index + 1]?.from.startLine ?? Infinity) - 1 }));
  return (line) => spans.some((span) => line >= span.from && line <= span.to);
}

function keyOf(f: Finding): string {
  const { start, end } = f.range;
  return `${f.ruleId}@${start.line}:${start.column}-${end.line}:${end.column}`;
}

/**
 * The findings of one file linted once per built stage, merged: a rule's findings at one range are kept once, taken
 * from a run whose final image holds their line (their message then speaks of the image that ships it), else from
 * the first run.
 */
export function mergeTargetRuns(runs: readonly { model: DockerfileModel; findings: readonly Finding[] }[]): Finding[] {
  const kept = new Map<string, { findings: Finding[]; run: number; shipped: boolean }>();
  runs.forEach(({ model, findings }, run) => {
    const ships = shippedLines(model);
    for (const f of findings) {
      const key = keyOf(f);
      const held = kept.get(key);
      if (held?.run === run) {
        held.findings.push(f);
        continue;
      }
      if (held && (held.shipped || !ships(f.range.start.line))) {
        continue;
      }
      kept.set(key, { findings: [f], run, shipped: ships(f.range.start.line) });
    }
  });
  return [...kept.values()].flatMap((k) => k.findings);
}
