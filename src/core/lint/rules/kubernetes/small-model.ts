import type { Node } from 'yaml';
import { commandWords } from '../../kubernetes/gpu';
import type { YamlView } from '../../yaml/access';
import { containerVariables, expandReferences } from './env-references';
import { afterLastSlash } from '../../after-last-slash';

/** Flags naming the model a server loads (`--model`, `--model-id`, `--model-uri=…`, `--model_name_or_path`). */
const modelFlag = /^--?model(?:[-_](?:id|uri|name|path|name[-_]or[-_]path))?$/;

/** Environment variables naming the model (`MODEL_ID`, `HF_MODEL_ID`, `MODEL_NAME`, `MODEL_URI`). */
const modelVariable = /^(?:HF_)?MODEL(?:_ID|_NAME|_URI|_PATH|_NAME_OR_PATH)?$/;

/** The parameter count a model id states in its last segment (`pythia-70m`, `Qwen2.5-0.5B-Instruct`), in billions. */
function statedBillions(reference: string): number | undefined {
  const name = afterLastSlash(reference);
  const m = /(?:^|[-_.])(\d+(?:\.\d+)?)([mMbB])(?=$|[-_.])/.exec(name);
  return m ? Number(m[1]) / (m[2]?.toLowerCase() === 'm' ? 1000 : 1) : undefined;
}

/**
 * The container names its model, every reference it gives states a size, and none is above 1B parameters: such a
 * checkpoint loads in seconds, so no model-load budget applies to it.
 */
export function namesOnlySmallModels(view: YamlView, container: Node): boolean {
  const env = containerVariables(view, container);
  const references: string[] = [];
  for (const [name, value] of env) {
    if (modelVariable.test(name)) {
      references.push(value);
    }
  }
  const words = commandWords(view, container);
  words.forEach((word, k) => {
    const eq = word.indexOf('=');
    const flag = eq >= 0 ? word.slice(0, eq) : word;
    if (modelFlag.test(flag)) {
      references.push(expandReferences(eq >= 0 ? word.slice(eq + 1) : (words[k + 1] ?? ''), env));
    }
  });
  return references.length > 0 && references.every((r) => {
    const billions = statedBillions(r.replace(/^["']|["']$/g, ''));
    return billions !== undefined && billions <= 1;
  });
}
