import type { ComposeRule } from '../../compose/rule';
import { mergedGet } from '../../compose/model';
import type { ServerLayout } from '../../compose/gpu-programs';
import { aliasNames, monitorsGpus, runsJupyterHub, runsTensorBoard, serverLayout, singleProcessNames, spawnsJupyterHubNotebooks, startsOneMpiRank, startsWebServer, usesOneGpu, visibleDevicesOverridden } from '../../compose/gpu-programs';
import { isDistributedLauncher } from '../../kubernetes/gpu';
import type { RuleFinding } from '../../types';
import { namesImage } from '../../single-process-servers';
import { commandWords, finding, gpuCollectives, gpuCount, insertKey, isGpuExporter, isGpuService, isMediaServer, judgedForGpu, overrideNote, serviceNames, serviceRepository, services } from './helpers';

/** Why the service counts as multi-GPU, as a phrase; undefined when it does not. `all` may be a single GPU. */
function multiGpu(count: number | 'all' | undefined, launcher: boolean, served: ServerLayout | undefined): string | undefined {
  if (count === 'all' && served !== undefined && served.layout.gpus > 1) {
    const flags = served.layout.sizes.filter((s) => s.size > 1).map((s) => `${s.flag} ${s.size}`);
    return `runs ${served.server} on ${served.layout.gpus} GPUs (${flags.join(', ')})`;
  }
  if (typeof count === 'number' && count > 1) {
    return `uses ${count} GPUs`;
  }
  if (launcher) {
    return 'runs a distributed launcher';
  }
  return count === 'all' ? 'may use several GPUs (all GPUs requested)' : undefined;
}

/** A model server whose flags say how many GPUs it uses, while every GPU is reserved (`served`): the advice to reserve just those. */
function reserveWhatItUses(served: ServerLayout | undefined): string {
  const gpus = served?.layout.gpus ?? 1;
  return gpus > 1 ? `; it reserves all GPUs but uses ${gpus}, so reserve count: ${gpus} and leave the rest to other services` : '';
}

/** Single-process apps that reserve every GPU for hardware video transcoding and in-process inference (PhotoPrism's compose.nvidia.yaml). */
const transcodingApps = ['photoprism'];

/**
 * Apps that copy `count: all` from Docker's docs into one web process: h2oGPT's `generate.py` (a Gradio app that splits
 * its model over the GPUs in process) and Label Studio's ML backends (`humansignal/…` images: one gunicorn app).
 */
function webAppOnAllGpus(repository: string): boolean {
  return namesImage(repository, 'h2ogpt') || /^(?:humansignal|heartexlabs)\//.test(repository);
}

export const rule: ComposeRule = {
  meta: {
    id: 'MLC408',
    name: 'multi-gpu-without-memlock-ulimit',
    family: 'ml',
    severity: 'info',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'A service that uses more than one GPU sets no ulimits.memlock: -1 (NGC\'s recommended run flags).',
  },
  check(ctx) {
    const view = ctx.view;
    const project = view.text(ctx.compose?.root, 'name');
    const out: RuleFinding[] = [];
    for (const s of services(ctx)) {
      // A fragment's ulimits may come from the part it is merged with.
      if (!judgedForGpu(view, s) || !isGpuService(view, s)) {
        continue;
      }
      const words = commandWords(view, s);
      const launcher = isDistributedLauncher(words);
      const repository = serviceRepository(view, s);
      // A media server's GPUs transcode video (NVENC/NVDEC), an exporter's or monitor's only report their counters, JupyterHub's
      // hub spawns the notebooks that use them elsewhere, TensorBoard only reads log files, a single-process server (Ollama, llama.cpp) splits its model over them
      // inside one process: no NCCL, no RDMA memory pinning. Of all GPUs, some services provably use one (CUDA_VISIBLE_DEVICES=0,
      // vLLM without parallelism, one MPI rank), and a web app server (uvicorn, gunicorn, streamlit, h2oGPT's Gradio app, Label Studio's
      // ML backends) splits a model over them inside its process.
      const names = [...serviceNames(view, s), ...aliasNames(view, s, project)];
      const singleProcess = singleProcessNames.some((name) => names.some((n) => namesImage(n, name)));
      const count = gpuCount(view, s);
      const served = count === 'all' ? serverLayout(view, s) : undefined;
      const why = !launcher && (isMediaServer(repository) || transcodingApps.some((name) => namesImage(repository, name)) || isGpuExporter(repository) || singleProcess || runsTensorBoard(words) || runsJupyterHub(repository, words) || monitorsGpus(view, s) || spawnsJupyterHubNotebooks(view, s, names) || (count === 'all' && (usesOneGpu(view, s) || startsWebServer(words) || startsOneMpiRank(words) || webAppOnAllGpus(repository)))) ? undefined : multiGpu(count, launcher, served);
      if (!why) {
        continue;
      }
      const ulimits = mergedGet(view, s, 'ulimits');
      const memlock = view.get(ulimits, 'memlock');
      const unlimited = view.str(memlock) === '-1' || (view.text(memlock, 'soft') === '-1' && view.text(memlock, 'hard') === '-1');
      if (unlimited) {
        continue;
      }
      const inOverride = overrideNote(view, s, 'ulimits');
      // NGC's stack limit is NVIDIA's advice; on AMD GPUs (RCCL) only the memlock that RDMA pinning needs is asked for.
      const rccl = gpuCollectives(view, s) === 'RCCL';
      const overridden = visibleDevicesOverridden(view, s);
      const limits = rccl ? 'ulimits:\n  memlock: -1' : 'ulimits:\n  memlock: -1\n  stack: 67108864';
      const edit = ulimits === undefined && !inOverride ? insertKey(view, s.node, limits) : undefined;
      const advice = rccl ? 'which RCCL/RDMA memory pinning needs; add ulimits memlock: -1' : 'which NCCL/RDMA memory pinning needs; add ulimits memlock: -1 (and stack: 67108864, as NGC recommends)';
      out.push(finding(s.anchor, `GPU service "${s.name}" ${why} but does not set ulimits.memlock: -1, ${advice}${reserveWhatItUses(served)}${overridden ? `; ${overridden}` : ''}${inOverride ? `; ${inOverride}` : ''}.`, edit ? { title: rccl ? 'Add the memlock ulimit' : 'Add memlock and stack ulimits', edits: [edit] } : undefined));
    }
    return out;
  },
};
