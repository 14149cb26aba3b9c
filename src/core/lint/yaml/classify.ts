/** What a YAML file is, judged by content (§10): `apiVersion` + `kind` → Kubernetes; `services:` → Compose. */
export type YamlKind = 'kubernetes' | 'compose' | 'other';

const apiVersionRe = /^apiVersion[ \t]*:/m;
const kindRe = /^kind[ \t]*:/m;
const servicesRe = /^services[ \t]*:/m;

/** `compose*.y*ml`, `docker-compose*.y*ml` (§1.1 MLC). */
export function isComposeFileName(name: string): boolean {
  return /^(?:docker-)?compose(?:[.-].*)?\.ya?ml$/i.test(name);
}

export function isYamlFileName(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}

/** Cheap content sniffing: top-level keys at column 0 in any document (nested keys do not count: a Helm values file is not a manifest). */
export function classifyYaml(text: string, fileName?: string): YamlKind {
  if (fileName !== undefined && isComposeFileName(fileName)) {
    return 'compose';
  }
  if (apiVersionRe.test(text) && kindRe.test(text)) {
    return 'kubernetes';
  }
  if (servicesRe.test(text)) {
    return 'compose';
  }
  return 'other';
}
