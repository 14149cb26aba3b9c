import { LineCounter, parseAllDocuments } from 'yaml';

export interface KubeCluster {
  name: string;
  server?: string;
  certificateAuthority?: string;
  certificateAuthorityData?: string;
  insecureSkipTlsVerify?: boolean;
  tlsServerName?: string;
}

export interface KubeExec {
  command: string;
  args: string[];
  env: { name: string; value: string }[];
  apiVersion?: string;
}

export interface KubeUser {
  name: string;
  token?: string;
  tokenFile?: string;
  clientCertificate?: string;
  clientCertificateData?: string;
  clientKey?: string;
  clientKeyData?: string;
  username?: string;
  password?: string;
  exec?: KubeExec;
  authProvider?: string;
}

export interface KubeContext {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
}

export interface Kubeconfig {
  clusters: KubeCluster[];
  users: KubeUser[];
  contexts: KubeContext[];
  currentContext?: string;
}

export type KubeconfigParse = { ok: true; config: Kubeconfig } | { ok: false; problem: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function namedList(root: Obj, key: string, inner: string, problems: string[]): { name: string; body: Obj }[] {
  const list = root[key];
  if (list === undefined || list === null) {
    return [];
  }
  if (!Array.isArray(list)) {
    problems.push(`"${key}" must be a list`);
    return [];
  }
  const out: { name: string; body: Obj }[] = [];
  list.forEach((item, i) => {
    const name = isObj(item) ? str(item.name) : undefined;
    if (!isObj(item) || !name) {
      problems.push(`${key}[${i}] has no name`);
      return;
    }
    out.push({ name, body: isObj(item[inner]) ? item[inner] : {} });
  });
  return out;
}

function parseExec(body: Obj): KubeExec | undefined {
  const exec = body.exec;
  if (!isObj(exec) || !str(exec.command)) {
    return undefined;
  }
  const args = Array.isArray(exec.args) ? exec.args.filter((a): a is string => typeof a === 'string') : [];
  const env = Array.isArray(exec.env)
    ? exec.env.filter(isObj).flatMap((e) => (str(e.name) !== undefined ? [{ name: str(e.name) ?? '', value: str(e.value) ?? '' }] : []))
    : [];
  const apiVersion = str(exec.apiVersion);
  return { command: str(exec.command) ?? '', args, env, ...(apiVersion ? { apiVersion } : {}) };
}

/** Parses one kubeconfig file. Never throws; a file that is not a kubeconfig yields a problem. */
export function parseKubeconfig(text: string): KubeconfigParse {
  if (text.includes('\u0000')) {
    return { ok: false, problem: 'binary content, not YAML' };
  }
  let docs;
  const lineCounter = new LineCounter();
  try {
    docs = parseAllDocuments(text, { prettyErrors: false, lineCounter });
  } catch (err) {
    return { ok: false, problem: err instanceof Error ? err.message : String(err) };
  }
  if (!Array.isArray(docs)) {
    return { ok: false, problem: 'empty file' };
  }
  const first = docs[0];
  if (!first) {
    return { ok: true, config: { clusters: [], users: [], contexts: [] } };
  }
  const error = first.errors[0];
  if (error) {
    const line = error.pos ? lineCounter.linePos(error.pos[0]).line : undefined;
    return { ok: false, problem: `invalid YAML${line ? ` at line ${line}` : ''}: ${error.message.split('\n')[0] ?? ''}` };
  }
  let root: unknown;
  try {
    root = first.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return { ok: false, problem: err instanceof Error ? err.message : String(err) };
  }
  if (root === null || root === undefined) {
    return { ok: true, config: { clusters: [], users: [], contexts: [] } };
  }
  if (!isObj(root)) {
    return { ok: false, problem: 'the top level is not a mapping' };
  }
  const problems: string[] = [];
  const clusters = namedList(root, 'clusters', 'cluster', problems).map(({ name, body }) => ({
    name,
    server: str(body.server),
    certificateAuthority: str(body['certificate-authority']),
    certificateAuthorityData: str(body['certificate-authority-data']),
    insecureSkipTlsVerify: body['insecure-skip-tls-verify'] === true,
    tlsServerName: str(body['tls-server-name']),
  }));
  const users = namedList(root, 'users', 'user', problems).map(({ name, body }) => ({
    name,
    token: str(body.token),
    tokenFile: str(body.tokenFile),
    clientCertificate: str(body['client-certificate']),
    clientCertificateData: str(body['client-certificate-data']),
    clientKey: str(body['client-key']),
    clientKeyData: str(body['client-key-data']),
    username: str(body.username),
    password: str(body.password),
    exec: parseExec(body),
    authProvider: isObj(body['auth-provider']) ? str(body['auth-provider'].name) : undefined,
  }));
  const contexts = namedList(root, 'contexts', 'context', problems).map(({ name, body }) => ({
    name,
    cluster: str(body.cluster) ?? '',
    user: str(body.user) ?? '',
    namespace: str(body.namespace),
  }));
  if (problems.length > 0) {
    return { ok: false, problem: problems.join('; ') };
  }
  const currentContext = str(root['current-context']) || undefined;
  return { ok: true, config: { clusters, users, contexts, ...(currentContext ? { currentContext } : {}) } };
}

/** kubectl's merge: the first file that defines a name (or current-context) wins. */
export function mergeKubeconfigs(configs: Kubeconfig[]): Kubeconfig {
  const merged: Kubeconfig = { clusters: [], users: [], contexts: [] };
  const add = <T extends { name: string }>(into: T[], items: T[]) => {
    for (const item of items) {
      if (!into.some((x) => x.name === item.name)) {
        into.push(item);
      }
    }
  };
  for (const c of configs) {
    add(merged.clusters, c.clusters);
    add(merged.users, c.users);
    add(merged.contexts, c.contexts);
    if (!merged.currentContext && c.currentContext) {
      merged.currentContext = c.currentContext;
    }
  }
  return merged;
}

/** Splits a KUBECONFIG value the way kubectl does (':' on POSIX, ';' on Windows), dropping empties and repeats. */
export function splitKubeconfigPaths(value: string, platform: string): string[] {
  const sep = platform === 'win32' ? ';' : ':';
  const seen = new Set<string>();
  return value.split(sep).filter((p) => p !== '' && !seen.has(p) && !!seen.add(p));
}
