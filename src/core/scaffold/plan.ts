import type { StackRow } from './compat';
import { selectStack } from './compat';
import { renderTemplate } from './render';
import { serveAppTemplate, trainScriptTemplate } from './templates/app';
import { composeTemplate, grafanaDashboardProviderTemplate, grafanaDashboardTemplate, grafanaDatasourceTemplate, prometheusTemplate } from './templates/compose';
import { dockerfileTemplate } from './templates/dockerfile';
import { dockerignoreTemplate } from './templates/dockerignore';
import { operatorVariantOffered, type OperatorVariant } from './operators';
import { cronJobTemplate, deploymentTemplate, hpaTemplate, inferenceServiceTemplate, ingressTemplate, jobTemplate, kustomizationTemplate, notebookDeploymentTemplate, notebookServiceTemplate, pdbTemplate, pvcTemplate, pytorchJobTemplate, serviceTemplate } from './templates/k8s';
import { frameworkSnippets } from './templates/loaders';
import { workflowTemplate } from './templates/workflow';
import type { PlannedFile, ScaffoldAnswers } from './types';
import type { ScaffoldValues } from './values';
import { scaffoldValues } from './values';

export const serverPins = { flask: ['flask==3.0.3'], fastapi: ['fastapi==0.112.2', 'uvicorn==0.30.6'] } as const;

/** Notebook tooling, kept apart from the project's requirements so that those stay as they are. */
// 4.2.7, not older: 4.2.5's extension manager fails on httpx 0.28 (`proxies` was removed) and falls back to read-only.
export const notebookPins = ['jupyterlab==4.2.7'] as const;

export type PlanResult = { ok: true; stack: StackRow; files: PlannedFile[] } | { ok: false; error: string };

/** Answers -> planned files. Pure: no I/O; whether a file already exists is the caller's concern. */
export function planScaffold(answers: ScaffoldAnswers): PlanResult {
  const stack = selectStack(answers.framework, answers.accelerator, answers.stackId ? { stackId: answers.stackId } : {});
  if (!stack) {
    return {
      ok: false,
      error: answers.stackId
        ? `stack "${answers.stackId}" is not a ${answers.accelerator.toUpperCase()} row for ${answers.framework}`
        : `no ${answers.accelerator.toUpperCase()} stack for ${answers.framework} in the compatibility table`,
    };
  }
  const v = scaffoldValues(answers, stack);
  const want = new Set(answers.parts);
  const operator = answers.operator ? operatorVariantOffered(answers) : undefined;
  if (answers.operator && !operator) {
    return { ok: false, error: `no operator variant for ${answers.workload} with ${answers.framework} on ${answers.accelerator.toUpperCase()} (KServe: inference; Kubeflow PyTorchJob: PyTorch training on GPU)` };
  }
  const files: PlannedFile[] = [];
  const add = (path: string, template: string, extra: Record<string, string | number | boolean | undefined> = {}) => {
    files.push({ path, content: renderTemplate(template, { ...v, ...extra }) });
  };
  if (want.has('dockerfile')) {
    add('Dockerfile', dockerfileTemplate);
    if (!answers.requirementsFile) {
      files.push({ path: 'requirements.txt', content: requirementsFor(answers, stack) });
    }
    if (answers.workload === 'notebook') {
      files.push({ path: 'requirements-notebook.txt', content: `# JupyterLab for the notebook image (installed with the project requirements).\n${notebookPins.join('\n')}\n` });
    }
  }
  if (want.has('dockerignore')) {
    add('.dockerignore', dockerignoreTemplate, { extraIgnores: extraIgnores(answers) });
  }
  if (want.has('app') && !answers.entry && answers.workload !== 'notebook') {
    const snippets = frameworkSnippets[answers.framework];
    if (answers.workload === 'inference') {
      add('serve.py', serveAppTemplate, { loader: snippets.loader, flask: answers.server === 'flask', fastapi: answers.server === 'fastapi', serverLabel: answers.server === 'flask' ? 'Flask' : 'FastAPI' });
    } else {
      add('train.py', trainScriptTemplate, { trainer: snippets.trainer });
    }
  }
  if (want.has('compose')) {
    add('compose.yaml', composeTemplate, { dataDir: answers.dataDirs?.[0] ?? 'data' });
    if (answers.workload === 'inference') {
      add('monitoring/prometheus.yml', prometheusTemplate);
      add('monitoring/grafana/provisioning/datasources/prometheus.yaml', grafanaDatasourceTemplate);
      add('monitoring/grafana/provisioning/dashboards/dashboards.yaml', grafanaDashboardProviderTemplate);
      add('monitoring/grafana/dashboards/inference.json', grafanaDashboardTemplate);
    }
  }
  if (want.has('k8s')) {
    files.push(...kubernetesFiles(v, operator));
  }
  if (want.has('ci')) {
    add('.github/workflows/container.yml', workflowTemplate, {
      tests: answers.tests === true,
      deploy: want.has('k8s'),
      rollout: (answers.workload === 'inference' && operator !== 'kserve') || answers.workload === 'notebook',
      kserve: operator === 'kserve',
      pytorchjob: operator === 'pytorchjob',
    });
  }
  return { ok: true, stack, files };
}

