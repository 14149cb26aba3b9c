import * as vscode from 'vscode';
import { acceleratorsFor, describeStack, stacksFor } from '../../core/scaffold/compat';
import { answersForWorkload } from '../../core/scaffold/defaults';
import { operatorVariantLabels, operatorVariantOffered } from '../../core/scaffold/operators';
import type { Accelerator, Framework, Part, ScaffoldAnswers, Server, Workload } from '../../core/scaffold/types';
import { frameworks, parts } from '../../core/scaffold/types';
import { UserCancelled } from '../../platform/command';

const title = 'ML Containers: Add Container Files';
const partLabels: Record<Part, string> = {
  dockerfile: 'Dockerfile (multi-stage, pinned base, non-root)',
  dockerignore: '.dockerignore',
  app: 'Sample app / training script (only when none was found)',
  compose: 'compose.yaml with Redis, Prometheus and Grafana',
  k8s: 'Kubernetes manifests (k8s/ with kustomization)',
  ci: 'GitHub Actions workflow',
};

interface Item<T> extends vscode.QuickPickItem {
  value: T;
}

async function pickOne<T>(step: string, placeHolder: string, items: Item<T>[], current: T): Promise<T> {
  const ordered = [...items.filter((i) => i.value === current), ...items.filter((i) => i.value !== current)];
  const picked = await vscode.window.showQuickPick(ordered, { title: `${title} (${step})`, placeHolder, ignoreFocusOut: true });
  if (!picked) {
    throw new UserCancelled();
  }
  return picked.value;
}

/** The multi-step pick; every step starts on the detected (or previous) answer. */
export async function askAnswers(initial: ScaffoldAnswers, detected: readonly Framework[]): Promise<ScaffoldAnswers> {
  const workload = await pickOne<Workload>('1/6', 'What will the image run?', [
    { label: 'Inference API', description: 'serves /predict, /healthz, /readyz, /metrics', value: 'inference' },
    { label: 'Batch training', description: 'runs once and writes the model to a volume', value: 'training' },
    { label: 'Scheduled retraining', description: 'training on a schedule (a Kubernetes CronJob)', value: 'retraining' },
    { label: 'Notebook (JupyterLab)', description: 'a development image on the same stack; token from JUPYTER_TOKEN', value: 'notebook' },
  ], initial.workload);
  const framework = await pickOne<Framework>('2/6', 'Framework', frameworks.map((f) => ({ label: f, ...(detected.includes(f) ? { description: 'detected' } : {}), value: f })), initial.framework);
  const available = acceleratorsFor(framework);
  const accelerator = available.length === 1 ? (available[0] as Accelerator) : await pickOne<Accelerator>('3/6', 'CPU or GPU?', [
    { label: 'CPU', value: 'cpu' },
    { label: 'GPU (NVIDIA CUDA)', value: 'gpu' },
  ], available.includes(initial.accelerator) ? initial.accelerator : 'cpu');
  const rows = stacksFor(framework, accelerator);
  const stackId = await pickOne<string>('4/6', 'Stack from the compatibility table', rows.map((r) => ({ label: r.id, detail: describeStack(r), value: r.id })), rows.some((r) => r.id === initial.stackId) ? (initial.stackId as string) : (rows[0]?.id ?? ''));
  const server = initial.entry || workload !== 'inference' ? initial.server : await pickOne<Server>('5/6', 'Serving framework for the sample app', [
    { label: 'FastAPI', value: 'fastapi' },
    { label: 'Flask', value: 'flask' },
  ], initial.server);
  // The operator variant is a toggle among the parts (off unless chosen before), not a step of its own.
  const variant = operatorVariantOffered({ workload, framework, accelerator });
  const items: Item<Part | 'operator'>[] = parts.map((p) => ({ label: partLabels[p], picked: initial.parts.includes(p), value: p }));
  if (variant) {
    items.push({ label: `Kubernetes as ${operatorVariantLabels[variant]}`, description: 'needs the operator in the cluster', picked: initial.operator === true, value: 'operator' });
  }
  const chosen = await vscode.window.showQuickPick(items, { title: `${title} (6/6)`, placeHolder: 'Files to generate', canPickMany: true, ignoreFocusOut: true });
  const chosenParts = (chosen ?? []).map((c) => c.value).filter((v): v is Part => v !== 'operator');
  if (chosenParts.length === 0) {
    throw new UserCancelled();
  }
  const operator = chosenParts.includes('k8s') && (chosen ?? []).some((c) => c.value === 'operator');
  const answers: ScaffoldAnswers = { ...initial, workload, framework, accelerator, stackId, server, parts: chosenParts, operator };
  return answersForWorkload(answers, initial.workload);
}
