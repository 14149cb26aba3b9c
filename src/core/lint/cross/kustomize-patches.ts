import { parseAllDocuments } from 'yaml';
import type { KustomizeBuildSpec, KustomizePatchRef, KustomizeReplacedFields } from '../kubernetes/kustomize';
import { patchSetsReplicas, replacementFileFields } from '../kubernetes/kustomize';
import type { Labels } from './kube';

/** A container port a patch declares. */
export interface PatchedPort {
  name?: string;
  number?: string;
}

/** What one patch (or replacement, or `replicas:` entry) does to the objects it targets, as far as the lint cares. */
export interface PatchFacts {
  /** Target kind and name; undefined: any. */
  kind?: string;
  name?: string;
  /** `metadata.labels` it sets. */
  labels: Labels;
  /** Pod template labels it sets. */
  podLabels: Labels;
  /** Container ports it declares. */
  ports: PatchedPort[];
  /** It edits ports or containers in a way not read here (a JSON 6902 operation on them, a replacement). */
  opaquePorts: boolean;
  /** Field paths it writes with a value not read here: a `replacements` entry's (`spec.selector.app`), a patch's `spec.replicas`. */
  replaced: string[];
  /** It runs after its own kustomization's namePrefix/nameSuffix (replacements, `replicas:`, JSON 6902 patches), so it may name its target with them. */
  seesOwnAffixes?: boolean;
  /**
   * Its name comes from a patch's `target:` selector: kustomize matches that against the original name and the current
   * one only, not the names in between. Others (a strategic-merge patch's own name, `replicas:`, a replacement's
   * `select:`) match any name the object has had.
   */
  selectsByName?: boolean;
}

/** Most patch files, and most replacements files, read per kustomization. */
export const maxFilesPerKustomization = 100;

/** Largest patch or replacements file read, in characters. */
export const maxPatchFileChars = 1024 * 1024;

/** The text of a file a kustomization names (relative to its folder, as written); undefined: unreadable, or not wanted. */
export type KustomizationFileText = (rel: string) => string | undefined;

/**
 * A patch or replacements file's text, parsed the first time it is read as a patch and the first time as a replacements
 * file: one object handed to every kustomization and pass that names the file parses it once.
 */
export interface KustomizationFile {
  readonly text: string;
  /** Its documents' values (see documentValues). */
  patchDocuments(): readonly unknown[];
  /** The fields the replacements it holds write. */
  replacements(): readonly KustomizeReplacedFields[];
}

/** A file a kustomization names (relative to its folder, as written), read and parsed once; undefined: unreadable, or not wanted. */
export type KustomizationFileOf = (rel: string) => KustomizationFile | undefined;

export function kustomizationFile(text: string): KustomizationFile {
  let documents: readonly unknown[] | undefined;
  let fields: readonly KustomizeReplacedFields[] | undefined;
  return {
    text,
    patchDocuments: () => (documents ??= documentValues(text)),
    replacements: () => (fields ??= replacementFileFields(text)),
  };
}

/** The files a kustomization's patches and replacements name (relative to its folder, as written), within the bounds read. */
export function kustomizationPatchFiles(k: Pick<KustomizeBuildSpec, 'patches' | 'replacementPaths'>): string[] {
  const patches = k.patches.slice(0, maxFilesPerKustomization).flatMap((ref) => (ref.inline === undefined && ref.path !== undefined ? [ref.path] : []));
  return [...new Set([...patches, ...k.replacementPaths.slice(0, maxFilesPerKustomization)])];
}

/** kustomizationPatchFacts over files given as texts (each parsed for this call only). */
export function kustomizationPatchFacts(k: Pick<KustomizeBuildSpec, 'patches' | 'replacementPaths' | 'replacedFields'>, textOf: KustomizationFileText): PatchFacts[] {
  return kustomizationPatchFactsOf(k, (rel) => {
    const text = textOf(rel);
    return text !== undefined ? kustomizationFile(text) : undefined;
  });
}

/**
 * What a kustomization's patches, replacements and `replicas:` entries do, in one list: the patches (inline, or
 * in files), then its inline replacements and `replicas:` entries, then those of its replacements files. `fileOf`
 * gives the files (see kustomizationPatchFiles); one it cannot give says nothing.
 */
export function kustomizationPatchFactsOf(k: Pick<KustomizeBuildSpec, 'patches' | 'replacementPaths' | 'replacedFields'>, fileOf: KustomizationFileOf): PatchFacts[] {
  const out: PatchFacts[] = [];
  for (const ref of k.patches.slice(0, maxFilesPerKustomization)) {
    if (ref.inline !== undefined) {
      out.push(...(ref.inline.length <= maxPatchFileChars ? patchFacts(ref, ref.inline) : []));
      continue;
    }
    const file = ref.path !== undefined ? fileOf(ref.path) : undefined;
    if (file !== undefined && file.text.length <= maxPatchFileChars) {
      out.push(...documentsFacts(ref, file.patchDocuments()));
    }
  }
  const fromFiles = k.replacementPaths.slice(0, maxFilesPerKustomization).flatMap((rel) => {
    const file = fileOf(rel);
    return file !== undefined && file.text.length <= maxPatchFileChars ? file.replacements() : [];
  });
  out.push(...[...k.replacedFields, ...fromFiles].map(replacementFacts));
  return out;
}

/** A field path that writes `spec.replicas` or the whole `spec`. */
const replicasPath = /^spec(?:\.replicas)?$/;

