import { parseEnvironmentYml, parsePyproject, parseRequirementsTxt, type Requirement } from './requirements';
import type { EntryPoint, Framework, ProjectFacts } from './types';

/** What the infra scan hands over: every path (relative, `/`-separated) and the text of the interesting ones. */
export interface WorkspaceScan {
  paths: string[];
  texts: Record<string, string>;
}

/** Package (normalised) or import name -> framework. Order of `frameworks` in the result: most specific first. */
const packageFrameworks: Record<string, Framework> = {
  vllm: 'vllm',
  transformers: 'transformers',
  torch: 'pytorch',
  pytorch: 'pytorch',
  tensorflow: 'tensorflow',
  'tensorflow-cpu': 'tensorflow',
  'tensorflow-gpu': 'tensorflow',
  keras: 'tensorflow',
  jax: 'jax',
  jaxlib: 'jax',
  flax: 'jax',
  xgboost: 'xgboost',
  lightgbm: 'lightgbm',
  'scikit-learn': 'sklearn',
  sklearn: 'sklearn',
};
const specificity: Framework[] = ['vllm', 'transformers', 'pytorch', 'tensorflow', 'jax', 'xgboost', 'lightgbm', 'sklearn'];
const frameworkPackage: Record<Framework, string> = { vllm: 'vllm', transformers: 'transformers', pytorch: 'torch', tensorflow: 'tensorflow', jax: 'jax', xgboost: 'xgboost', lightgbm: 'lightgbm', sklearn: 'scikit-learn' };

/** Conda entries that are not pip packages. */
const nonPipPackages = new Set(['python', 'pip', 'cudatoolkit', 'cudnn', 'cuda', 'nccl', 'mkl', 'pytorch-cuda', 'pytorch']);

/** Core framework builds the stack pins itself (CPU/CUDA variants); other declared packages are carried over. */
const stackPinned = new Set(['torch', 'tensorflow', 'tensorflow-cpu', 'tensorflow-gpu', 'jax', 'jaxlib']);

export function isFrameworkPackage(name: string): boolean {
  return stackPinned.has(name);
}

export const artifactPattern = /\.(pkl|joblib|pt|pth|ckpt|safetensors|onnx|h5|keras|npz|gguf|bin)$/i;
const dataDirNames = new Set(['data', 'datasets', 'dataset', 'checkpoints', 'models', 'model', 'artifacts', 'outputs', 'weights']);

export function isRequirementsPath(p: string): boolean {
  return /(^|\/)requirements[\w.-]*\.txt$/.test(p) || /(^|\/)pyproject\.toml$/.test(p) || /(^|\/)environment\.ya?ml$/.test(p);
}

export function detectProject(scan: WorkspaceScan): ProjectFacts {
  const requirements: Requirement[] = [];
  let pythonVersion: string | undefined;
  let requirementsFile: string | undefined;
  for (const [path, text] of Object.entries(scan.texts).sort(([a], [b]) => depth(a) - depth(b) || a.localeCompare(b))) {
    if (/(^|\/)requirements\.txt$/.test(path) || /(^|\/)requirements[\w.-]*\.txt$/.test(path)) {
      requirements.push(...parseRequirementsTxt(text));
      if (!requirementsFile && depth(path) === 0 && path === 'requirements.txt') {
        requirementsFile = path;
      }
    } else if (/(^|\/)pyproject\.toml$/.test(path)) {
      const r = parsePyproject(text);
      requirements.push(...r.requirements);
      pythonVersion ??= r.python;
    } else if (/(^|\/)environment\.ya?ml$/.test(path)) {
      const r = parseEnvironmentYml(text);
      requirements.push(...r.requirements);
      pythonVersion ??= r.python;
    }
  }
  const versionFile = scan.texts['.python-version'];
  if (versionFile) {
    pythonVersion = /^(\d+\.\d+)/.exec(versionFile.trim())?.[1] ?? pythonVersion;
  }
  const found = new Set<Framework>();
  const pins: Record<string, string> = {};
  for (const r of requirements) {
    const fw = packageFrameworks[r.name];
    if (fw) {
      found.add(fw);
    }
    if (r.version && pins[r.name] === undefined) {
      pins[r.name] = r.version;
    }
  }
  const pyFiles = Object.entries(scan.texts).filter(([p]) => p.endsWith('.py'));
  for (const [, text] of pyFiles) {
    for (const m of text.matchAll(/^\s*(?:from|import)\s+([A-Za-z_][\w]*)/gm)) {
      const fw = m[1] ? packageFrameworks[normaliseImport(m[1])] : undefined;
      if (fw) {
        found.add(fw);
      }
    }
  }
  const entryPoints = pyFiles.map(([p, t]) => entryPointOf(p, t)).filter((e): e is EntryPoint => e !== undefined).sort((a, b) => kindRank(a) - kindRank(b) || depth(a.path) - depth(b.path) || a.path.localeCompare(b.path));
  const modelArtifacts = scan.paths.filter((p) => artifactPattern.test(p) && !p.startsWith('.')).sort();
  const dataDirs = [...new Set(scan.paths.map((p) => p.split('/')[0] ?? '').filter((top, _i, _a) => dataDirNames.has(top.toLowerCase())))].filter((d) => scan.paths.some((p) => p.startsWith(`${d}/`))).sort();
  const artifactName = artifactNameFrom(modelArtifacts, pyFiles);
  return {
    frameworks: specificity.filter((f) => found.has(f)),
    pins,
    ...(pythonVersion ? { pythonVersion } : {}),
    entryPoints,
    modelArtifacts,
    dataDirs,
    ...(artifactName ? { artifactName } : {}),
    ...(requirementsFile ? { requirementsFile } : {}),
    declared: [...new Map(requirements.filter((r) => !nonPipPackages.has(r.name)).map((r) => [r.name, r.version ? `${r.name}==${r.version}` : r.name])).values()],
    existing: existingFiles(scan.paths),
    hasTests: scan.paths.some(isTestPath),
  };
}

