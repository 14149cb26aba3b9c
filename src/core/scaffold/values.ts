import type { StackRow } from './compat';
import { frameworkSnippets } from './templates/loaders';
import type { ScaffoldAnswers } from './types';

/** Values shared by every template of one scaffold. */
export interface ScaffoldValues {
  [key: string]: string | number | boolean | undefined;
  name: string;
  workload: string;
  inference: boolean;
  training: boolean;
  scheduled: boolean;
  notebook: boolean;
  gpu: boolean;
  port: number;
  baseImage: string;
  pythonFromApt: boolean;
  python: string;
  extraIndexUrl: string | undefined;
  modelPath: string;
  artifactName: string;
  requirementsFile: string;
  cmd: string;
  imageName: string;
  imageTag: string;
}

/** A DNS-1123 label from any project name (k8s names, image names, compose project). */
export function safeName(raw: string): string {
  const cleaned = raw.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
  return cleaned || 'ml-app';
}

/** Where the notebook volume is mounted in the notebook image. */
export const notebookDir = '/notebooks';

function execForm(argv: readonly string[]): string {
  return JSON.stringify(argv).replace(/","/g, '", "');
}

/** The exec-form CMD: the detected entry point when there is one, else the sample app or script. */
export function commandFor(answers: ScaffoldAnswers): string[] {
  const entry = answers.entry;
  if (answers.workload === 'notebook') {
    // The token comes from JUPYTER_TOKEN (compose: the environment; Kubernetes: a Secret).
    return ['jupyter', 'lab', '--ip=0.0.0.0', `--port=${answers.port}`, '--no-browser', `--ServerApp.root_dir=${notebookDir}`];
  }
  if (answers.workload !== 'inference') {
    return ['python', entry?.kind === 'train' ? entry.path : 'train.py'];
  }
  if (entry?.kind === 'serve' && entry.server === 'fastapi') {
    const module = entry.path.replace(/\.py$/, '').replace(/\//g, '.');
    return ['uvicorn', `${module}:${entry.appObject ?? 'app'}`, '--host', '0.0.0.0', '--port', String(answers.port)];
  }
  if (entry?.kind === 'serve') {
    return ['python', entry.path];
  }
  return answers.server === 'fastapi'
    ? ['uvicorn', 'serve:app', '--host', '0.0.0.0', '--port', String(answers.port)]
    : ['python', 'serve.py'];
}

export function scaffoldValues(answers: ScaffoldAnswers, row: StackRow): ScaffoldValues {
  const name = safeName(answers.name);
  const artifactName = answers.artifactName ?? frameworkSnippets[answers.framework].artifactName;
  return {
    name,
    workload: answers.workload,
    inference: answers.workload === 'inference',
    training: answers.workload === 'training' || answers.workload === 'retraining',
    scheduled: answers.workload === 'retraining',
    notebook: answers.workload === 'notebook',
    notebookDir,
    gpu: answers.accelerator === 'gpu',
    acceleratorLabel: answers.accelerator === 'gpu' ? 'GPU' : 'CPU',
    stackNote: row.accelerator === 'gpu' ? `, CUDA ${row.cuda ?? ''}, driver >= ${row.minDriver ?? ''}` : '',
    description: `${answers.framework} ${answers.workload} image`,
    port: answers.port,
    baseImage: row.baseImage,
    pythonFromApt: row.pythonFromApt,
    python: row.pythonFromApt ? 'python3' : 'python',
    extraIndexUrl: row.extraIndexUrl,
    modelPath: `/models/${artifactName}`,
    artifactName,
    requirementsFile: answers.requirementsFile ?? 'requirements.txt',
    pythonVersion: answers.pythonVersion ?? row.pythonVersion,
    cmd: execForm(commandFor(answers)),
    imageName: name,
    imageTag: '0.1.0',
  };
}
