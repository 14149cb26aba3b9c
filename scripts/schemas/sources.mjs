// Where the OpenAPI documents come from: the test cluster's /openapi/v3 (over 127.0.0.1 with the admin
// client certificate) or the k8s.io/kubernetes Go module's api/openapi-spec/v3.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import { request } from 'node:https';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

export const goModCache = process.env.GOMODCACHE ?? join(homedir(), '.cache/ml-containers/go/pkg/mod');

/** `go mod download -json module@version` in a throwaway module; returns { Dir, Version }. */
export function goModule(module, version) {
  const tmp = execFileSync('mktemp', ['-d']).toString().trim();
  execFileSync('go', ['mod', 'init', 'tmp/schemas'], { cwd: tmp, stdio: 'ignore' });
  const out = execFileSync('go', ['mod', 'download', '-json', `${module}@${version}`], {
    cwd: tmp, env: { ...process.env, GOMODCACHE: goModCache, GOFLAGS: '-mod=mod' }, maxBuffer: 1 << 24,
  });
  const info = JSON.parse(out.toString());
  if (info.Error) {
    throw new Error(`${module}@${version}: ${info.Error}`);
  }
  return info;
}

export function moduleOpenApi(dir) {
  const specDir = join(dir, 'api/openapi-spec/v3');
  return readdirSync(specDir).filter((f) => f.endsWith('_openapi.json')).map((f) => JSON.parse(readFileSync(join(specDir, f), 'utf8')));
}

function client(kubeconfigPath) {
  const kc = parse(readFileSync(kubeconfigPath, 'utf8'));
  const ctx = kc.contexts.find((c) => c.name === kc['current-context'])?.context;
  const cluster = kc.clusters.find((c) => c.name === ctx.cluster).cluster;
  const user = kc.users.find((u) => u.name === ctx.user).user;
  const server = new URL(cluster.server);
  if (server.hostname !== '127.0.0.1') {
    throw new Error(`refusing to fetch OpenAPI from ${server.hostname}: only the loopback test cluster is used`);
  }
  const b64 = (s) => Buffer.from(s, 'base64');
  const opts = { ca: b64(cluster['certificate-authority-data']), cert: b64(user['client-certificate-data']), key: b64(user['client-key-data']) };
  return (path) => new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: 'GET', ...opts, timeout: 30_000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(Buffer.concat(chunks).toString())) : reject(new Error(`GET ${path}: ${res.statusCode}`))));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path}: timeout`)));
    req.on('error', reject);
    req.end();
  });
}

/** All built-in group-versions of the live API server (CRD-served groups left out), plus its version. */
export async function serverOpenApi(kubeconfigPath) {
  const get = client(kubeconfigPath);
  const version = await get('/version');
  const crds = await get('/apis/apiextensions.k8s.io/v1/customresourcedefinitions');
  const crdGroups = new Set(crds.items.map((c) => c.spec.group));
  const index = await get('/openapi/v3');
  const docs = [];
  for (const [path, { serverRelativeURL }] of Object.entries(index.paths)) {
    const parts = path.split('/');
    const group = parts[0] === 'apis' ? parts[1] : '';
    if (!/^(api|apis)\//.test(path) || crdGroups.has(group) || parts.length < (parts[0] === 'api' ? 2 : 3)) {
      continue;
    }
    docs.push(await get(serverRelativeURL));
  }
  return { version: version.gitVersion, docs };
}