/** A pytest test file or a file under a top-level tests/ folder. */
export function isTestPath(p: string): boolean {
  const base = p.split('/').pop() ?? '';
  return /^tests?\//.test(p) || /^test_[\w-]*\.py$|^[\w-]+_test\.py$/.test(base);
}

/** The pinned version of a framework's main package, if any. */
export function pinnedVersion(facts: ProjectFacts, framework: Framework): string | undefined {
  return facts.pins[frameworkPackage[framework]];
}

const kindRank = (e: EntryPoint): number => (e.kind === 'serve' ? 0 : 1);

function depth(p: string): number {
  return p.split('/').length - 1;
}

function normaliseImport(name: string): string {
  return name === 'sklearn' ? 'scikit-learn' : name.toLowerCase();
}

export function entryPointOf(path: string, text: string): EntryPoint | undefined {
  const base = path.split('/').pop() ?? '';
  const flask = /^\s*from\s+flask\s+import\b|^\s*import\s+flask\b/m.test(text) && /\bFlask\s*\(/.test(text);
  const fastapi = /^\s*from\s+fastapi\s+import\b|^\s*import\s+fastapi\b/m.test(text) && /\bFastAPI\s*\(/.test(text);
  if (flask || fastapi) {
    const appObject = /^(\w+)\s*=\s*(?:flask\.|fastapi\.)?(?:Flask|FastAPI)\s*\(/m.exec(text)?.[1];
    const runsItself = /if\s+__name__\s*==\s*["']__main__["']\s*:[\s\S]*\.run\(|uvicorn\.run\(/.test(text);
    const port = portOf(text);
    return {
      path,
      kind: 'serve',
      server: fastapi ? 'fastapi' : 'flask',
      ...(appObject ? { appObject } : {}),
      runsItself,
      ...(port ? { port } : {}),
    };
  }
  if (/^train[\w-]*\.py$/.test(base) && /__name__\s*==\s*["']__main__["']/.test(text)) {
    return { path, kind: 'train' };
  }
  return undefined;
}

function portOf(text: string): number | undefined {
  const m = /["']PORT["']\s*,\s*["']?(\d{2,5})/.exec(text) ?? /\bport\s*=\s*(\d{2,5})/.exec(text);
  const port = m?.[1] ? Number(m[1]) : undefined;
  return port && port > 0 && port < 65536 ? port : undefined;
}

function artifactNameFrom(artifacts: readonly string[], pyFiles: readonly [string, string][]): string | undefined {
  if (artifacts[0]) {
    return artifacts[0].split('/').pop();
  }
  for (const [, text] of pyFiles) {
    const m = /["'](?:[\w./-]*\/)?([\w.-]+\.(?:pkl|joblib|pt|pth|onnx|keras|h5|safetensors|npz))["']/.exec(text);
    if (m?.[1]) {
      return m[1];
    }
  }
  return undefined;
}

function existingFiles(paths: readonly string[]): ProjectFacts['existing'] {
  const name = (p: string) => p.split('/').pop() ?? '';
  return {
    dockerfiles: paths.filter((p) => /^(Dockerfile|Containerfile)(\..+)?$|\.Dockerfile$/.test(name(p))),
    compose: paths.filter((p) => /^(docker-)?compose(\.[\w-]+)?\.ya?ml$/.test(name(p))),
    kubernetes: paths.filter((p) => /(^|\/)(k8s|kubernetes|manifests|deploy)\/.+\.ya?ml$/.test(p) || /(^|\/)kustomization\.ya?ml$/.test(p)),
    workflows: paths.filter((p) => p.startsWith('.github/workflows/')),
  };
}
