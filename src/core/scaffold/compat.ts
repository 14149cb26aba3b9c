import type { Accelerator, Framework } from './types';

/**
 * One tested combination: framework release ↔ CUDA ↔ cuDNN ↔ base image ↔ minimum driver.
 * Sources: PyTorch "previous versions" install matrix (wheel indexes cu118/cu121/cu124 and their
 * bundled cuDNN), TensorFlow's tested build configurations, NVIDIA CUDA toolkit release notes
 * (minimum Linux driver for full compatibility, i.e. without relying on minor-version compatibility).
 */
export interface StackRow {
  id: string;
  framework: Framework;
  frameworkVersion: string;
  accelerator: Accelerator;
  /** Final-stage base; for GPU always a CUDA *runtime* image (never devel). */
  baseImage: string;
  pythonVersion: string;
  /** How the base provides Python: the official image has it, CUDA images need apt. */
  pythonFromApt: boolean;
  cuda?: string;
  cudnn?: string;
  minDriver?: string;
  /** Extra wheel index holding the matching build (PyTorch CUDA/CPU variants). */
  extraIndexUrl?: string;
  /** Pinned requirements for a generated requirements.txt (framework part only). */
  requirements: string[];
}

const cpuBase = 'python:3.11.9-slim-bookworm';
const cuda = (v: string) => `nvidia/cuda:${v}-runtime-ubuntu22.04`;
const torchIndex = (variant: string) => `https://download.pytorch.org/whl/${variant}`;

function torchGpu(version: string, cudaVersion: string, variant: string, cudnn: string, minDriver: string): StackRow {
  return {
    id: `pytorch-${version}-${variant}`,
    framework: 'pytorch',
    frameworkVersion: version,
    accelerator: 'gpu',
    baseImage: cuda(cudaVersion),
    pythonVersion: '3.10',
    pythonFromApt: true,
    cuda: cudaVersion,
    cudnn,
    minDriver,
    extraIndexUrl: torchIndex(variant),
    requirements: [`torch==${version}`],
  };
}

function tfGpu(version: string, cudaVersion: string, cudnn: string, minDriver: string, wheelVersion = version): StackRow {
  return {
    id: `tensorflow-${version}-cuda${cudaVersion.split('.').slice(0, 2).join('.')}`,
    framework: 'tensorflow',
    frameworkVersion: version,
    accelerator: 'gpu',
    baseImage: cuda(cudaVersion),
    pythonVersion: '3.10',
    pythonFromApt: true,
    cuda: cudaVersion,
    cudnn,
    minDriver,
    requirements: [`tensorflow[and-cuda]==${wheelVersion}`],
  };
}

function cpu(framework: Framework, version: string, requirements: string[], extraIndexUrl?: string): StackRow {
  return {
    id: `${framework}-${version}-cpu`,
    framework,
    frameworkVersion: version,
    accelerator: 'cpu',
    baseImage: cpuBase,
    pythonVersion: '3.11',
    pythonFromApt: false,
    ...(extraIndexUrl ? { extraIndexUrl } : {}),
    requirements,
  };
}