/** Whether it writes `spec.replicas`: the manifest's count is not the one applied. */
export function setsReplicas(p: Pick<PatchFacts, 'replaced'>): boolean {
  return p.replaced.some((f) => replicasPath.test(f));
}

/** A replacement target (or a `replicas:` entry): kustomize selects it by any name the object has had, after the kustomization's own prefix and suffix. */
function replacementFacts(r: KustomizeReplacedFields): PatchFacts {
  const opaquePorts = r.fieldPaths.some((f) => /(?:^|\.)(?:ports|containers)(?:\.|$)/.test(f));
  return { ...(r.kind !== undefined ? { kind: r.kind } : {}), ...(r.name !== undefined ? { name: r.name } : {}), labels: new Map(), podLabels: new Map(), ports: [], opaquePorts, replaced: r.fieldPaths, seesOwnAffixes: true };
}

function asLabels(record: unknown): Labels {
  const out: Labels = new Map();
  if (record !== null && typeof record === 'object' && !Array.isArray(record)) {
    for (const [k, v] of Object.entries(record)) {
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
        out.set(k, String(v));
      }
    }
  }
  return out;
}

/** Every `{containerPort, name}` mapping under a value (a patch's containers, an operation's value). */
function portsUnder(value: unknown, out: PatchedPort[], depth = 0): void {
  if (depth > 32 || value === null || typeof value !== 'object') {
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v) => portsUnder(v, out, depth + 1));
    return;
  }
  const record = value as Record<string, unknown>;
  const port = record['containerPort'];
  if (typeof port === 'number' || typeof port === 'string') {
    const name = record['name'];
    out.push({ number: String(port), ...(typeof name === 'string' ? { name } : {}) });
  }
  Object.values(record).forEach((v) => portsUnder(v, out, depth + 1));
}

function get(value: unknown, ...keys: string[]): unknown {
  let at = value;
  for (const k of keys) {
    at = at !== null && typeof at === 'object' && !Array.isArray(at) ? (at as Record<string, unknown>)[k] : undefined;
  }
  return at;
}

/** The values of a patch text's documents; unreadable documents (invalid YAML, an alias bomb) are left out. */
function documentValues(text: string): unknown[] {
  const out: unknown[] = [];
  let docs;
  try {
    docs = parseAllDocuments(text, { uniqueKeys: false });
  } catch {
    return out;
  }
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      continue;
    }
    try {
      out.push(doc.toJS({ maxAliasCount: 100 }) as unknown);
    } catch {
      // an alias bomb throws here
    }
  }
  return out;
}

/** What JSON 6902 operations do: ports they add are read; an operation on ports or containers without them is opaque. */
function operationFacts(ops: readonly unknown[], facts: PatchFacts): void {
  for (const op of ops) {
    const path = get(op, 'path');
    const before = facts.ports.length;
    portsUnder(get(op, 'value'), facts.ports);
    if (typeof path === 'string' && /\/(?:ports|containers)(?:\/|$)/.test(path) && facts.ports.length === before) {
      facts.opaquePorts = true;
    }
    if (typeof path === 'string' && /^\/spec\/template\/metadata\/labels(?:\/|$)/.test(path)) {
      const v = get(op, 'value');
      const key = path.split('/')[5];
      if (key !== undefined && (typeof v === 'string' || typeof v === 'number')) {
        facts.podLabels.set(key.replace(/~1/g, '/').replace(/~0/g, '~'), String(v));
      } else if (key === undefined) {
        asLabels(v).forEach((lv, lk) => facts.podLabels.set(lk, lv));
      }
    }
  }
}

/** The facts of one patch text (each of its documents), by its entry in the kustomization; unreadable text says nothing. */
export function patchFacts(ref: KustomizePatchRef, text: string): PatchFacts[] {
  return documentsFacts(ref, documentValues(text));
}

/** The facts of a patch's document values (see patchFacts). */
function documentsFacts(ref: KustomizePatchRef, values: readonly unknown[]): PatchFacts[] {
  const out: PatchFacts[] = [];
  const late = ref.json6902 === true ? { seesOwnAffixes: true } : {};
  for (const value of values) {
    const facts: PatchFacts = { labels: new Map(), podLabels: new Map(), ports: [], opaquePorts: false, replaced: patchSetsReplicas(value) ? ['spec.replicas'] : [] };
    if (Array.isArray(value)) {
      operationFacts(value, facts);
      out.push({ ...facts, ...(ref.kind !== undefined ? { kind: ref.kind } : {}), ...(ref.name !== undefined ? { name: ref.name, selectsByName: true } : {}), ...late });
      continue;
    }
    if (value === null || typeof value !== 'object') {
      continue;
    }
    const docKind = get(value, 'kind');
    const docName = get(value, 'metadata', 'name');
    const kind = ref.kind ?? (typeof docKind === 'string' ? docKind : undefined);
    const name = ref.name ?? (ref.kind === undefined && typeof docName === 'string' ? docName : undefined);
    facts.labels = asLabels(get(value, 'metadata', 'labels'));
    facts.podLabels = asLabels(get(value, 'spec', 'template', 'metadata', 'labels'));
    portsUnder(get(value, 'spec'), facts.ports);
    out.push({ ...facts, ...(kind !== undefined ? { kind } : {}), ...(name !== undefined ? { name } : {}), ...(ref.name !== undefined ? { selectsByName: true } : {}), ...late });
  }
  return out;
}
