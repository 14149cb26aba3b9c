import { afterLastSlash } from '../../after-last-slash';
/** Scripts that start Triton under mpirun: the TensorRT-LLM backend's launcher (HTTP on `--http_port`, default 8000). */
const launcherScripts = new Set(['launch_triton_server.py']);

/**
 * Flags only Triton's launchers take: Triton's own `--model-repository` (passed through a wrapper), and
 * `--triton_model_repo_dir` of the multi-node server.py (Triton's EKS tutorial, LeaderWorkerSet's TensorRT-LLM example),
 * whose leader runs tritonserver with its default HTTP port. Not `--model-store`, which TorchServe takes too.
 */
const launcherFlags = ['--model-repository', '--triton_model_repo_dir'];

/** The command starts Triton without naming `tritonserver`: through a launcher script, or a wrapper given Triton's flags. */
export function launchesTriton(words: readonly string[]): boolean {
  return words.some((w) => launcherScripts.has(afterLastSlash(w)) || launcherFlags.some((flag) => w === flag || w.startsWith(`${flag}=`)));
}

/**
 * The command runs Triton's OpenAI-compatible frontend (`python3 openai_frontend/main.py`), which embeds Triton in-process
 * and serves the OpenAI API, not Triton's KServe v2 one unless asked (`--enable-kserve-frontends`).
 */
export function runsTritonOpenAiFrontend(words: readonly string[]): boolean {
  return words.some((w) => w === 'openai_frontend/main.py' || w.endsWith('/openai_frontend/main.py'));
}
