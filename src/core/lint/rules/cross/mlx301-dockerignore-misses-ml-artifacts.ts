import type { Instruction } from '../../dockerfile/model';
import type { DockerfileModel, Stage } from '../../dockerfile/semantic';
import { copySources } from '../../cross/copy-sources';
import { excludedBy } from '../../cross/dockerignore';
import { joinPath, relativeTo } from '../../cross/paths';
import type { CrossFinding, CrossRule } from '../../cross/rule';
import type { WorkspaceFs } from '../../cross/types';
import { joinPath as imagePath, workdirAt } from '../dockerfile/workdir-at';
import { mayReachFinalImage } from './copied-out-of-stage';

const artifactDirs = new Set(['.git', 'wandb', 'mlruns', 'checkpoints', 'lightning_logs', '.dvc']);
const artifactFileRe = /^(?:\.env|kaggle\.json|\.netrc|.*\.(?:safetensors|ckpt|pt|pth|gguf|onnx|h5|npz))$/;
/** Bounded walk: the rule reads a few directory levels, never a whole dataset. */
const maxDepth = 3;
const maxEntries = 5_000;

/** Artifact paths (relative to `dir`) that exist below it. */
function artifactsIn(fs: WorkspaceFs, dir: string): { path: string; dir: boolean }[] {
  const out: { path: string; dir: boolean }[] = [];
  let budget = maxEntries;
  const walk = (rel: string, depth: number): void => {
    for (const name of fs.list(rel === '' ? dir : joinPath(dir, rel) ?? dir).sort()) {
      if (--budget < 0) {
        return;
      }
      const child = rel === '' ? name : `${rel}/${name}`;
      const kind = fs.stat(joinPath(dir, child) ?? child);
      if (kind === 'dir' && artifactDirs.has(name)) {
        out.push({ path: child, dir: true });
      } else if (kind === 'file' && artifactFileRe.test(name)) {
        out.push({ path: child, dir: false });
      } else if (kind === 'dir' && depth < maxDepth && name !== 'node_modules') {
        walk(child, depth + 1);
      }
    }
  };
  walk('', 1);
  return out;
}

/**
 * Whether another COPY/ADD names the artifact or a path inside it (`COPY .git .git` for a build that reads the
 * submodules): the build needs it in the context, so the ignore file cannot exclude it.
 */
function namedElsewhere(named: readonly string[], artifact: string): boolean {
  return named.some((p) => p === artifact || p.startsWith(`${artifact}/`));
}

/** Where the COPY puts the artifacts (`artifacts`: paths relative to its source folder), absolute; undefined when its destination is not known. */
function destinations(stage: Stage, instr: Instruction, artifacts: readonly string[]): string[] | undefined {
  const written = instr.json ? instr.json[instr.json.length - 1]?.value : instr.words[instr.words.length - 1]?.value;
  const base = written === undefined || written.includes('$') ? undefined : written.startsWith('/') ? '/' : workdirAt(stage, instr);
  return base === undefined || written === undefined ? undefined : artifacts.map((a) => imagePath(imagePath(base, written), a));
}

/**
 * What the leak costs: the image, or, for a stage whose files the final image neither builds on nor copies
 * (MLD101's reading of a builder stage), the build cache.
 */
function cost(model: DockerfileModel, instr: Instruction, artifacts: readonly string[]): string {
  const stage = model.stages.find((s) => s.instructions.includes(instr));
  const paths = stage && destinations(stage, instr, artifacts);
  if (!stage || !paths || mayReachFinalImage(model, stage, paths)) {
    return 'weights, experiment data and credentials bloat the image or leak';
  }
  const name = stage.name !== undefined ? `stage "${stage.name}"` : `stage ${stage.index}`;
  return `${name} does not reach the final image, but weights and data slow every build's context upload, and its layers, credentials included, stay in the build cache (and in registry caches exported with mode=max)`;
}

export const rule: CrossRule = {
  meta: {
    id: 'MLX301',
    name: 'dockerignore-misses-ml-artifacts',
    family: 'performance',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description: 'A broad COPY/ADD sends weights, data, experiment directories or credential files that exist in the context, because the ignore file does not exclude them.',
  },
  check(ws) {
    const fs = ws.fs;
    if (!fs) {
      return [];
    }
    const out: CrossFinding[] = [];
    for (const entry of ws.dockerfiles.values()) {
      const context = entry.context;
      if (context === undefined) {
        continue;
      }
      const sources = copySources(entry);
      const named = sources.filter((s) => !s.wildcard).map((s) => s.path);
      for (const source of sources) {
        const dir = source.wildcard ? undefined : joinPath(context, source.path);
        if (dir === undefined || fs.stat(dir) !== 'dir') {
          continue;
        }
        const leaks = artifactsIn(fs, dir)
          .map((a) => ({ ...a, inSource: a.path, path: source.path === '' ? a.path : `${source.path}/${a.path}` }))
          .filter((a) => (!entry.ignore || !excludedBy(entry.ignore, a.path)) && !namedElsewhere(named, a.path));
        if (leaks.length === 0) {
          continue;
        }
        const shown = leaks.slice(0, 6).map((a) => `${a.path}${a.dir ? '/' : ''}`).join(', ');
        const nested = entry.ignore?.patterns.filter((p) => !p.exclusion && !p.text.includes('/') && !p.text.startsWith('*') && leaks.some((a) => a.path.endsWith(`/${p.text}`)));
        const note = nested && nested.length > 0 ? ` Note: "${nested[0]?.text}" in ${entry.ignore?.path} matches only at the context root; use "**/${nested[0]?.text}".` : '';
        const ignoreName = entry.ignore?.path ?? `${context === '' ? '' : `${context}/`}.dockerignore`;
        out.push({
          path: entry.path,
          range: source.range,
          message: `${source.instruction.keyword} ${source.raw} sends ${shown}${leaks.length > 6 ? ` and ${leaks.length - 6} more` : ''} into the build (${relativeTo(context, ignoreName)} does not exclude ${leaks.length === 1 ? 'it' : 'them'}): ${cost(entry.model, source.instruction, leaks.map((a) => a.inSource))}; add ${[...new Set(leaks.slice(0, 3).map((a) => (a.path.includes('/') ? `**/${a.path.slice(a.path.lastIndexOf('/') + 1)}` : a.path)))].map((p) => `"${p}"`).join(', ')} to ${ignoreName}.${note}`,
        });
      }
    }
    return out;
  },
};
