import { commandWords } from '../../command-words';
import type { ContainerRef, KubeObject, PodSpecRef } from '../../kubernetes/model';
import type { KubernetesContext } from '../../kubernetes/rule';
import type { ContainerScript } from './container-scripts';
import { containerScripts } from './container-scripts';
import { envEntries } from './helpers';
import type { LaunchWord, MultiNodeLaunch } from './multi-node-launch';
import { multiNodeLaunch } from './multi-node-launch';
import { namesPodDns, waitedPeer } from './peer-wait';
import type { GateProbe } from './ready-after-start';
import { readyOnlyWhenServing } from './ready-after-start';
import { scriptTokens } from './script-tokens';

/** Why the first pod of a StatefulSet cannot become Ready before a pod with a higher ordinal exists. */
export interface OrderedStartStall {
  c: ContainerRef;
  /** A pod of the set the container waits for, as its script writes it; undefined for a launcher. */
  peer?: string;
  /** The script file it waits in, when read from a ConfigMap. */
  path?: string;
  launch?: MultiNodeLaunch;
  /** The probe that keeps an app container from being Ready meanwhile; undefined for an init container. */
  probe?: GateProbe;
  /** The container reaches pods of the set by their DNS names, which the headless Service publishes only for Ready pods. */
  podDns: boolean;
}

/** The container's env values written in the manifest (not those from valueFrom or envFrom). */
function envValues(obj: KubeObject, c: ContainerRef): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of envEntries(obj.view, c.node)) {
    if (e.value !== undefined && !e.hasValueFrom) {
      out.set(e.name, e.value);
    }
  }
  return out;
}

function scriptWords(script: ContainerScript): LaunchWord[] {
  return scriptTokens(script.text).map((t) => ({ text: t.text, separator: t.op }));
}

/** The multi-node launcher the container runs: on its command line, or in a script it runs from a ConfigMap. */
function launchOf(obj: KubeObject, c: ContainerRef, scripts: readonly ContainerScript[], env: ReadonlyMap<string, string>): MultiNodeLaunch | undefined {
  const view = obj.view;
  const line = multiNodeLaunch(commandWords(view, [view.list(view.get(c.node, 'command')), view.list(view.get(c.node, 'args'))]), env);
  return line ?? scripts.filter((s) => s.path !== undefined).map((s) => multiNodeLaunch(scriptWords(s), env)).find((l) => l !== undefined);
}

function peerWait(scripts: readonly ContainerScript[], setName: string | undefined, first: number, env: ReadonlyMap<string, string>): { peer: string; path?: string } | undefined {
  for (const script of setName === undefined ? [] : scripts) {
    const peer = waitedPeer(script.text, setName as string, first, env);
    if (peer !== undefined) {
      return script.path === undefined ? { peer } : { peer, path: script.path };
    }
  }
  return undefined;
}

/** The container's command line or scripts name a pod of the set by its DNS name. */
function reachesPodsByDns(obj: KubeObject, c: ContainerRef, scripts: readonly ContainerScript[]): boolean {
  const view = obj.view;
  const texts = [...view.list(view.get(c.node, 'command')), ...view.list(view.get(c.node, 'args'))].map((item) => view.str(item) ?? '');
  return obj.name !== undefined && [...texts, ...scripts.map((s) => s.text)].some((text) => namesPodDns(text, obj.name as string));
}

/** An app container that waits for the rest of its group (a peer wait, a multi-node launch) and is not Ready meanwhile. */
function appStall(ctx: KubernetesContext, obj: KubeObject, pod: PodSpecRef, c: ContainerRef, first: number): OrderedStartStall | undefined {
  // Without either probe the container is Ready once it has started: nothing to read.
  if (obj.view.get(c.node, 'readinessProbe') === undefined && obj.view.get(c.node, 'startupProbe') === undefined) {
    return undefined;
  }
  const env = envValues(obj, c);
  const scripts = containerScripts(ctx, obj, pod, c);
  const launch = launchOf(obj, c, scripts, env);
  const waited = launch === undefined ? peerWait(scripts, obj.name, first, env) : undefined;
  const probe = launch !== undefined || waited !== undefined ? readyOnlyWhenServing(obj.view, c.node, launch?.rendezvousPorts ?? new Set()) : undefined;
  if (probe === undefined) {
    return undefined;
  }
  const podDns = reachesPodsByDns(obj, c, scripts);
  return launch !== undefined ? { c, launch, probe, podDns } : { c, ...waited, probe, podDns };
}

/** An init container (not a sidecar) that waits for a pod of a higher ordinal: the pod never starts. */
function initStall(ctx: KubernetesContext, obj: KubeObject, pod: PodSpecRef, c: ContainerRef, first: number): OrderedStartStall | undefined {
  if (obj.view.text(c.node, 'restartPolicy') === 'Always') {
    return undefined;
  }
  const scripts = containerScripts(ctx, obj, pod, c);
  const waited = peerWait(scripts, obj.name, first, envValues(obj, c));
  return waited === undefined ? undefined : { c, ...waited, podDns: reachesPodsByDns(obj, c, scripts) };
}

/**
 * Why the StatefulSet's first pod (ordinal `first`) cannot become Ready until a pod with a higher ordinal exists: an init
 * container that waits for one, or an app container that waits for its peers (in a loop, or in a multi-node launcher
 * that waits for every node) while a readinessProbe or startupProbe asks its server. Undefined when nothing shows that.
 */
export function orderedStartStall(ctx: KubernetesContext, obj: KubeObject, pod: PodSpecRef, first: number): OrderedStartStall | undefined {
  for (const c of pod.containers) {
    const stall = c.kind === 'initContainers' ? initStall(ctx, obj, pod, c, first) : c.kind === 'containers' ? appStall(ctx, obj, pod, c, first) : undefined;
    if (stall) {
      return stall;
    }
  }
  return undefined;
}
