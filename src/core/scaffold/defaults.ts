import { acceleratorsFor, selectStack } from './compat';
import { isFrameworkPackage, pinnedVersion } from './detect';
import type { Accelerator, Framework, Part, ProjectFacts, ScaffoldAnswers, Workload } from './types';
import { parts as allParts } from './types';

/** JupyterLab's usual port. */
export const notebookPort = 8888;

export interface AnswerOverrides {
  name?: string;
  workload?: Workload;
  accelerator?: Accelerator;
  framework?: Framework;
  stackId?: string;
  port?: number;
  parts?: Part[];
  operator?: boolean;
}

/** Answers pre-filled from detection, with explicit choices winning. */
export function defaultAnswers(facts: ProjectFacts, projectName: string, overrides: AnswerOverrides = {}): ScaffoldAnswers | { error: string } {
  const framework = overrides.framework ?? facts.frameworks[0];
  if (!framework) {
    return { error: 'no ML framework detected; choose one (--framework)' };
  }
  const serveEntry = facts.entryPoints.find((e) => e.kind === 'serve' && (e.server === 'fastapi' || e.runsItself));
  const trainEntry = facts.entryPoints.find((e) => e.kind === 'train');
  const workload = overrides.workload ?? (serveEntry || !trainEntry ? 'inference' : 'training');
  const accelerators = acceleratorsFor(framework);
  const accelerator = overrides.accelerator ?? (accelerators.includes('cpu') ? 'cpu' : 'gpu');
  if (!accelerators.includes(accelerator)) {
    return { error: `${framework} has no ${accelerator.toUpperCase()} stack in the compatibility table (available: ${accelerators.join(', ')})` };
  }
  const pinned = pinnedVersion(facts, framework);
  const stack = selectStack(framework, accelerator, { ...(overrides.stackId ? { stackId: overrides.stackId } : {}), ...(pinned ? { pinnedVersion: pinned } : {}) });
  if (!stack) {
    return { error: `unknown stack "${overrides.stackId ?? ''}" for ${framework} on ${accelerator.toUpperCase()}` };
  }
  const entry = workload === 'inference' ? serveEntry : workload === 'notebook' ? undefined : trainEntry;
  return {
    name: overrides.name ?? projectName,
    workload,
    accelerator,
    framework,
    stackId: stack.id,
    server: serveEntry?.server ?? 'fastapi',
    port: overrides.port ?? (workload === 'notebook' ? notebookPort : (serveEntry?.port ?? 8000)),
    parts: overrides.parts ?? [...allParts],
    ...(entry ? { entry } : {}),
    ...(facts.requirementsFile ? { requirementsFile: facts.requirementsFile } : { extraRequirements: facts.declared.filter((r) => !isFrameworkPackage(r.split('==')[0] ?? r)) }),
    ...(facts.artifactName ? { artifactName: facts.artifactName } : {}),
    dataDirs: facts.dataDirs,
    tests: facts.hasTests,
    ...(overrides.operator ? { operator: true } : {}),
    ...(facts.pythonVersion ? { pythonVersion: facts.pythonVersion } : {}),
    modelArtifacts: facts.modelArtifacts,
  };
}

/**
 * Answers after the workload was changed from `previous`: the detected entry point and the port belong
 * to the workload they were found for.
 */
export function answersForWorkload(answers: ScaffoldAnswers, previous: Workload): ScaffoldAnswers {
  if (answers.workload === previous) {
    return answers;
  }
  const { entry, ...rest } = answers;
  const workload = answers.workload;
  const keepEntry = entry && (workload === 'inference' ? entry.kind === 'serve' : workload !== 'notebook' && entry.kind === 'train');
  const port = workload === 'notebook' ? notebookPort : previous === 'notebook' ? 8000 : answers.port;
  return { ...rest, ...(keepEntry ? { entry } : {}), port };
}
