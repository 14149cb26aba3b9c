/** What a YAML file is, judged by content (§10): `apiVersion` + `kind` → Kubernetes; `services:` → Compose. */
export type YamlKind = 'kubernetes' | 'compose' | 'other';

// Keys may be quoted: Kubeflow Pipelines' v1 compiler writes `"apiVersion": |-` and so on.
const apiVersionRe = /^(?:apiVersion|"apiVersion"|'apiVersion')[ \t]*:/m;
const kindRe = /^(?:kind|"kind"|'kind')[ \t]*:/m;
const servicesRe = /^(?:services|"services"|'services')[ \t]*:/m;

/** `compose*.y*ml`, `docker-compose*.y*ml` (§1.1 MLC). */
export function isComposeFileName(name: string): boolean {
  return /^(?:docker-)?compose(?:[.-].*)?\.ya?ml$/i.test(name);
}

export function isYamlFileName(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}

export function isJsonFileName(name: string): boolean {
  return /\.json$/i.test(name);
}

/**
 * JSON whose top-level object has a string apiVersion and kind: a manifest (`kubectl get -o json`
 * writes them; JSON is YAML, so it lints as such). `whole`: the text is the whole file, parsed to
 * tell; else only its head is known, and the first key must be apiVersion or kind (kubectl sorts
 * the keys, so its output opens with `"apiVersion"`).
 */
export function isJsonManifest(text: string, whole: boolean): boolean {
  if (!whole) {
    return /^\s*\{\s*"(?:apiVersion|kind)"\s*:\s*"/.test(text);
  }
  if (!/^\s*\{/.test(text)) {
    return false;
  }
  try {
    const value = JSON.parse(text) as { apiVersion?: unknown; kind?: unknown } | null;
    return typeof value?.apiVersion === 'string' && typeof value.kind === 'string';
  } catch {
    return false;
  }
}

const flowDocumentRe = /^\{/m;
const flowApiVersionRe = /[{,\s]["']?apiVersion["']?[ \t]*:/;
const flowKindRe = /[{,\s]["']?kind["']?[ \t]*:/;

/** A document written as one flow mapping at column 0 (`{ apiVersion: "autoscaling/v2", kind: HorizontalPodAutoscaler, … }`). */
function isFlowManifest(text: string): boolean {
  return flowDocumentRe.test(text) && flowApiVersionRe.test(text) && flowKindRe.test(text);
}

/** Cheap content sniffing: top-level keys at column 0 in any document (nested keys do not count: a Helm values file is not a manifest). */
export function classifyYaml(text: string, fileName?: string): YamlKind {
  if (fileName !== undefined && isComposeFileName(fileName)) {
    return 'compose';
  }
  if ((apiVersionRe.test(text) && kindRe.test(text)) || isFlowManifest(text)) {
    return 'kubernetes';
  }
  if (servicesRe.test(text)) {
    return 'compose';
  }
  return 'other';
}
