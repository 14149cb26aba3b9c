import type { Node } from 'yaml';
import type { ContainerRef, PodSpecRef } from '../kubernetes/model';
import type { YamlView } from '../yaml/access';

/** A host name a container dials, and where it is written. */
export interface NamedHost {
  /** Lower case, without a trailing dot; `$(LWS_LEADER_ADDRESS)` for a reference to the address LeaderWorkerSet injects. */
  host: string;
  node: Node;
  /** `its args`, `its command` or `env NAME`, for messages. */
  where: string;
}

/** How namedHosts writes a reference to LeaderWorkerSet's LWS_LEADER_ADDRESS (`<leader>.<lws>.<namespace>`). */
export const lwsLeaderAddress = '$(LWS_LEADER_ADDRESS)';

const urlRe = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/\s]*@)?([^/:?#\s]+)/i;
const hostPortRe = /^([a-z0-9][a-z0-9.-]*):(?:\d{1,5}|\$[({]?\w+[)}]?)(?:\/|$)/i;
/** Flags whose value is a host: `--master-addr`, `--dist-init-addr`, `--server`, `--redis-host`. */
const hostFlagRe = /^--?[\w.-]*(?:host|addr|address|server|master|endpoint|url|uri|coordinator)$/i;
/** Env names whose value is a host: `MASTER_ADDR`, `REDIS_HOST`, `LMCACHE_NIXL_RECEIVER_HOST`. */
const hostEnvRe = /(?:HOST|ADDR|ADDRESS|SERVER|MASTER|ENDPOINT|URL|URI|COORDINATOR)$/i;
const assignRe = /^([A-Za-z_]\w*)=(.*)$/;
const lwsLeaderRe = /\$[({]?LWS_LEADER_ADDRESS\b/;
const dnsNameRe = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/;
const numericRe = /^[\d.]+$/;
const wordSplitRe = /[\s,;"'`]+/;

/** The DNS name a word holds as a URL's host, a `host:port`, or (`bare`) the whole word; undefined for an IP or localhost. */
function hostOf(word: string, bare: boolean): string | undefined {
  if (lwsLeaderRe.test(word)) {
    return lwsLeaderAddress;
  }
  const raw = urlRe.exec(word)?.[1] ?? hostPortRe.exec(word)?.[1] ?? (bare ? word : undefined);
  const host = raw?.toLowerCase().replace(/\.$/, '');
  return host !== undefined && host !== 'localhost' && dnsNameRe.test(host) && !numericRe.test(host) ? host : undefined;
}

/** The words of a command line or script item: split on blanks, quotes and list separators. */
function wordsOf(text: string): string[] {
  return text.includes(' ') || text.includes('\n') || text.includes(',') || text.includes('"') || text.includes("'") ? text.split(wordSplitRe).filter((w) => w !== '') : [text];
}

/** The hosts a command line names: URLs, `host:port` words, the values of host flags and of `NAME_HOST=` assignments. */
function commandHosts(view: YamlView, c: ContainerRef, out: NamedHost[]): void {
  // Read command then args, so that a host flag ending the command pairs with the first arg.
  let hostFlag = false;
  for (const where of ['command', 'args']) {
    for (const node of view.items(view.get(c.node, where))) {
      const text = view.str(node);
      for (const word of text === undefined ? [] : wordsOf(text)) {
        const eq = word.indexOf('=');
        const assign = word.startsWith('-') ? undefined : assignRe.exec(word);
        const flag = word.startsWith('-') ? (eq > 0 ? word.slice(0, eq) : word) : undefined;
        const host =
          flag !== undefined ? (eq > 0 ? hostOf(word.slice(eq + 1), hostFlagRe.test(flag)) : undefined) : assign ? hostOf(assign[2] ?? '', hostEnvRe.test(assign[1] ?? '')) : hostOf(word, hostFlag);
        if (host !== undefined) {
          out.push({ host, node, where: `its ${where}` });
        }
        hostFlag = flag !== undefined && eq < 0 && hostFlagRe.test(flag);
      }
    }
  }
}

/** The hosts env values name: a host env's whole value, and URLs or `host:port` words in any value. */
function envHosts(view: YamlView, c: ContainerRef, out: NamedHost[]): void {
  for (const env of view.items(view.get(c.node, 'env'))) {
    const name = view.text(env, 'name');
    const valueNode = view.get(env, 'value');
    const value = view.str(valueNode);
    if (name === undefined || value === undefined || valueNode === undefined) {
      continue;
    }
    const words = wordsOf(value);
    const bare = words.length === 1 && hostEnvRe.test(name);
    for (const word of words) {
      const host = hostOf(word, bare);
      if (host !== undefined) {
        out.push({ host, node: valueNode, where: `env ${name}` });
      }
    }
  }
}

/** The words whose presence lets a string name a host without a `:` in it: a host flag's or host env's, or LWS_LEADER_ADDRESS. */
const hostWordRe = /host|addr|server|master|endpoint|ur[il]|coordinator/i;

function mayHoldHost(text: string | undefined): boolean {
  return text !== undefined && (text.includes(':') || hostWordRe.test(text));
}

/**
 * Whether namedHosts may find a host in the container: some command, args or env item holds a `:` (a URL, a
 * `host:port`) or a word of a host flag or host env name. Cheaper than namedHosts, for rules that ask of every container.
 */
export function mayNameHosts(view: YamlView, c: ContainerRef): boolean {
  for (const pair of view.pairs(c.node)) {
    const key = view.keyOf(pair);
    const list = key === 'command' || key === 'args' || key === 'env' ? view.items(pair.value) : undefined;
    if (list !== undefined && (key === 'env' ? list.some((e) => mayHoldHost(view.text(e, 'name')) || mayHoldHost(view.text(e, 'value'))) : list.some((n) => mayHoldHost(view.str(n))))) {
      return true;
    }
  }
  return false;
}

/** The host names a container's command, args and env values name, in that order. */
export function namedHosts(view: YamlView, c: ContainerRef): NamedHost[] {
  const out: NamedHost[] = [];
  commandHosts(view, c, out);
  envHosts(view, c, out);
  return out;
}

/** A name the pod's own /etc/hosts maps (`hostAliases`): no DNS asked. */
export function aliasedHost(view: YamlView, pod: PodSpecRef, host: string): boolean {
  return view.items(view.get(pod.spec, 'hostAliases')).some((a) => view.items(view.get(a, 'hostnames')).some((h) => view.str(h)?.toLowerCase() === host));
}
