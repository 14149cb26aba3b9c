import { Alias, parseDocument, Scalar, visit, YAMLMap, YAMLSeq } from 'yaml';
import type { Node } from 'yaml';

/** The pod-spec lists whose containers a patch names. */
export type PatchedContainerList = 'containers' | 'initContainers';

/** The `resources` a patch gives each container it names, by list and container name. */
export type PatchedResources = ReadonlyMap<PatchedContainerList, ReadonlyMap<string, YAMLMap>>;

const patchedLists: readonly PatchedContainerList[] = ['containers', 'initContainers'];

/** A workflow parameter (`{{inputs.parameters.gpus}}`): Argo fills it in before it applies the patch. */
const parameter = '{{';

/**
 * The container resources of an Argo `podSpecPatch` written as plain YAML (or JSON), which the controller applies to
 * the pod spec as a strategic merge patch. Parameters are fine in values; a patch that parameters shape (in a key, a
 * container's name, or where a list or mapping belongs), that does not parse, or that uses aliases is unknown:
 * undefined. Every node of the result points at `host`, the podSpecPatch value, and its mappings are marked flow so
 * that no quick fix writes into text that is not there.
 */
export function podSpecPatchResources(text: string, host: Node): PatchedResources | undefined {
  // A workflow-level patch applies to every template: read once.
  let read = readPatches.get(host);
  if (read === undefined) {
    read = text.includes('containers') ? (readPatch(text, host) ?? null) : null;
    readPatches.set(host, read);
  }
  return read ?? undefined;
}

const readPatches = new WeakMap<Node, PatchedResources | null>();

function readPatch(text: string, host: Node): PatchedResources | undefined {
  const doc = parseDocument(text);
  const root = doc.contents;
  if (doc.errors.length > 0 || !(root instanceof YAMLMap) || !hasPlainStructure(root)) {
    return undefined;
  }
  const range = host.range;
  const out = new Map<PatchedContainerList, Map<string, YAMLMap>>();
  for (const list of patchedLists) {
    const items = root.get(list, true);
    if (items === undefined) {
      continue;
    }
    if (!(items instanceof YAMLSeq)) {
      return undefined;
    }
    const byName = new Map<string, YAMLMap>();
    for (const item of items.items) {
      const name = item instanceof YAMLMap ? item.get('name', true) : undefined;
      if (!(name instanceof Scalar) || typeof name.value !== 'string' || name.value.includes(parameter)) {
        return undefined;
      }
      const resources = (item as YAMLMap).get('resources', true);
      if (resources === undefined) {
        continue;
      }
      if (!(resources instanceof YAMLMap) || !['limits', 'requests'].every((k) => isMapOrAbsent(resources.get(k, true)))) {
        return undefined;
      }
      byName.set(name.value, resources);
    }
    out.set(list, byName);
  }
  if (range) {
    pointAt(root, range);
  }
  return out;
}

function isMapOrAbsent(node: unknown): boolean {
  return node === undefined || node instanceof YAMLMap;
}

/** No aliases, and every key a plain string without a parameter. */
function hasPlainStructure(root: YAMLMap): boolean {
  let plain = true;
  visit(root, {
    Alias() {
      plain = false;
      return visit.BREAK;
    },
    Pair(_, pair) {
      const key = pair.key;
      if (!(key instanceof Scalar) || typeof key.value !== 'string' || key.value.includes(parameter)) {
        plain = false;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return plain;
}

/** Gives every node the host's range and marks mappings flow (see podSpecPatchResources). */
function pointAt(root: YAMLMap, range: NonNullable<Node['range']>): void {
  visit(root, {
    Node(_, node) {
      if (!(node instanceof Alias)) {
        node.range = [range[0], range[1], range[2]];
      }
      if (node instanceof YAMLMap) {
        node.flow = true;
      }
    },
    Pair(_, pair) {
      if (pair.key instanceof Scalar) {
        pair.key.range = [range[0], range[1], range[2]];
      }
    },
  });
}
