import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import type { Node } from 'yaml';
import type { KubeObject } from '../../kubernetes/model';
import type { YamlView } from '../../yaml/access';
import { commandWords, imageRepository, objectRequestsAccelerator } from '../../kubernetes/gpu';
import { targetsObject } from '../../kubernetes/kustomize';
import { envEntries, finding } from './helpers';
import { containerOnlySleeps } from './shm';
import { afterLastSlash } from '../../after-last-slash';

/** Databases with one primary, by the last segment of their image repositories, and how they get high availability. */
const singlePrimaryDatabases: readonly { name: string; images: readonly string[]; ha: string }[] = [
  { name: 'PostgreSQL', images: ['postgres', 'postgresql', 'postgis', 'pgvector'], ha: 'streaming replication with failover (Patroni, or an operator such as CloudNativePG)' },
  { name: 'MySQL', images: ['mysql', 'mysql-server'], ha: 'replication with failover (InnoDB Cluster, through the MySQL Operator)' },
  { name: 'MariaDB', images: ['mariadb'], ha: 'replication with failover or a Galera cluster (the MariaDB Operator)' },
  { name: 'MongoDB', images: ['mongo', 'mongodb', 'mongodb-community-server'], ha: 'a replica set of three members (mongod --replSet, or the MongoDB Community Operator)' },
  { name: 'Redis', images: ['redis', 'redis-stack-server'], ha: 'replicas watched by Sentinel, or a Redis Cluster' },
];

/** Settings that already make the database replicate: a MongoDB replica set, Redis Sentinel or Cluster mode. */
const replicationWords = new Set(['--replSet', 'redis-sentinel', '--sentinel', '--cluster-enabled']);
const replicationVariables = new Set(['MONGODB_REPLICA_SET_MODE', 'MONGODB_REPLICA_SET_NAME']);

/** The last segment of the container's image repository (`postgresql` of `bitnami/postgresql:16`). */
function imageName(view: YamlView, container: Node): string {
  const repo = imageRepository(view.text(container, 'image') ?? '');
  return afterLastSlash(repo);
}

/** The container replicates its data: a replica set member, a Sentinel (bitnami's redis-sentinel image too), a cluster node. */
function replicates(view: YamlView, container: Node): boolean {
  return imageName(view, container) === 'redis-sentinel' || commandWords(view, container).some((w) => replicationWords.has(w.split('=')[0] ?? '')) || envEntries(view, container).some((e) => replicationVariables.has(e.name));
}

/** The single-primary database the workload's main (first) container runs with no replication set up, if any. For the reporting path. */
function singlePrimaryDatabase(obj: KubeObject): (typeof singlePrimaryDatabases)[number] | undefined {
  const view = obj.view;
  const containers = obj.podSpecs.flatMap((p) => p.containers.filter((c) => c.kind === 'containers').map((c) => c.node));
  const main = containers[0];
  if (main === undefined || containers.some((c) => replicates(view, c))) {
    return undefined;
  }
  const name = imageName(view, main);
  return singlePrimaryDatabases.find((d) => d.images.includes(name));
}

/**
 * Every container only sleeps and listens on no port: a toolbox people exec into (a benchmark client, a debug shell),
 * which serves nothing a second replica would keep up.
 */
function execToolbox(obj: KubeObject): boolean {
  const view = obj.view;
  const main = obj.podSpecs.flatMap((p) => p.containers.filter((c) => c.kind === 'containers'));
  return main.length > 0 && main.every((c) => view.list(view.get(c.node, 'ports')).length === 0 && containerOnlySleeps(view, c.node));
}

/** What too few replicas risk, and the remedy: more replicas, or replication for a single-primary database. */
function replicasMessage(obj: KubeObject, replicas: number, min: number): string {
  const runs = `This ${obj.kind ?? ''} runs ${replicas} replica${replicas === 1 ? '' : 's'}`;
  const database = singlePrimaryDatabase(obj);
  if (database) {
    return `${runs} of ${database.name}, so a node drain or crash takes it down; raising replicas would not copy its data (each pod would start a separate database), so for high availability set up ${database.ha}.`;
  }
  return `${runs}, so a node drain or crash takes it down; run at least ${min} (or let an HPA manage it).`;
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK306',
    name: 'replicas-too-few',
    family: 'performance',
    severity: 'info',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { kubeLinter: ['minimum-three-replicas'], kubeScore: ['deployment-replicas'], polaris: ['deploymentMissingReplicas'] },
    description: 'A Deployment or StatefulSet runs fewer replicas than the configured minimum.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    if (!obj || (obj.kind !== 'Deployment' && obj.kind !== 'StatefulSet')) {
      return out;
    }
    const view = obj.view;
    const option = ctx.settings.ruleOptions.MLK306?.minReplicas;
    const min = typeof option === 'number' ? option : 2;
    const spec = view.get(obj.root, 'spec');
    const value = view.scalar(view.get(spec, 'replicas'))?.value;
    const replicas = typeof value === 'number' ? value : value === undefined ? 1 : undefined;
    // Enough replicas (most objects): the exemptions need not be read. Single-replica GPU inference is a deliberate
    // cost choice (trap T5). An HPA owns the scale (MLK310 judges its minReplicas); a kustomization that sets the
    // replicas overrides the manifest's.
    if (replicas === undefined || replicas >= min || objectRequestsAccelerator(obj, ctx.cluster) || ctx.scaledByHpa(obj) || ctx.kustomizeBuild?.replicas.some((t) => targetsObject(t, obj)) === true || execToolbox(obj)) {
      return out;
    }
    // Recreate with a claimed volume is a single writer by design (a database on its ReadWriteOnce volume): a second replica would share the disk.
    if (obj.kind === 'Deployment' && view.text(view.at(obj.root, ['spec', 'strategy']), 'type') === 'Recreate' && obj.podSpecs.some((p) => view.list(view.get(p.spec, 'volumes')).some((v) => view.get(v, 'persistentVolumeClaim') !== undefined))) {
      return out;
    }
    const range = view.valueRange(spec, 'replicas') ?? view.rangeOfKey(obj.root, ['spec']);
    if (range) {
      out.push(finding(range, replicasMessage(obj, replicas, min)));
    }
    return out;
  },
};
