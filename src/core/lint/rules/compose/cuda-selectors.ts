import type { Node } from 'yaml';
import type { ComposeService } from '../../compose/model';
import { mergedGet, mergedKeys, mergedPair } from '../../compose/model';
import { composeReading } from '../../compose/image';
import { shellWords } from '../../compose/gpu-programs';
import { originNote } from '../../compose/interpolate';
import type { YamlView } from '../../yaml/access';
import { unknownValue } from './helpers';
import { commandWords } from './server-gpu-mismatches';

/** A setting that tells the service's program to compute on CUDA: `DEVICE=cuda`, `TORCH_DEVICE=cuda:1`, `--device cuda`. */
export interface CudaSelector {
  /** As a message names it: `DEVICE=cuda`, `--device cuda:1`, with where a variable's value came from. */
  text: string;
  /** The environment entry's value or list item, or the command node, that sets it. */
  node: Node;
  /** The word to point at in a command node (`--device`); undefined for an environment entry. */
  word?: string;
  /** The CUDA device index it names: 0 for `cuda`, 1 for `cuda:1`. */
  index: number;
  /** The variable that selects the device, for the CPU alternative (`DEVICE`); undefined for a command flag. */
  variable?: string;
}

/** Variables ML programs read their compute device from: `DEVICE`, `DEVICE_TYPE`, `TORCH_DEVICE`, `WHISPER__DEVICE`. */
const deviceVariableRe = /^(?:\w*_)?DEVICE(?:_TYPE)?$/i;
/** A CUDA device as PyTorch and the programs built on it name it: `cuda`, `cuda:0`. */
const cudaDeviceRe = /^cuda(?::(\d+))?$/i;

/** A value as Compose reads it, when it names a CUDA device: the index, and where a variable's value came from. */
function cudaValue(view: YamlView, written: string): { value: string; index: number; origin: string } | undefined {
  const read = composeReading(view, written);
  const value = read.value.trim();
  const m = unknownValue(written, read.value) ? null : cudaDeviceRe.exec(value);
  if (!m) {
    return undefined;
  }
  const origin = originNote(read);
  return { value, index: Number(m[1] ?? 0), origin: origin === '' ? '' : ` ${origin}` };
}

/** The service's `environment` entries (map, `<<` merges included, or `NAME=value` list) with a value, by name, the last one winning. */
function environmentNodes(view: YamlView, s: ComposeService): Map<string, { written: string; node: Node }> {
  const env = mergedGet(view, s, 'environment');
  const out = new Map<string, { written: string; node: Node }>();
  if (view.map(env)) {
    for (const name of mergedKeys(view, env)) {
      const value = view.resolve(mergedPair(view, env, name)?.value);
      const written = view.str(value);
      if (value && written !== undefined) {
        out.set(name, { written, node: value });
      }
    }
  }
  for (const item of view.items(env)) {
    const text = view.str(item) ?? '';
    const equals = text.indexOf('=');
    if (equals > 0) {
      out.set(text.slice(0, equals), { written: text.slice(equals + 1), node: item });
    }
  }
  return out;
}

function environmentSelectors(view: YamlView, s: ComposeService): CudaSelector[] {
  const out: CudaSelector[] = [];
  for (const [name, { written, node }] of environmentNodes(view, s)) {
    const cuda = deviceVariableRe.test(name) ? cudaValue(view, written) : undefined;
    if (cuda) {
      out.push({ text: `${name}=${cuda.value}${cuda.origin}`, node, index: cuda.index, variable: name });
    }
  }
  return out;
}

/**
 * The `--device` values of the service's command (`--device cuda`, `--device=cuda:0`, inside an `sh -c` script too);
 * none when any of them names something else (`--device cuda || … --device cpu`: a fallback written out).
 */
function commandSelectors(view: YamlView, s: ComposeService): CudaSelector[] {
  const words = commandWords(view, s).flatMap((w) => (/\s/.test(w.word) ? shellWords(w.word).map((word) => ({ word, node: w.node })) : [w]));
  const out: CudaSelector[] = [];
  for (const [k, { word, node }] of words.entries()) {
    const flag = word === '--device' || word.startsWith('--device=');
    const written = word === '--device' ? words[k + 1]?.word : word.slice('--device='.length);
    if (!flag || written === undefined) {
      continue;
    }
    const cuda = cudaValue(view, written.replace(/[;&|)]+$/, ''));
    if (!cuda) {
      return [];
    }
    out.push({ text: `--device ${cuda.value}${cuda.origin}`, node, word: '--device', index: cuda.index });
  }
  return out;
}

/** What in the service's environment and command selects CUDA, environment first. */
export function cudaSelectors(view: YamlView, s: ComposeService): CudaSelector[] {
  return [...environmentSelectors(view, s), ...commandSelectors(view, s)];
}

/** The nodes a service's environment and command are written in, to tell one selector that several services share. */
export function settingNodes(view: YamlView, s: ComposeService): Set<Node> {
  return new Set([...[...environmentNodes(view, s).values()].map((e) => e.node), ...commandWords(view, s).map((w) => w.node)]);
}
