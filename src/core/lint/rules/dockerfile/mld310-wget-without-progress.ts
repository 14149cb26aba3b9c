import { osInstalls } from '../../dockerfile/installs';
import type { Instruction } from '../../dockerfile/model';
import { isBusyboxImage } from '../../dockerfile/busybox-base';
import { rootImage } from '../../dockerfile/scope-values';
import type { DockerfileModel, Stage } from '../../dockerfile/semantic';
import { chainInstructions } from '../../dockerfile/semantic';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';
import { posixRunCommandsNamed } from './posix-runs';

const quietLong = /^--(?:progress(?:=.*)?|quiet|no-verbose|output-file(?:=.*)?|append-output(?:=.*)?)$/;
/** Signing keys, certificates, checksums and package-repository definitions: a few KB, one progress line at most. */
const tinyFileRe = /\.(?:pub|asc|gpg|key|pem|crt|sig|sha256|sha512|md5|list|sources|repo)$/i;

/** Every URL the wget fetches names a tiny file (`wget https://…/mellanox_mlnx_ofed.list`, a repository's `.rsa.pub` key). */
function fetchesOnlyTinyFiles(urls: readonly string[]): boolean {
  return urls.length > 0 && urls.every((u) => tinyFileRe.test(u.slice(u.lastIndexOf('/') + 1).split(/[?#]/)[0] ?? ''));
}

/** Model weight files, by extension (the formats MLD407 and MLD408 know). */
const weightFileRe = /\.(?:safetensors|bin|pt|pth|ckpt|gguf|onnx|h5|keras|pb|tflite|engine|plan)$/i;
/** Dataset files (array and columnar formats), and anything from a Hugging Face dataset repository. */
const dataFileRe = /\.(?:npz|npy|parquet|arrow|tfrecord)$|^https?:\/\/(?:www\.)?(?:huggingface\.co|hf\.co)\/datasets\//i;

/** What the wget fetches, when a URL shows it: model weights or a dataset. */
function bulkContent(urls: readonly string[]): string | undefined {
  for (const u of urls) {
    const path = u.split(/[?#]/)[0] ?? '';
    if (dataFileRe.test(path)) {
      return 'a dataset';
    }
    if (weightFileRe.test(path)) {
      return 'model weights';
    }
  }
  return undefined;
}

/**
 * Without a terminal (as in a build), GNU wget falls back to its dot indicator: one line of 50 dots per 50 KB. The
 * message says what that costs, and names what this wget fetches when a URL shows it is weights or data.
 */
function message(urls: readonly string[]): string {
  const content = bulkContent(urls);
  if (content) {
    return `wget prints a line of progress dots per 50 KB it downloads, so fetching ${content} floods the build log with some 20,000 lines per GB; add --progress=dot:giga (or -q / -nv).`;
  }
  return 'wget prints a line of progress dots per 50 KB it downloads (some 2,000 lines for a 100 MB file), which buries the rest of the build log; add --progress=dot:giga (or -q / -nv).';
}

/** `apk add wget` (or `wget=1.24.5-r0`) installs GNU wget over BusyBox's. */
const gnuWgetRe = /^wget(?:$|[=<>~])/;

/**
 * For each instruction of the stage's chain: whether a wget it runs is BusyBox's. That holds when the stage is
 * Alpine-based (by its base image, or because it has run `apk` by then) and no `apk add wget` has replaced it with GNU
 * wget by then. BusyBox wget redraws one progress line at most once a second, so it does not flood the log, and it
 * rejects --progress (`wget: unrecognized option`), so the usual advice would break the build. Worked out once per
 * stage, and only for stages with a wget to report.
 */
function busyboxWgets(model: DockerfileModel, stage: Stage): Map<Instruction, boolean> {
  const out = new Map<Instruction, boolean>();
  const base = rootImage(model, stage);
  let alpine = isBusyboxImage(base);
  let gnu = false;
  for (const instr of chainInstructions(stage)) {
    for (const install of osInstalls(instr)) {
      if (install.manager !== 'apk') {
        continue;
      }
      alpine = true;
      for (const p of install.packages) {
        if (gnuWgetRe.test(p.value)) {
          gnu = true;
        }
      }
    }
    out.set(instr, alpine && !gnu);
  }
  return out;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD310',
    name: 'wget-without-progress',
    family: 'performance',
    severity: 'info',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { hadolint: ['DL3047'] },
    description: 'wget runs without --progress, -q, -nv or -o, so large downloads flood the build log.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    let busybox: Map<Stage, Map<Instruction, boolean>> | undefined;
    for (const { stage, instr, nameWord, args } of posixRunCommandsNamed(model, ['wget'])) {
      const quiet = args.some((a) => quietLong.test(a.value) || a.value === '-nv' || (/^-[A-Za-z]+/.test(a.value) && !a.value.startsWith('--') && /^-[A-Za-z]*[qoa]/.test(a.value)));
      if (quiet) {
        continue;
      }
      const urls = args.map((a) => a.value).filter((v) => v.includes('://'));
      if (fetchesOnlyTinyFiles(urls)) {
        continue;
      }
      busybox ??= new Map();
      let perInstr = busybox.get(stage);
      if (!perInstr) {
        perInstr = busyboxWgets(model, stage);
        busybox.set(stage, perInstr);
      }
      if (perInstr.get(instr) === true) {
        continue;
      }
      const at = nameWord.range.end;
      out.push(finding(nameWord.range, message(urls), { title: 'Add --progress=dot:giga', edits: [{ range: { start: at, end: at }, newText: ' --progress=dot:giga' }] }));
    }
    return out;
  },
};
