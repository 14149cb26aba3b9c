/** Frameworks the scaffolder knows; `transformers` and `vllm` imply PyTorch underneath. */
export const frameworks = ['pytorch', 'tensorflow', 'jax', 'sklearn', 'xgboost', 'lightgbm', 'transformers', 'vllm'] as const;
export type Framework = (typeof frameworks)[number];

/**
 * `retraining` is training on a schedule (a CronJob in Kubernetes); everything else is as for `training`.
 * `notebook` is a JupyterLab development image on the same stack.
 */
export const workloads = ['inference', 'training', 'retraining', 'notebook'] as const;
export type Workload = (typeof workloads)[number];

export type Accelerator = 'cpu' | 'gpu';
export type Server = 'flask' | 'fastapi';

export const parts = ['dockerfile', 'dockerignore', 'app', 'compose', 'k8s', 'ci'] as const;
export type Part = (typeof parts)[number];

/** A file the scaffolder proposes; `path` is `/`-separated and relative to the project root. */
export interface PlannedFile {
  path: string;
  content: string;
}

/** An entry point found in the project. */
export interface EntryPoint {
  path: string;
  kind: 'serve' | 'train';
  server?: Server;
  /** The ASGI/WSGI object name (`app`) when found. */
  appObject?: string;
  /** True when the script starts its own server under `if __name__ == "__main__"`. */
  runsItself?: boolean;
  port?: number;
}

/** What detection learnt about a project: every field is a suggestion the user can change. */
export interface ProjectFacts {
  frameworks: Framework[];
  /** Pinned versions found in requirement files, by normalised package name. */
  pins: Record<string, string>;
  pythonVersion?: string;
  entryPoints: EntryPoint[];
  modelArtifacts: string[];
  dataDirs: string[];
  /** File name of the model artifact the code writes or reads (e.g. `model.pkl`). */
  artifactName?: string;
  requirementsFile?: string;
  /** Every declared requirement (`name` or `name==version`), for projects without requirements.txt. */
  declared: string[];
  existing: { dockerfiles: string[]; compose: string[]; kubernetes: string[]; workflows: string[] };
  /** A tests/ folder or test_*.py / *_test.py files: the CI workflow runs pytest. */
  hasTests: boolean;
}

/** Everything the generators need; produced by the quick pick, the CLI flags or tests. */
export interface ScaffoldAnswers {
  name: string;
  workload: Workload;
  accelerator: Accelerator;
  framework: Framework;
  /** Id of a compatibility-table row; defaults to the newest row for framework + accelerator. */
  stackId?: string;
  server: Server;
  port: number;
  parts: Part[];
  /** An existing entry point to run instead of the sample app. */
  entry?: EntryPoint;
  /** Requirements file of the project; when absent one is generated from the stack's pins. */
  requirementsFile?: string;
  /** Requirements declared elsewhere (pyproject, environment.yml) to carry into a generated requirements.txt. */
  extraRequirements?: string[];
  artifactName?: string;
  dataDirs?: string[];
  modelArtifacts?: string[];
  /** The project has pytest tests; the workflow gets a test job. */
  tests?: boolean;
  /** Python version for the workflow's test job; defaults to the stack's. */
  pythonVersion?: string;
  /** Kubernetes part: the ML operator's resource (KServe, Kubeflow PyTorchJob) where one is offered. */
  operator?: boolean;
}
