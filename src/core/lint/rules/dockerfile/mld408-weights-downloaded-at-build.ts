import type { DockerfileRule } from '../../rule';
import type { Range, RuleFinding } from '../../types';
import type { ShellWord } from '../../dockerfile/shell';
import { valuesAt, expandWith } from '../../dockerfile/scope-values';
import type { DockerfileModel } from '../../dockerfile/semantic';
import { finding } from './helpers';
import { copySources } from './mld407-model-or-dataset-in-image';
import { posixRunCommands } from './posix-runs';
import { pythonModelDownload } from './python-model-downloads';

const weightExtensions = 'safetensors|bin|pt|pth|ckpt|gguf|onnx|h5|keras|engine|plan';
const weightUrlRe = new RegExp(`^https?:\\/\\/\\S+\\.(?:${weightExtensions})(?:\\?\\S*)?$`, 'i');
const weightFileRe = new RegExp(`\\.(?:${weightExtensions})$`, 'i');
const downloadUrlRe = /^(?:https?|ftp|sftp):\/\//i;
const baseName = (path: string): string => path.replace(/^.*\//, '');

/**
 * `aria2c [-d DIR] [-o FILE] URL…` that downloads weights: a URL with a weights file name, or any URL saved under one
 * (`-o model.safetensors`, `--out=…`). URLs listed in an `-i` file are not read. The file name, for the message.
 */
function aria2cWeights(args: readonly ShellWord[]): { url: ShellWord; name: string } | undefined {
  let out: string | undefined;
  const urls: ShellWord[] = [];
  for (let k = 0; k < args.length; k++) {
    const v = (args[k] as ShellWord).value;
    if (v === '-o' || v === '--out') {
      out = args[++k]?.value;
    } else if (v.startsWith('--out=') || (v.startsWith('-o') && v.length > 2)) {
      out = v.slice(v.startsWith('--out=') ? 6 : 2);
    } else if (v === '-d' || v === '--dir') {
      k++;
    } else if (downloadUrlRe.test(v)) {
      urls.push(args[k] as ShellWord);
    }
  }
  const named = urls.find((u) => weightUrlRe.test(u.value));
  if (named) {
    return { url: named, name: out !== undefined && weightFileRe.test(out) ? baseName(out) : baseName(named.value.replace(/[?#].*$/, '')) };
  }
  const first = urls[0];
  return first && out !== undefined && weightFileRe.test(out) ? { url: first, name: baseName(out) } : undefined;
}

/** A word that calls huggingface_hub's `snapshot_download(` (a plain loop: it runs for every command of every RUN). */
function snapshotDownloadWord(words: readonly ShellWord[]): ShellWord | undefined {
  for (const w of words) {
    if (w.value.includes('snapshot_download(')) {
      return w;
    }
  }
  return undefined;
}

/** Sources of `ADD https://…/yolo11n.pt .`: the builder downloads them into the image. */
function addedWeightUrls(model: DockerfileModel): { value: string; range: Range }[] {
  const urls: { value: string; range: Range }[] = [];
  for (const stage of model.stages) {
    for (const instr of stage.instructions) {
      if (instr.keyword === 'ADD') {
        urls.push(...copySources(instr.words, instr.json).filter((src) => weightUrlRe.test(src.value)));
      }
    }
  }
  return urls;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD408',
    name: 'weights-downloaded-at-build',
    family: 'ml',
    severity: 'info',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description: 'A RUN or an ADD of a URL downloads model weights at build time.',
  },
  check({ model, settings }) {
    const out: RuleFinding[] = [];
    if (settings.bakeWeights) {
      return out;
    }
    const report = (range: Range, how: string): void => {
      out.push(
        finding(
          range,
          `${how} bakes model weights into the image at build time, making it large and tying it to one model; download them at start-up into a mounted cache instead, or set ml.bakeWeights: true if this is deliberate.`,
        ),
      );
    };
    for (const url of addedWeightUrls(model)) {
      report(url.range, `Downloading ${url.value.replace(/[?#].*$/, '').replace(/^.*\//, '')} with ADD`);
    }
    if (model.nonPosixShell) {
      return out;
    }
    for (const eff of posixRunCommands(model)) {
      const { stage, instr, command } = eff;
      const sub = eff.args[0]?.value;
      if ((eff.name === 'huggingface-cli' || eff.name === 'hf') && sub === 'download') {
        report({ start: eff.nameWord.range.start, end: (eff.args[0] ?? eff.nameWord).range.end }, `"${eff.nameWord.value} download"`);
        continue;
      }
      if (eff.name === 'git' && sub === 'lfs' && eff.args[1]?.value === 'pull') {
        report({ start: eff.nameWord.range.start, end: (eff.args[1] ?? eff.nameWord).range.end }, '"git lfs pull"');
        continue;
      }
      if (eff.name === 'aria2c') {
        const download = aria2cWeights(eff.args);
        if (download) {
          report(download.url.range, `Downloading ${download.name} with aria2c`);
          continue;
        }
      }
      if (eff.name === 'curl' || eff.name === 'wget') {
        const url = eff.args.find((a) => weightUrlRe.test(a.value));
        if (url) {
          report(url.range, `Downloading ${url.value.replace(/^.*\//, '')} with ${eff.name}`);
          continue;
        }
      }
      const snap = snapshotDownloadWord(command.words);
      if (snap) {
        report(snap.range, 'snapshot_download()');
        continue;
      }
      // `python -c "from faster_whisper import WhisperModel; WhisperModel('large-v3')"` fetches the weights from a hub.
      const dashC = /^python[0-9.]*$/.test(eff.name) ? eff.args.findIndex((a) => a.value === '-c') : -1;
      const code = dashC >= 0 ? eff.args[dashC + 1] : undefined;
      const call = code && pythonModelDownload(code.value, (text) => expandWith(model, text, valuesAt(model, stage, instr)));
      if (code && call) {
        report(code.range, call);
      }
    }
    return out;
  },
};
