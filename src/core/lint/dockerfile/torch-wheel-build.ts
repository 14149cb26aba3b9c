import type { ConfiguredIndexes, ExpandWord } from './cuda';
import type { PythonInstall } from './installs';
import { hasOption } from './installs';
import type { ShellWord } from './shell';

/** Which GPU build of torch (or of torchvision/torchaudio) an install gets; `unknown` when its indexes do not settle it. */
export type TorchWheelBuild = 'cuda' | 'rocm' | 'unknown';

export interface TorchWheelSource {
  build: TorchWheelBuild;
  /** The command line's main index (`--index-url …/whl/cu121`), a literal PyTorch CUDA index: the word a fix rewrites. */
  cudaMainIndex?: ShellWord;
  /** No index on the command line or in the environment: torch comes from PyPI. */
  defaultIndexOnly: boolean;
  /** A direct reference (`torch @ https://…/torch-2.5.1%2Brocm6.2-….whl`): the file pip installs, its name decoded. */
  wheelFile?: string;
}

const pytorchCudaIndexRe = /download\.pytorch\.org\/whl\/(?:nightly\/|test\/)?cu\d{2,3}\/?$/;
const pytorchRocmIndexRe = /download\.pytorch\.org\/whl\/(?:nightly\/|test\/)?rocm\d[\d.]*\/?$/;
const mainIndexOptions = ['-i', '--index-url', '--default-index'];
/** The options indexWords reads: main and extra indexes, find-links pages. */
const indexOptions = new Set([...mainIndexOptions, '--extra-index-url', '-f', '--find-links', '--index', '--extra-index']);

/** `name @ URL` (PEP 508): pip installs that file, whatever the indexes say. */
const directReferenceRe = /^[A-Za-z0-9][A-Za-z0-9._-]*(?:\[[^\]]*\])?\s*@\s*(\S+)/;
/** A PyTorch wheel folder (`/whl/rocm6.2/`, `/whl/nightly/cu128/`) in a wheel's URL. */
const pytorchWheelFolderRe = /\/whl\/(?:nightly\/|test\/)?(cu\d{2,3}|rocm\d[\d.]*|cpu|xpu)\//;

/** The build a local version names (`2.5.1+rocm6.2`, `2.4.0+cu121`); undefined when the text names none. */
function localBuild(text: string): TorchWheelBuild | undefined {
  const local = /\+(cu\d{2,3}|rocm\d|cpu|xpu)/.exec(text)?.[1];
  return local === undefined ? undefined : local.startsWith('cu') ? 'cuda' : local.startsWith('rocm') ? 'rocm' : 'unknown';
}

/** The URL of a direct reference requirement, or undefined for a requirement pip looks up in its indexes. */
export function directReferenceUrl(requirement: string): string | undefined {
  return requirement.includes('@') ? directReferenceRe.exec(requirement)?.[1] : undefined;
}

/** The build of the wheel a URL names: its local version (`%2B` is `+`), else PyTorch's wheel folder; unknown otherwise (a git URL, a mirror). */
function directWheelSource(url: string): TorchWheelSource {
  const decoded = url.replace(/%2B/gi, '+');
  const wheelFile = decoded.slice(decoded.lastIndexOf('/') + 1);
  const folder = pytorchWheelFolderRe.exec(decoded)?.[1];
  const build = localBuild(wheelFile) ?? (folder === undefined ? 'unknown' : (localBuild(`+${folder}`) ?? 'unknown'));
  return { build, defaultIndexOnly: false, wheelFile };
}

/** An index that is not one of PyTorch's own (PyPI, a mirror, a private or vendor index) cannot be told apart here: `other`. */
type IndexKind = 'cuda' | 'rocm' | 'other';

function indexKind(url: string | undefined): IndexKind {
  if (url === undefined) {
    return 'other';
  }
  return pytorchCudaIndexRe.test(url) ? 'cuda' : pytorchRocmIndexRe.test(url) ? 'rocm' : 'other';
}

/**
 * The build `word` (a torch, torchvision or torchaudio requirement) gets: `+cu121`/`+rocm6.2` decide; otherwise CUDA when
 * no index is given (PyPI, the default) or every one is a PyTorch CUDA index, ROCm when the main index is a PyTorch
 * ROCm index. Any other index (a PyPI mirror, AMD's own, a CPU index, a variable the linter cannot read, uv's `--torch-backend`)
 * leaves it unknown.
 */
export function torchWheelSource(install: PythonInstall, word: ShellWord, expand: ExpandWord, configured: ConfiguredIndexes): TorchWheelSource {
  const url = directReferenceUrl(word.value);
  if (url !== undefined) {
    return directWheelSource(url);
  }
  const local = localBuild(word.value);
  if (local !== undefined) {
    return { build: local, defaultIndexOnly: false };
  }
  if (install.tool === 'uv' && hasOption(install, '--torch-backend')) {
    return { build: 'unknown', defaultIndexOnly: false };
  }
  const kinds: IndexKind[] = [];
  let cudaMainIndex: ShellWord | undefined;
  let rocmMain = false;
  for (const o of install.options) {
    if (!o.value || !indexOptions.has(o.name)) {
      continue;
    }
    const literal = !o.value.value.includes('$');
    const kind = indexKind(literal ? o.value.value : expand(o.value.value));
    kinds.push(kind);
    if (mainIndexOptions.includes(o.name)) {
      cudaMainIndex = kind === 'cuda' && literal ? o.value : undefined;
      rocmMain = kind === 'rocm';
    }
  }
  if (kinds.includes('other')) {
    return { build: 'unknown', defaultIndexOnly: false };
  }
  const fromEnvironment = configured().map(indexKind);
  kinds.push(...fromEnvironment);
  if (kinds.includes('other')) {
    return { build: 'unknown', defaultIndexOnly: false };
  }
  if (kinds.includes('rocm')) {
    return { build: rocmMain && kinds.every((k) => k === 'rocm') ? 'rocm' : 'unknown', defaultIndexOnly: false };
  }
  return { build: 'cuda', cudaMainIndex, defaultIndexOnly: kinds.length === 0 };
}
