/** What we know about Red Hat's YAML extension (redhat.vscode-yaml) and Docker DX in this window. */
export interface YamlNeighbours {
  redHatActive: boolean;
  /** Red Hat's `yaml.schemas` setting (schema URL or name -> glob(s)). */
  redHatSchemas: Record<string, unknown> | undefined;
  /** Red Hat's `yaml.schemaStore.enable` (default true). */
  redHatSchemaStore: boolean | undefined;
  /** Docker DX (docker.docker) installed: Red Hat then stops applying the Compose schema. */
  dockerDxInstalled: boolean;
}

export interface CoexistencePlan {
  /** Kubernetes manifests: always ours (offline, versioned, with the ML operators' CRDs). */
  kubernetes: 'ours';
  /** Compose files: Red Hat's SchemaStore already applies the same compose-spec schema, so we stay quiet then. */
  compose: 'ours' | 'theirs';
  /** Shown once when Red Hat also validates Kubernetes manifests: the one setting that removes the doubles. */
  hint?: string;
}

const mapsKubernetes = (schemas: Record<string, unknown> | undefined): boolean =>
  Object.keys(schemas ?? {}).some((k) => k === 'kubernetes' || /kubernetes-json-schema|yannh|instrumenta/i.test(k));

export const duplicateHint =
  'Red Hat YAML also validates Kubernetes manifests here (the "kubernetes" entry in the yaml.schemas setting), so problems may show twice. ' +
  'ML Containers validates them offline with versioned schemas and the ML operators\' CRDs: remove that entry to see each problem once.';

export function planCoexistence(n: YamlNeighbours): CoexistencePlan {
  if (!n.redHatActive) {
    return { kubernetes: 'ours', compose: 'ours' };
  }
  const compose = n.redHatSchemaStore !== false && !n.dockerDxInstalled ? 'theirs' : 'ours';
  return mapsKubernetes(n.redHatSchemas) ? { kubernetes: 'ours', compose, hint: duplicateHint } : { kubernetes: 'ours', compose };
}
