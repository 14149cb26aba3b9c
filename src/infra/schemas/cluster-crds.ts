// The CRD schemas a cluster serves, cached on disk per kubeconfig context: a CRD is downloaded again
// only when its resourceVersion changed, and the cache answers when the cluster cannot be reached.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isServedCrd, trimCrd, type ClusterCrds, type ServedCrd } from '../../core/schemas/cluster-crds';
import type { ClusterGet } from './cluster-get';

const crdPath = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const metadataOnly = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';
const parallel = 8;

export interface LoadedClusterCrds extends ClusterCrds {
  /** `cluster`: read from the API server now; `cache`: the server could not be reached, the disk cache answered. */
  from: 'cluster' | 'cache';
  /** CRDs downloaded in full this time (the others came from the cache, unchanged). */
  downloaded: number;
  /** Why the cluster was not used, when `from` is `cache`. */
  problem?: string;
}

interface CacheFile {
  context: string;
  crds: ServedCrd[];
}

/** One file per context; the name is a hash so any context name is a safe file name. */
export function cacheFile(cacheDir: string, context: string): string {
  return join(cacheDir, `crds-${createHash('sha256').update(context).digest('hex').slice(0, 32)}.json`);
}

async function readCache(cacheDir: string, context: string): Promise<ServedCrd[] | undefined> {
  try {
    const data = JSON.parse(await readFile(cacheFile(cacheDir, context), 'utf8')) as Partial<CacheFile>;
    return data.context === context && Array.isArray(data.crds) ? data.crds.filter(isServedCrd) : undefined;
  } catch {
    return undefined; // no cache yet, or a damaged one: the cluster's answer replaces it
  }
}

async function writeCache(cacheDir: string, context: string, crds: ServedCrd[]): Promise<void> {
  await mkdir(cacheDir, { recursive: true });
  const file = cacheFile(cacheDir, context);
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify({ context, crds } satisfies CacheFile));
  await rename(temp, file);
}

async function mapLimited<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  }));
  return out;
}

async function fromCluster(get: ClusterGet, cached: ServedCrd[]): Promise<{ crds: ServedCrd[]; downloaded: number }> {
  const list = await get(crdPath, metadataOnly) as { items?: { metadata?: { name?: string; resourceVersion?: string } }[] };
  const served = (list.items ?? []).map((i) => i.metadata).filter((m): m is { name: string; resourceVersion: string } => !!m?.name && !!m.resourceVersion);
  const known = new Map(cached.map((c) => [c.metadata.name, c]));
  const stale = served.filter((m) => known.get(m.name)?.metadata.resourceVersion !== m.resourceVersion);
  const fresh = await mapLimited(stale, async (m) => {
    const crd = await get(`${crdPath}/${encodeURIComponent(m.name)}`);
    if (!isServedCrd(crd)) {
      throw new Error(`CRD ${m.name}: the answer is not a CustomResourceDefinition`);
    }
    return trimCrd(crd);
  });
  const byName = new Map(fresh.map((c) => [c.metadata.name, c]));
  return { crds: served.map((m) => byName.get(m.name) ?? known.get(m.name)!), downloaded: fresh.length };
}

/**
 * The CRDs the context's cluster serves now (and the cache refreshed), or, when the cluster cannot be
 * reached, the ones cached from the last time it could; only the problem when neither is available.
 */
export async function loadClusterCrds(context: string, get: ClusterGet | Error, cacheDir: string): Promise<LoadedClusterCrds | { problem: string }> {
  const cached = await readCache(cacheDir, context);
  let problem: string;
  if (get instanceof Error) {
    problem = get.message;
  } else {
    try {
      const { crds, downloaded } = await fromCluster(get, cached ?? []);
      await writeCache(cacheDir, context, crds);
      return { context, crds, from: 'cluster', downloaded };
    } catch (err) {
      problem = err instanceof Error ? err.message : String(err);
    }
  }
  return cached ? { context, crds: cached, from: 'cache', downloaded: 0, problem } : { problem };
}
