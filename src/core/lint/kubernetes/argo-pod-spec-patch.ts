import { Alias, parseDocument, Scalar, visit, YAMLMap, YAMLSeq } from 'yaml';
import type { Node, Pair } from 'yaml';

/** The pod-spec lists whose containers a patch names. */
export type PatchedContainerList = 'containers' | 'initContainers';

/** The `resources` a patch gives each container it names, by list and container name. */
export type PatchedResources = ReadonlyMap<PatchedContainerList, ReadonlyMap<string, YAMLMap>>;

/** What an Argo `podSpecPatch` written as plain YAML (or JSON) sets that the rules read. */
export interface PodSpecPatch {
  resources: PatchedResources;
  /** Its `nodeSelector`, `affinity` and `tolerations` pairs, in its order. */
  scheduling: readonly Pair[];
  /** It may give the pod devices through a DRA resource claim (`resourceClaims`, a container's `resources.claims`). */
  claimsDevices: boolean;
}

const patchedLists: readonly PatchedContainerList[] = ['containers', 'initContainers'];

/** The pod fields that choose its node, which a patch merges over the template's (a strategic merge patch). */
const schedulingKeys: readonly string[] = ['nodeSelector', 'affinity', 'tolerations'];

/** A workflow parameter (`{{inputs.parameters.gpus}}`): Argo fills it in before it applies the patch. */
const parameter = '{{';

/**
 * What an Argo `podSpecPatch` written as plain YAML (or JSON) sets: container resources and scheduling fields. The
 * controller applies it to the pod spec as a strategic merge patch. Parameters are fine in values; a patch that
 * parameters shape (in a key, a container's name, or where a list or mapping belongs), that does not parse, or that
 * uses aliases is unknown: undefined. Every node of the result points at `host`, the podSpecPatch value, and its
 * mappings are marked flow so that no quick fix writes into text that is not there.
 */
export function readPodSpecPatch(text: string, host: Node): PodSpecPatch | undefined {
  // A workflow-level patch applies to every template: read once.
  let read = readPatches.get(host);
  if (read === undefined) {
    read = readPatch(text, host) ?? null;
    readPatches.set(host, read);
  }
  return read ?? undefined;
}

const readPatches = new WeakMap<Node, PodSpecPatch | null>();

function readPatch(text: string, host: Node): PodSpecPatch | undefined {
  const doc = parseDocument(text);
  const root = doc.contents;
  if (doc.errors.length > 0 || !(root instanceof YAMLMap) || !hasPlainStructure(root)) {
    return undefined;
  }
  const range = host.range;
  const resources = new Map<PatchedContainerList, Map<string, YAMLMap>>();
  let claimsDevices = root.has('resourceClaims');
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
      const own = (item as YAMLMap).get('resources', true);
      if (own === undefined) {
        continue;
      }
      if (!(own instanceof YAMLMap) || !['limits', 'requests'].every((k) => isMapOrAbsent(own.get(k, true)))) {
        return undefined;
      }
      claimsDevices ||= own.has('claims');
      byName.set(name.value, own);
    }
    resources.set(list, byName);
  }
  const scheduling = root.items.filter((pair) => schedulingKeys.includes((pair.key as Scalar).value as string));
  // Where a mapping or list belongs, anything else is a parameter or a mistake: unknown.
  if (!scheduling.every((pair) => (pair.value instanceof YAMLMap) === ((pair.key as Scalar).value !== 'tolerations') && (pair.value instanceof YAMLMap || pair.value instanceof YAMLSeq))) {
    return undefined;
  }
  if (range) {
    pointAt(root, range);
  }
  return { resources, scheduling, claimsDevices };
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

/** Gives every node the host's range and marks mappings flow (see readPodSpecPatch). */
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
