import type { KustomizeFacts } from './kustomize';

/** Most kustomizations walked per question: a hostile tree stays bounded. */
const maxWalked = 5000;

/** What the walks learn about a tree of kustomizations, kept per facts. */
interface BuildTree {
  /** Kustomization folder → the files it builds (its own, and its bases'). */
  files: Map<string, ReadonlySet<string>>;
  /** Kustomization folder → the kustomizations that list it. */
  parents: Map<string, string[]>;
  /** Resource file → the kustomizations that list it. */
  listers: Map<string, string[]>;
}

const trees = new WeakMap<KustomizeFacts, BuildTree>();

function treeOf(facts: KustomizeFacts): BuildTree {
  let tree = trees.get(facts);
  if (!tree) {
    const built: BuildTree = { files: new Map(), parents: new Map(), listers: new Map() };
    const add = (map: Map<string, string[]>, key: string, value: string): void => {
      const list = map.get(key);
      if (list) {
        list.push(value);
      } else {
        map.set(key, [value]);
      }
    };
    facts.listed.forEach(({ files, folders }, dir) => {
      folders.forEach((f) => add(built.parents, f, dir));
      files.forEach((f) => add(built.listers, f, dir));
    });
    tree = built;
    trees.set(facts, tree);
  }
  return tree;
}

/** The files the kustomization in `dir` builds: those it lists, and those its bases build. */
export function filesBuiltBy(facts: KustomizeFacts, dir: string): ReadonlySet<string> {
  const tree = treeOf(facts);
  const known = tree.files.get(dir);
  if (known) {
    return known;
  }
  const files = new Set<string>();
  const queue = [dir];
  const seen = new Set(queue);
  for (let i = 0; i < queue.length && i < maxWalked; i++) {
    const listed = facts.listed.get(queue[i] as string);
    listed?.files.forEach((f) => files.add(f));
    for (const base of listed?.folders ?? []) {
      if (!seen.has(base)) {
        seen.add(base);
        queue.push(base);
      }
    }
  }
  tree.files.set(dir, files);
  return files;
}

/** The kustomizations whose build includes the one in `dir`: it, and those that list it, up to the top ones. */
export function buildsOver(facts: KustomizeFacts, dir: string): string[] {
  const parents = treeOf(facts).parents;
  const out = [dir];
  const seen = new Set(out);
  for (let i = 0; i < out.length && i < maxWalked; i++) {
    for (const parent of parents.get(out[i] as string) ?? []) {
      if (!seen.has(parent)) {
        seen.add(parent);
        out.push(parent);
      }
    }
  }
  return out;
}

/** Whether some kustomization builds both files. */
export function builtTogether(facts: KustomizeFacts, a: string, b: string): boolean {
  return (treeOf(facts).listers.get(a) ?? []).some((dir) => buildsOver(facts, dir).some((top) => filesBuiltBy(facts, top).has(b)));
}

/** Whether the kustomization in `dir` is part of some build that includes `file` (it lists the file, a base does, or an overlay over it does). */
export function buildIncludes(facts: KustomizeFacts, dir: string, file: string): boolean {
  return buildsOver(facts, dir).some((top) => filesBuiltBy(facts, top).has(file));
}
