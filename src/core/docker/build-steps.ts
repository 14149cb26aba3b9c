import type { Range } from '../lint/types';
import { parseDockerfile } from '../lint/dockerfile/parse';
import { modelFromParsed } from '../lint/dockerfile/semantic';
import type { BuildEvent } from './build-progress';

export interface BuildStep {
  /** 1-based, as the legacy builder numbers it ("Step N/M"). */
  step: number;
  keyword: string;
  range: Range;
  stage?: string;
  /** The LABEL step the builder appends for `--label` options: no line of the Dockerfile. */
  synthetic?: true;
}

export interface BuildStage {
  index: number;
  name?: string;
  line: number;
}

/** The Dockerfile's stages (for target selection), with the line of each FROM. */
export function buildStages(dockerfile: string): BuildStage[] {
  return modelFromParsed(parseDockerfile(dockerfile)).stages.map((s) => ({ index: s.index, line: s.from.startLine, ...(s.name ? { name: s.name } : {}) }));
}

/**
 * The steps as the legacy builder counts them: the ARGs before the first FROM, then each stage up
 * to the target (FROM and every instruction after it), then one LABEL step when the build sets
 * labels. ONBUILD triggers run inside their FROM step.
 */
export function buildSteps(dockerfile: string, target?: string, withLabels = false): BuildStep[] {
  const model = modelFromParsed(parseDockerfile(dockerfile));
  const steps: BuildStep[] = [];
  const add = (keyword: string, range: Range, stage?: string) => steps.push({ step: steps.length + 1, keyword, range, ...(stage ? { stage } : {}) });
  for (const instr of model.preamble) {
    if (instr.keyword === 'ARG') {
      add(instr.keyword, instr.range);
    }
  }
  const targetIndex = target ? model.stages.findIndex((s) => s.name?.toLowerCase() === target.toLowerCase()) : -1;
  const stages = targetIndex >= 0 ? model.stages.slice(0, targetIndex + 1) : model.stages;
  for (const stage of stages) {
    const label = stage.name ?? String(stage.index);
    add('FROM', stage.from.range, label);
    for (const instr of stage.instructions) {
      add(instr.keyword, instr.range, label);
    }
  }
  const last = stages[stages.length - 1];
  if (withLabels && last) {
    steps.push({ step: steps.length + 1, keyword: 'LABEL', range: last.from.range, synthetic: true });
  }
  return steps;
}

export interface BuildFailure {
  message: string;
  step?: BuildStep;
}

/**
 * Where a failed build failed: the last step announced before the error. The step keyword is
 * checked against the announced instruction so a mismatch (a Dockerfile edited since) maps nowhere.
 */
export function locateFailure(events: readonly BuildEvent[], steps: readonly BuildStep[]): BuildFailure | undefined {
  const error = events.find((e): e is Extract<BuildEvent, { kind: 'error' }> => e.kind === 'error');
  if (!error) {
    return undefined;
  }
  let last: Extract<BuildEvent, { kind: 'step' }> | undefined;
  for (const e of events) {
    if (e === error) {
      break;
    }
    if (e.kind === 'step') {
      last = e;
    }
  }
  const step = last ? steps[last.step - 1] : undefined;
  const announced = last?.instruction.trim().split(/\s+/)[0]?.toUpperCase();
  if (!step || step.synthetic || step.keyword !== announced) {
    return { message: error.message };
  }
  return { message: error.message, step };
}