function requirementsFor(answers: ScaffoldAnswers, stack: StackRow): string {
  const lines = ['# Generated by ML Containers from the compatibility table; pin what you add.', ...stack.requirements];
  if (answers.workload === 'inference' && !answers.entry && (answers.framework === 'xgboost' || answers.framework === 'lightgbm')) {
    lines.push('joblib==1.4.2');
  }
  if (answers.workload === 'inference' && !answers.entry) {
    lines.push(...serverPins[answers.server]);
  }
  const named = new Set(lines.map((l) => l.split(/[=[<>~]/)[0]));
  for (const extra of answers.extraRequirements ?? []) {
    if (!named.has(extra.split(/[=[<>~]/)[0])) {
      lines.push(extra);
    }
  }
  return `${[...new Set(lines)].join('\n')}\n`;
}

function extraIgnores(answers: ScaffoldAnswers): string {
  const known = new Set(['data/', 'datasets/', 'checkpoints/', 'models/', 'model/', 'outputs/']);
  const extra = [...(answers.dataDirs ?? []), ...(answers.modelArtifacts ?? [])]
    .map((p) => (p.includes('.') ? p : `${p.replace(/\/$/, '')}/`))
    .filter((p) => !known.has(p));
  return extra.length > 0 ? `# found in this project\n${[...new Set(extra)].join('\n')}` : '';
}

function kubernetesFiles(v: ScaffoldValues, operator: OperatorVariant | undefined): PlannedFile[] {
  const sizing = v.gpu
    ? { cpuRequest: '2', memoryRequest: '8Gi', memoryLimit: '16Gi', shmSize: '2Gi', maxReplicas: 4, activeDeadlineSeconds: 86400 }
    : { cpuRequest: '500m', memoryRequest: '1Gi', memoryLimit: '2Gi', shmSize: '256Mi', maxReplicas: 10, activeDeadlineSeconds: 21600 };
  const values = { ...v, ...sizing };
  const files: PlannedFile[] = [];
  const add = (name: string, template: string, extra: Record<string, string | number | boolean> = {}) => {
    files.push({ path: `k8s/${name}`, content: renderTemplate(template, { ...values, ...extra }) });
  };
  if (v.notebook) {
    add('deployment.yaml', notebookDeploymentTemplate);
    add('service.yaml', notebookServiceTemplate);
    add('pvc-notebooks.yaml', pvcTemplate, { claim: `${v.name}-notebooks`, accessMode: 'ReadWriteOnce', size: '20Gi' });
  } else if (operator === 'kserve') {
    add('inferenceservice.yaml', inferenceServiceTemplate);
    add('pvc-models.yaml', pvcTemplate, { claim: `${v.name}-models`, accessMode: 'ReadOnlyMany', size: '10Gi' });
  } else if (v.inference) {
    add('deployment.yaml', deploymentTemplate);
    add('service.yaml', serviceTemplate);
    add('ingress.yaml', ingressTemplate);
    add('hpa.yaml', hpaTemplate);
    add('pdb.yaml', pdbTemplate);
    add('pvc-models.yaml', pvcTemplate, { claim: `${v.name}-models`, accessMode: 'ReadOnlyMany', size: '10Gi' });
  } else {
    add('pvc-data.yaml', pvcTemplate, { claim: `${v.name}-data`, accessMode: 'ReadWriteOnce', size: '50Gi' });
    add('pvc-models.yaml', pvcTemplate, { claim: `${v.name}-models`, accessMode: 'ReadWriteOnce', size: '10Gi' });
    if (v.scheduled) {
      add('cronjob.yaml', cronJobTemplate, { jobName: `${v.name}-retrain`, trainContainer: 'train' });
    } else if (operator === 'pytorchjob') {
      add('pytorchjob.yaml', pytorchJobTemplate, { jobName: `${v.name}-train`, trainContainer: 'pytorch' });
    } else {
      add('job.yaml', jobTemplate, { jobName: `${v.name}-train`, trainContainer: 'train' });
    }
  }
  const resources = files.map((f) => `  - ${f.path.slice('k8s/'.length)}`).join('\n');
  add('kustomization.yaml', kustomizationTemplate, { resources });
  return files;
}
