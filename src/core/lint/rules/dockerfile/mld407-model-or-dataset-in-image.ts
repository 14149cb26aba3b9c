import type { JsonArg, Word } from '../../dockerfile/model';
import type { DockerfileRule } from '../../rule';
import { numberOption } from '../../rule';
import type { Range, RuleFinding } from '../../types';
import { finding } from './helpers';

const weightExtRe = /\.(?:pt|pth|bin|safetensors|ckpt|onnx|gguf|h5|keras|pb|tflite|engine|plan|npz|npy|parquet|arrow|tfrecord)$/i;
const weightDirs = new Set(['models', 'checkpoints', 'weights', 'data', 'datasets', 'mlruns', 'wandb']);
const defaultMinBytes = 10 * 1024 * 1024;

/** Does a COPY/ADD source name weight or data files? */
export function looksLikeWeights(source: string): boolean {
  const path = source.replace(/^\.\//, '').replace(/\/+$/, '');
  if (path === '' || path === '.') {
    return false;
  }
  if (weightExtRe.test(path) || /\.cache\/huggingface(?:\/|$)/.test(path)) {
    return true;
  }
  return path.split('/').some((seg) => weightDirs.has(seg));
}

/** Sources of COPY/ADD: words after flags except the destination (exec form supported). */
export function copySources(words: Word[], json: JsonArg[] | undefined): { value: string; range: Range }[] {
  if (json) {
    return json.slice(0, -1).map((j) => ({ value: j.value, range: j.range }));
  }
  return words.slice(0, -1).map((w) => ({ value: w.value, range: w.range }));
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 * 1024 ? `${(n / 1024 / 1024 / 1024).toFixed(1)} GB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD407',
    name: 'model-or-dataset-in-image',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description: 'An explicit COPY/ADD source copies model weights or datasets into the image.',
  },
  check(ctx) {
    const { model, settings, buildContext } = ctx;
    const out: RuleFinding[] = [];
    if (settings.bakeWeights || !buildContext) {
      return out;
    }
    const minBytes = numberOption(ctx, 'MLD407', 'minBytes', defaultMinBytes);
    for (const stage of model.stages) {
      if (stage.name !== undefined && /model|weights/i.test(stage.name)) {
        continue;
      }
      for (const instr of stage.instructions) {
        if ((instr.keyword !== 'COPY' && instr.keyword !== 'ADD') || instr.flags.some((f) => f.name === 'from') || instr.heredocs.length > 0) {
          continue;
        }
        for (const src of copySources(instr.words, instr.json)) {
          if (!looksLikeWeights(src.value) || /^[a-z]+:\/\//i.test(src.value) || src.value.includes('$')) {
            continue;
          }
          const size = buildContext.sizeOf(src.value);
          if (size === undefined || size < minBytes) {
            continue;
          }
          out.push(
            finding(
              src.range,
              `${instr.keyword} ${src.value} puts ${formatBytes(size)} of model weights or data into the image; mount them at run time (volume, PVC or object store) instead, or name the stage "model"/"weights" if this is a deliberate model image.`,
            ),
          );
        }
      }
    }
    return out;
  },
};
