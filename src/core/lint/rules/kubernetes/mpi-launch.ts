import { afterLastSlash } from '../../after-last-slash';
/**
 * How an MPIJob launcher's command places ranks on the workers, read from its words: one rank per hostfile slot
 * (`mpirun` without a count, the DeepSpeed launcher reading the hostfile), a total count (`mpirun -np 16`), or
 * unread (a script, several launches, a placement flag, a per-rank launcher that starts its own processes).
 */
export type RankPlacement = { by: 'slots' } | { by: 'count'; ranks: number };

/** The programs that start the ranks on the hosts of the MPI operator's hostfile. */
const rankLaunchers = new Set(['mpirun', 'mpiexec', 'orterun', 'horovodrun', 'deepspeed']);

/** Programs a rank may run that start one process per GPU themselves: a rank then drives all the worker's GPUs. */
const perGpuSpawners = new Set(['torchrun', 'accelerate', 'deepspeed']);

/** mpirun and horovodrun flags giving the total number of ranks. */
const countFlags = new Set(['-np', '-n', '--np', '-c', '--n', '--num-proc']);

/** Flags that place ranks otherwise than one per slot (ranks per node, hosts, rank files, oversubscription). */
const placementFlag = /^-{1,2}(?:npernode|pernode|N|ppn|perhost|npersocket|oversubscribe|H|host|hosts|rankfile|rf|num_gpus|num-gpus|include|exclude|ppr)(?:=|$)/;

/** `--map-by ppr:8:node` (ranks per node) places otherwise; `--map-by slot` does not. */
const mapByFlag = /^-{1,2}map-?by(?:=|$)/;

/** Flags naming a hostfile: only the MPI operator's own leaves the slots as slotsPerWorker writes them. */
const hostfileFlag = /^-{1,2}(?:hostfile|machinefile|default-hostfile)(?:=|$)/;
const operatorHostfile = '/etc/mpi/hostfile';

/** Launcher flags that take no value, and those that take two (`-mca btl ^openib`); any other flag takes one. */
const flagsWithoutValue = new Set([
  '--allow-run-as-root', '-allow-run-as-root', '--tag-output', '-tag-output', '--timestamp-output', '-timestamp-output', '--report-bindings',
  '-report-bindings', '--display-map', '-display-map', '--display-allocation', '-display-allocation', '-v', '--verbose', '-q', '--quiet',
  '--nooversubscribe', '-nooversubscribe', '--use-hwthread-cpus', '-use-hwthread-cpus', '--merge-stderr-to-stdout', '--noprefix', '--gloo',
  '--mpi', '--tcp', '--no_ssh_check', '--no_local_rank', '--no_python', '--autotuning', '--force_multi', '--enable_each_rank_log',
]);
const flagsWithTwoValues = new Set(['-mca', '--mca', '-gmca', '--gmca']);

/** The index of the first word after the launcher's own options (the program it starts), from the launcher at `start`. */
function optionsEnd(words: readonly string[], start: number): number {
  let k = start + 1;
  while (k < words.length) {
    const word = words[k] as string;
    if (!word.startsWith('-')) {
      return k;
    }
    k += flagsWithoutValue.has(word) || word.includes('=') ? 1 : flagsWithTwoValues.has(word) ? 3 : 2;
  }
  return words.length;
}

/** GPU-count flags of per-rank programs (nccl-tests' `-g 8`, `--ngpus`): more than one GPU per rank on purpose. */
const gpusPerRankFlag = /^(?:-g|--ngpus|--gpus-per-rank|--num-gpus-per-rank)(?:=|$)/;

function programName(word: string): string {
  return afterLastSlash(word);
}

function unquoted(word: string): string {
  return word.replace(/^["']|["']$/g, '');
}

/** The value of the flag at `k`: after `=`, else the next word. */
function flagValue(words: readonly string[], k: number): string {
  const word = words[k] as string;
  const eq = word.indexOf('=');
  return unquoted(eq >= 0 ? word.slice(eq + 1) : (words[k + 1] ?? ''));
}

/** A rank program asks for several GPUs per rank, or starts its own processes per GPU. */
function ranksUseSeveralGpus(words: readonly string[], from: number): boolean {
  for (let k = from; k < words.length; k++) {
    const word = words[k] as string;
    const name = programName(word);
    if (perGpuSpawners.has(name) || (word === '-m' && (words[k + 1] ?? '').startsWith('torch.distributed'))) {
      return true;
    }
    if (gpusPerRankFlag.test(word) && Number(flagValue(words, k)) !== 1) {
      return true;
    }
  }
  return false;
}

/** How the launcher command `words` places ranks; undefined when it does not say, or says it in a way not read here. */
export function rankPlacement(words: readonly string[]): RankPlacement | undefined {
  const at = words.flatMap((w, k) => (rankLaunchers.has(programName(w)) ? [k] : []));
  if (at.length !== 1) {
    return undefined;
  }
  const start = at[0] as number;
  if (ranksUseSeveralGpus(words, start + 1)) {
    return undefined;
  }
  let ranks: number | undefined;
  const end = optionsEnd(words, start);
  for (let k = start + 1; k < end; k++) {
    const word = words[k] as string;
    const mapsPerNode = mapByFlag.test(word) && /^ppr|:/i.test(flagValue(words, k));
    if (placementFlag.test(word) || mapsPerNode || (hostfileFlag.test(word) && flagValue(words, k) !== operatorHostfile)) {
      return undefined;
    }
    if (countFlags.has(word.split('=')[0] as string)) {
      const value = flagValue(words, k);
      if (!/^[1-9]\d*$/.test(value) || ranks !== undefined) {
        return undefined;
      }
      ranks = Number(value);
    }
  }
  return ranks === undefined ? { by: 'slots' } : { by: 'count', ranks };
}
