import type { Node } from 'yaml';
import { Scalar } from 'yaml';
import { pathMatches } from '../../glob';
import { closest } from '../../cross/closest';
import type { KustomizationPathRef } from '../../cross/kustomization-paths';
import { kustomizationPaths } from '../../cross/kustomization-paths';
import { likelyMeant } from '../../cross/likely-meant';
import { baseName, dirOf, joinPath } from '../../cross/paths';
import type { CrossFinding, CrossRule } from '../../cross/rule';
import type { WorkspaceFs } from '../../cross/types';
import { kustomizationFileNames } from '../../kubernetes/kustomize';
import type { YamlView } from '../../yaml/access';
import { viewOf } from '../../yaml/access';
import type { YamlFile } from '../../yaml/parse';

const kustomizationNames = new Set(kustomizationFileNames.map((n) => n.toLowerCase()));
/** Kustomize reads a glob as one file name (it dropped globs in 1.0.6). */
const globRe = /[*[]/;
const kustomizeApi = /^kustomize\.config\.k8s\.io\//;

/** Whether a folder holds a kustomization file (by any case: a case-insensitive disk finds `Kustomization.yaml` too). */
function holdsKustomization(fs: WorkspaceFs, dir: string): boolean {
  return fs.list(dir).some((name) => kustomizationNames.has(name.toLowerCase()));
}

/** The sample a project ships beside a file its users create (`hf.env.example` for `hf.env`, `example.env` for `.env`). */
function sampleBeside(fs: WorkspaceFs, full: string): string | undefined {
  const name = baseName(full);
  const names = ['example', 'sample', 'template', 'dist'].map((suffix) => `${name}.${suffix}`);
  return (name.startsWith('.') ? [...names, `example${name}`] : names).find((n) => fs.stat(joinPath(dirOf(full), n) as string) === 'file');
}

/** The root mapping of a one-document kustomization file (with no other apiVersion: a Flux `Kustomization` is another object). */
function kustomizationRoot(file: YamlFile): { view: YamlView; root: Node } | undefined {
  const [document, ...others] = file.documents;
  if (!document || others.length > 0 || document.skipped !== undefined) {
    return undefined;
  }
  const view = viewOf(file, document);
  const root = view.root;
  const api = view.text(root, 'apiVersion');
  return root && view.map(root) && (api === undefined || kustomizeApi.test(api)) ? { view, root } : undefined;
}

/** What is wrong at the path, if anything kustomize would fail on for want of it. */
function problemAt(fs: WorkspaceFs, ref: KustomizationPathRef, full: string): 'missing' | 'glob' | 'no-kustomization' | undefined {
  const kind = fs.stat(full);
  if (kind === undefined) {
    return globRe.test(ref.path) ? 'glob' : 'missing';
  }
  return kind === 'dir' && ref.needs !== 'file' && !holdsKustomization(fs, full) ? 'no-kustomization' : undefined;
}

/** `name` where the entry's path puts it (`secrets/hf.env.example` for `secrets/hf.env`). */
function besidePath(ref: KustomizationPathRef, name: string): string {
  return `${dirOf(ref.path) === '' ? '' : `${dirOf(ref.path)}/`}${name}`;
}

function advice(ref: KustomizationPathRef, suggestion: string | undefined, sample: string | undefined): string {
  if (suggestion !== undefined) {
    return `did you mean ${suggestion}?`;
  }
  if (sample !== undefined) {
    return `create it from the project's sample (cp ${besidePath(ref, sample)} ${ref.path} in the kustomization's folder), or remove the entry.`;
  }
  if (ref.needs === 'kustomization') {
    return 'fix the path, or create the folder with a kustomization.yaml of kind Component.';
  }
  return 'fix the path, create it, or remove the entry (list it in .mlc.yaml generatedPaths if a build step creates it).';
}

function message(ref: KustomizationPathRef, problem: 'missing' | 'glob' | 'no-kustomization', full: string, suggestion: string | undefined, sample: string | undefined): string {
  const what = `${ref.field} "${ref.prefix}${ref.path}"`;
  if (problem === 'glob') {
    const add = ref.field === 'resources entry' ? ` (\`kustomize edit add resource '${ref.path}'\` writes them)` : '';
    return `${what} is a glob, which kustomize reads as one file name (it does not expand globs), so \`kustomize build\` fails; list the files it should match one by one${add}.`;
  }
  if (problem === 'no-kustomization') {
    const kind = ref.needs === 'kustomization' ? 'a kustomization.yaml of kind Component' : 'a kustomization.yaml listing its manifests';
    return `${what} is a folder with no kustomization.yaml, kustomization.yml or Kustomization (${full || '.'} in the workspace), so \`kustomize build\` fails; add ${kind} there${ref.needs === 'kustomization' ? '' : ', or list the manifests here one by one'}.`;
  }
  return `${what} does not exist (${full} in the workspace), so \`kustomize build\` fails; ${advice(ref, suggestion, sample)}`;
}

export const rule: CrossRule = {
  meta: {
    id: 'MLX024',
    name: 'kustomization-resource-missing',
    family: 'correctness',
    severity: 'error',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: {},
    description: 'A kustomization names a local path that does not exist (a resource, base or component, a patch, a generator\'s file, a CRD, OpenAPI or replacements file), a folder with no kustomization file as a base, or a glob: `kustomize build` fails.',
  },
  check(ws) {
    const fs = ws.fs;
    if (!fs) {
      return [];
    }
    const generated = ws.config.generatedPaths ?? [];
    const out: CrossFinding[] = [];
    for (const [path, file] of ws.yamlFiles) {
      if (!kustomizationFileNames.includes(baseName(path))) {
        continue;
      }
      const k = kustomizationRoot(file);
      if (!k) {
        continue;
      }
      const dir = dirOf(path);
      for (const ref of kustomizationPaths(k.view, k.root)) {
        const full = joinPath(dir, ref.path);
        const range = k.view.range(ref.node);
        if (full === undefined || full === dir || !range || generated.some((g) => pathMatches(full, g))) {
          continue;
        }
        const problem = problemAt(fs, ref, full);
        if (problem === undefined) {
          continue;
        }
        const parent = dirOf(full);
        const name = baseName(full);
        const guess = problem === 'missing' && fs.stat(parent) === 'dir' ? likelyMeant(name, closest(name, fs.list(parent))) : undefined;
        const suggestion = guess !== undefined ? besidePath(ref, guess) : undefined;
        const sample = problem === 'missing' && suggestion === undefined ? sampleBeside(fs, full) : undefined;
        const plain = ref.node instanceof Scalar && ref.node.type === 'PLAIN';
        out.push({
          path,
          range,
          message: message(ref, problem, full, suggestion, sample),
          ...(suggestion !== undefined && plain ? { fix: { title: `Use ${suggestion}`, edits: [{ range, newText: `${ref.prefix}${suggestion}` }] } } : {}),
        });
      }
    }
    return out;
  },
};
