/**
 * Registry credentials as the docker CLI finds them in its config file: `credHelpers` per
 * registry, else `credsStore`, else the base64 `auths` entries. Pure: the helper is run by infra.
 * Nothing here logs; callers must never log the resolved secrets.
 */
export interface DockerCliConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string; email?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

export interface RegistryAuth {
  serveraddress: string;
  username?: string;
  password?: string;
  identitytoken?: string;
}

export type AuthSource =
  | { kind: 'helper'; helper: string; serverUrl: string; registry: string }
  | { kind: 'auths'; auth: RegistryAuth; registry: string }
  | { kind: 'none'; registry: string }
  | { kind: 'invalid'; registry: string; reason: string };

export const dockerHubIndex = 'https://index.docker.io/v1/';

/** The registry host of an image reference ("docker.io" for Docker Hub names). */
export function registryOf(ref: string): string {
  const slash = ref.indexOf('/');
  if (slash < 0) {
    return 'docker.io';
  }
  const first = ref.slice(0, slash);
  if (first.includes('.') || first.includes(':') || first === 'localhost') {
    return first === 'index.docker.io' || first === 'registry-1.docker.io' ? 'docker.io' : first;
  }
  return 'docker.io';
}

/** As the CLI's ConvertToHostname: scheme and path dropped. */
export function hostOfKey(key: string): string {
  const noScheme = key.replace(/^[a-z]+:\/\//i, '');
  return noScheme.split('/')[0] ?? noScheme;
}

function serverUrlFor(registry: string): string {
  return registry === 'docker.io' ? dockerHubIndex : registry;
}

const helperNameRe = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

function decodeBase64(b64: string): string {
  const bin = atob(b64);
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

/** Decodes `auths.<key>.auth` ("user:password" in base64). */
export function decodeAuthField(b64: string): { username: string; password: string } | undefined {
  let text: string;
  try {
    text = decodeBase64(b64.trim());
  } catch {
    return undefined;
  }
  const colon = text.indexOf(':');
  return colon < 0 ? undefined : { username: text.slice(0, colon), password: text.slice(colon + 1).replace(/\0+$/, '') };
}

function isHub(host: string): boolean {
  return host === 'docker.io' || host === 'index.docker.io' || host === 'registry-1.docker.io';
}

export function authSourceFor(config: DockerCliConfig, registry: string): AuthSource {
  const serverUrl = serverUrlFor(registry);
  const helperFor = Object.entries(config.credHelpers ?? {}).find(([key]) => hostOfKey(key) === registry || (isHub(registry) && isHub(hostOfKey(key))))?.[1] ?? config.credsStore;
  if (helperFor) {
    if (!helperNameRe.test(helperFor)) {
      return { kind: 'invalid', registry, reason: `the credential helper name "${helperFor}" in the docker config is not a plain name` };
    }
    return { kind: 'helper', helper: helperFor, serverUrl, registry };
  }
  const entry = Object.entries(config.auths ?? {}).find(([key]) => hostOfKey(key) === registry || (isHub(registry) && isHub(hostOfKey(key))))?.[1];
  if (!entry) {
    return { kind: 'none', registry };
  }
  if (entry.identitytoken) {
    return { kind: 'auths', registry, auth: { serveraddress: serverUrl, identitytoken: entry.identitytoken } };
  }
  if (entry.auth) {
    const decoded = decodeAuthField(entry.auth);
    if (!decoded) {
      return { kind: 'invalid', registry, reason: `the auths entry for ${registry} in the docker config is not valid base64 "user:password"` };
    }
    return { kind: 'auths', registry, auth: { serveraddress: serverUrl, ...decoded } };
  }
  if (entry.username !== undefined && entry.password !== undefined) {
    return { kind: 'auths', registry, auth: { serveraddress: serverUrl, username: entry.username, password: entry.password } };
  }
  return { kind: 'none', registry };
}

/** `docker-credential-<name> get` prints {ServerURL, Username, Secret}; "<token>" means an identity token. */
export function authFromHelperOutput(stdout: string, serverUrl: string): RegistryAuth | undefined {
  let parsed: { Username?: unknown; Secret?: unknown };
  try {
    parsed = JSON.parse(stdout) as { Username?: unknown; Secret?: unknown };
  } catch {
    return undefined;
  }
  if (typeof parsed.Secret !== 'string' || parsed.Secret === '') {
    return undefined;
  }
  if (parsed.Username === '<token>') {
    return { serveraddress: serverUrl, identitytoken: parsed.Secret };
  }
  return { serveraddress: serverUrl, username: typeof parsed.Username === 'string' ? parsed.Username : '', password: parsed.Secret };
}

/** Helpers say this on stdout (exit 1) when they hold nothing for the server: push anonymously. */
export function isCredentialsNotFound(output: string): boolean {
  return /credentials not found/i.test(output);
}

/** Where credentials came from, for logs: never the secret itself. */
export function describeAuthSource(s: AuthSource): string {
  switch (s.kind) {
    case 'helper':
      return `credential helper docker-credential-${s.helper} for ${s.registry}`;
    case 'auths':
      return `the docker config's auths entry for ${s.registry}`;
    case 'none':
      return `no credentials for ${s.registry} (anonymous)`;
    case 'invalid':
      return s.reason;
  }
}
