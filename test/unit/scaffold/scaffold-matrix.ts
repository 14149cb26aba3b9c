// Every combination the "Add Container Files…" quick pick can produce: workload → framework →
// accelerator → compatibility-table row → serving framework (asked for inference only), all parts.
import * as assert from 'node:assert/strict';
import { acceleratorsFor, stacksFor, type StackRow } from '../../../src/core/scaffold/compat';
import { operatorVariantOffered } from '../../../src/core/scaffold/operators';
import { planScaffold } from '../../../src/core/scaffold/plan';
import type { PlannedFile, ScaffoldAnswers, Server } from '../../../src/core/scaffold/types';
import { frameworks, parts, workloads } from '../../../src/core/scaffold/types';

export interface MatrixCase {
  label: string;
  row: StackRow;
  answers: ScaffoldAnswers;
}

export function scaffoldMatrix(): MatrixCase[] {
  const cases: MatrixCase[] = [];
  for (const workload of workloads) {
    for (const framework of frameworks) {
      for (const accelerator of acceleratorsFor(framework)) {
        for (const row of stacksFor(framework, accelerator)) {
          const servers: Server[] = workload === 'inference' ? ['flask', 'fastapi'] : ['fastapi'];
          for (const server of servers) {
            // Both states of "the project has tests" (the workflow's test job) occur for every workload.
            const tests = server === 'flask' || row.accelerator === 'gpu';
            cases.push({
              label: `${workload} · ${row.id}${workload === 'inference' ? ` · ${server}` : ''}${tests ? ' · tests' : ''}`,
              row,
              answers: { name: 'Demo App', workload, accelerator, framework, stackId: row.id, server, port: workload === 'notebook' ? 8888 : 8080, parts: [...parts], tests },
            });
            // The operator variant of the Kubernetes part (KServe, Kubeflow PyTorchJob), once per row.
            if (server === 'fastapi' && operatorVariantOffered({ workload, framework, accelerator })) {
              cases.push({
                label: `${workload} · ${row.id} · operator`,
                row,
                answers: { name: 'Demo App', workload, accelerator, framework, stackId: row.id, server, port: 8080, parts: [...parts], operator: true },
              });
            }
          }
        }
      }
    }
  }
  return cases;
}

export function planFiles(answers: ScaffoldAnswers): PlannedFile[] {
  const result = planScaffold(answers);
  assert.ok(result.ok, result.ok ? '' : result.error);
  return result.files;
}

/** Groups cases by a key derived from their files, so identical outputs are checked once and reported for all. */
export function groupBy<T>(cases: readonly MatrixCase[], key: (files: PlannedFile[], c: MatrixCase) => T | undefined): Map<string, { value: T; labels: string[] }> {
  const groups = new Map<string, { value: T; labels: string[] }>();
  for (const c of cases) {
    const value = key(planFiles(c.answers), c);
    if (value === undefined) {
      continue;
    }
    const id = JSON.stringify(value);
    const group = groups.get(id) ?? { value, labels: [] };
    group.labels.push(c.label);
    groups.set(id, group);
  }
  return groups;
}