/** Newest first within each framework and accelerator. */
export const stackTable: readonly StackRow[] = [
  torchGpu('2.5.1', '12.4.1', 'cu124', '9.1.0', '550.54.15'),
  torchGpu('2.5.1', '12.1.1', 'cu121', '9.1.0', '530.30.02'),
  torchGpu('2.5.1', '11.8.0', 'cu118', '9.1.0', '520.61.05'),
  torchGpu('2.4.1', '12.4.1', 'cu124', '9.1.0', '550.54.15'),
  torchGpu('2.4.1', '12.1.1', 'cu121', '9.1.0', '530.30.02'),
  torchGpu('2.4.1', '11.8.0', 'cu118', '9.1.0', '520.61.05'),
  torchGpu('2.3.1', '12.1.1', 'cu121', '8.9.2', '530.30.02'),
  torchGpu('2.3.1', '11.8.0', 'cu118', '8.7.0', '520.61.05'),
  tfGpu('2.17.0', '12.3.2', '8.9', '545.23.08'),
  tfGpu('2.16.1', '12.3.2', '8.9', '545.23.08'),
  // 2.15.0's [and-cuda] extra pins tensorrt 8.6.1.post1, an sdist that installs from NVIDIA's own index;
  // 2.15.0.post1 is the same release without it, so the pin resolves from the default index.
  tfGpu('2.15.0', '12.2.2', '8.9', '535.104.05', '2.15.0.post1'),
  {
    id: 'jax-0.4.31-cuda12',
    framework: 'jax',
    frameworkVersion: '0.4.31',
    accelerator: 'gpu',
    baseImage: cuda('12.4.1'),
    pythonVersion: '3.10',
    pythonFromApt: true,
    cuda: '12.4.1',
    cudnn: '9.1',
    minDriver: '550.54.15',
    requirements: ['jax[cuda12]==0.4.31'],
  },
  {
    id: 'xgboost-2.1.1-cuda12',
    framework: 'xgboost',
    frameworkVersion: '2.1.1',
    accelerator: 'gpu',
    baseImage: cuda('12.4.1'),
    pythonVersion: '3.10',
    pythonFromApt: true,
    cuda: '12.4.1',
    minDriver: '550.54.15',
    requirements: ['xgboost==2.1.1', 'scikit-learn==1.5.1'],
  },
  { ...torchGpu('2.4.1', '12.4.1', 'cu124', '9.1.0', '550.54.15'), id: 'transformers-4.44.2-cu124', framework: 'transformers', frameworkVersion: '4.44.2', requirements: ['torch==2.4.1', 'transformers==4.44.2', 'safetensors==0.4.4'] },
  { ...torchGpu('2.4.0', '12.1.1', 'cu121', '9.1.0', '530.30.02'), id: 'vllm-0.6.3-cu121', framework: 'vllm', frameworkVersion: '0.6.3', requirements: ['vllm==0.6.3'] },
  cpu('pytorch', '2.5.1', ['torch==2.5.1'], torchIndex('cpu')),
  cpu('tensorflow', '2.17.0', ['tensorflow-cpu==2.17.0']),
  cpu('jax', '0.4.31', ['jax==0.4.31']),
  cpu('sklearn', '1.5.1', ['scikit-learn==1.5.1', 'joblib==1.4.2']),
  cpu('xgboost', '2.1.1', ['xgboost==2.1.1', 'scikit-learn==1.5.1']),
  cpu('lightgbm', '4.5.0', ['lightgbm==4.5.0', 'scikit-learn==1.5.1']),
  cpu('transformers', '4.44.2', ['torch==2.4.1', 'transformers==4.44.2', 'safetensors==0.4.4'], torchIndex('cpu')),
];

export function stacksFor(framework: Framework, accelerator: Accelerator): StackRow[] {
  return stackTable.filter((r) => r.framework === framework && r.accelerator === accelerator);
}

/** Accelerators a framework has rows for (vLLM is GPU-only; scikit-learn and LightGBM CPU-only). */
export function acceleratorsFor(framework: Framework): Accelerator[] {
  return (['cpu', 'gpu'] as const).filter((a) => stacksFor(framework, a).length > 0);
}

function versionParts(v: string): number[] {
  return v.split('.').map((p) => Number.parseInt(p, 10) || 0);
}

/**
 * The row for a choice: an explicit id wins; otherwise the newest row whose framework version
 * starts with the project's pinned major.minor, otherwise the newest row.
 */
export function selectStack(framework: Framework, accelerator: Accelerator, options: { stackId?: string; pinnedVersion?: string } = {}): StackRow | undefined {
  if (options.stackId) {
    const row = stackTable.find((r) => r.id === options.stackId);
    return row && row.framework === framework && row.accelerator === accelerator ? row : undefined;
  }
  const rows = stacksFor(framework, accelerator);
  if (options.pinnedVersion) {
    const [maj, min] = versionParts(options.pinnedVersion);
    const match = rows.find((r) => {
      const [rMaj, rMin] = versionParts(r.frameworkVersion);
      return rMaj === maj && rMin === min;
    });
    if (match) {
      return match;
    }
  }
  return rows[0];
}

/** One line describing a row, for pickers and CLI output. */
export function describeStack(row: StackRow): string {
  return row.accelerator === 'gpu'
    ? `${row.framework} ${row.frameworkVersion} · CUDA ${row.cuda ?? '?'}${row.cudnn ? ` · cuDNN ${row.cudnn}` : ''} · driver ≥ ${row.minDriver ?? '?'} · ${row.baseImage}`
    : `${row.framework} ${row.frameworkVersion} · CPU · ${row.baseImage}`;
}
