/**
 * Commands that only check or watch the accelerators (`nvidia-smi`, `amd-smi monitor`, CUDA's deviceQuery): GPU smoke
 * checks in Kubernetes, GPU monitors in Compose. They start no DataLoader workers, NCCL or RDMA pinning.
 */

import { afterLastSlash } from './after-last-slash';

const shells = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);

/** Programs that list or monitor accelerators: NVIDIA's, AMD's (ROCm), Intel's (Gaudi, XPU) and AWS Neuron's. */
const deviceListers = new Set(['nvidia-smi', 'amd-smi', 'rocm-smi', 'rocminfo', 'hl-smi', 'xpu-smi', 'neuron-ls', 'neuron-top']);

/**
 * Device tests a GPU smoke check runs besides a lister: CUDA's samples and demo suite (deviceQuery, vectorAdd,
 * bandwidthTest, busGrind), nvbandwidth, DCGM's diagnostics, ROCm's bandwidth test and hipInfo. None of them starts
 * DataLoader workers or NCCL (nccl-tests do: not here).
 */
const deviceTests = new Set(['deviceQuery', 'deviceQueryDrv', 'vectorAdd', 'bandwidthTest', 'busGrind', 'matrixMul', 'nbody', 'nvbandwidth', 'dcgmi', 'rocm-bandwidth-test', 'rocm_bandwidth_test', 'hipInfo', 'clinfo']);

/**
 * Shell utilities a GPU smoke check runs around its device checks (listing devices, then idling until stopped), and
 * the OS package managers that install a demo suite first.
 */
const smokeCheckUtilities = new Set(['ls', 'sleep', 'echo', 'printf', 'cat', 'trap', 'wait', 'true', 'exit', 'date', 'hostname', 'apt-get', 'apt', 'yum', 'dnf', 'microdnf', 'apk']);

/** Any device lister's or test's name, anywhere in a word (the names are plain words: no character to escape). */
const deviceProgramRe = new RegExp([...deviceListers, ...deviceTests].join('|'));

/** Some part holds a device program's name: else the command checks no device (the cheap test most commands stop at). */
function namesDeviceProgram(parts: readonly string[]): boolean {
  for (const part of parts) {
    if (deviceProgramRe.test(part)) {
      return true;
    }
  }
  return false;
}

/** Reserved words a command follows (`while true; do nvidia-smi; …`), and those that run nothing themselves (`done`). */
const compoundOpeners = new Set(['while', 'until', 'if', 'elif', 'then', 'else', 'do', '!', '{']);
const compoundWords = new Set(['done', 'fi', '}', 'for', ':']);

/** The program a simple command runs: its first word after `VAR=value` assignments (and, with `compound`, reserved words), without its folder. */
function programOf(command: string, compound: boolean): string {
  const words = command.trim().split(/\s+/);
  const word = words.find((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w) && !(compound && compoundOpeners.has(w))) ?? '';
  return afterLastSlash(word);
}

/**
 * The command (its words as written; a `sh -c` script as one) only checks the accelerators: `nvidia-smi` (with options),
 * `amd-smi monitor`, CUDA's deviceQuery and the like, directly or in a shell script that otherwise only runs shell
 * utilities and package installs (`nvidia-smi; ls -la /dev/nvidia-caps; sleep 9000 & wait`). With `compound`, the
 * script may also loop or branch (`while true; do nvidia-smi …; sleep 10; done`).
 */
export function onlyChecksDevices(parts: readonly string[], compound = false): boolean {
  if (!namesDeviceProgram(parts)) {
    return false;
  }
  // `sh -c SCRIPT`, and the same with more options in one word: `bash -lc`, `-ec`, `-xec`.
  if (!shells.has(programOf(parts[0] ?? '', false)) || !/^-[a-z]*c[a-z]*$/.test(parts[1] ?? '')) {
    const words = parts.flatMap((p) => p.match(/\S+/g) ?? []);
    const program = programOf(words[0] ?? '', false);
    return program === 'nvidia-smi' ? words.slice(1).every((w) => w.startsWith('-')) : deviceListers.has(program) || deviceTests.has(program);
  }
  // The words after the script are its $0, $1...: only the script runs.
  const script = parts[2] ?? '';
  // A command substitution runs more than its line's first program.
  if (script.includes('$(') || script.includes('`')) {
    return false;
  }
  const programs = script.replace(/\\\r?\n/g, ' ').split(/;|&&|\|\||[|&\n]/).map((c) => programOf(c, compound)).filter((p) => p !== '');
  const device = (p: string): boolean => deviceListers.has(p) || deviceTests.has(p);
  return programs.some(device) && programs.every((p) => device(p) || smokeCheckUtilities.has(p) || (compound && compoundWords.has(p)));
}

/** Programs of a container that only waits: it holds what it was given (a GPU slice, a node) and runs nothing on it. */
// `export`, `set` and `printenv` alone change or print the environment: dra-example-driver's demo pods run
// `export; trap 'exit 0' TERM; sleep 9999 & wait` to show what the driver injected. (`env` may run a program.)
const waitingPrograms = new Set(['sleep', 'echo', 'printf', 'true', 'trap', 'wait', 'exit', 'export', 'set', 'printenv']);

/** The command (its words as written; a `sh -c` script as one) only sleeps: `sleep 86400`, `sh -c "echo held; sleep infinity"`. */
export function onlySleeps(parts: readonly string[]): boolean {
  // No part names sleep (most commands): no program can be sleep.
  if (!parts.some((p) => p.includes('sleep'))) {
    return false;
  }
  const shellScript = shells.has(programOf(parts[0] ?? '', false)) && /^-[a-z]*c[a-z]*$/.test(parts[1] ?? '');
  const programs = shellScript
    ? (parts[2] ?? '').includes('$(') || (parts[2] ?? '').includes('`')
      ? ['$(']
      : (parts[2] ?? '').split(/;|&&|\|\||[|&\n]/).map((c) => programOf(c, false)).filter((p) => p !== '')
    : [programOf(parts.flatMap((p) => p.match(/\S+/g) ?? [])[0] ?? '', false)];
  return programs.includes('sleep') && programs.every((p) => waitingPrograms.has(p));
}
