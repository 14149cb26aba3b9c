import { isServingCommand } from '../../kubernetes/gpu';

/** Benchmark and load-test clients: their `--model` names what the server they call serves, and they download no weights. */
const loadGeneratorPrograms = new Set(['guidellm', 'inference-perf', 'genai-perf', 'locust', 'benchmark_serving.py']);

/** Flags that point a client at the server it sends requests to. */
const targetFlags = new Set(['--target', '--base-url', '--url', '--host']);

const httpUrlRe = /^["']?https?:\/\//;

function programName(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

/** `--target http://vllm:8000`, `--base-url=https://…`: the command calls an HTTP server. */
function pointsAtHttpServer(words: readonly string[]): boolean {
  return words.some((w, k) => {
    const eq = w.indexOf('=');
    return eq > 0 ? targetFlags.has(w.slice(0, eq)) && httpUrlRe.test(w.slice(eq + 1)) : targetFlags.has(w) && httpUrlRe.test(words[k + 1] ?? '');
  });
}

/** SGLang's and LMDeploy's servers besides those isServingCommand knows (`python -m sglang.launch_server`, `lmdeploy serve`). */
function startsOtherServer(words: readonly string[]): boolean {
  return words.some((w, k) => (w === '-m' && (words[k + 1] ?? '').startsWith('sglang.launch_server')) || (programName(w) === 'lmdeploy' && words[k + 1] === 'serve'));
}

/**
 * The command runs a load generator against a model server (guidellm, inference-perf, genai-perf, locust,
 * `vllm bench serve`, benchmark_serving.py, or a client whose --target/--base-url/--url/--host is an http(s) URL)
 * and starts no server of its own.
 */
export function runsLoadGenerator(words: readonly string[]): boolean {
  const client = words.some((w, k) => loadGeneratorPrograms.has(programName(w)) || (programName(w) === 'vllm' && words[k + 1] === 'bench')) || pointsAtHttpServer(words);
  return client && !isServingCommand(words) && !startsOtherServer(words);
}
