/** The subset of JSON Schema (plus Kubernetes' x- hints) that the generator keeps. */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  description?: string;
  title?: string;
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, Schema>;
  patternProperties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  /** JSON Schema 2019-09 (Compose): `false` closes an `allOf` composition like additionalProperties. */
  unevaluatedProperties?: boolean | Schema;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-list-type'?: string;
}

export interface KindRef {
  apiVersion: string;
  kind: string;
  namespaced: boolean;
  ref: string;
}

/** schemas/kubernetes.json */
export interface KubernetesBundle {
  kubernetes: { id: string; version: string; from: string; kinds: KindRef[] }[];
  crds: { id: string; version: string; kinds: KindRef[] }[];
  definitions: Record<string, Schema>;
}

/** A kind we have a schema for, and where the schema came from (for hovers). */
export interface KindEntry extends KindRef {
  origin: string;
  /** A Kubernetes API kind, not an operator's CRD. */
  builtIn?: true;
  /** A CRD the connected cluster serves (so the version the user's operator has). */
  fromCluster?: true;
}

/** A schema together with the definitions its `$ref`s point into. */
export interface SchemaSpace {
  definitions: Record<string, Schema>;
  label: string;
}

export type Severity = 'error' | 'warning';

/** A finding at source offsets [start, end) of the whole file. */
export interface SchemaDiagnostic {
  start: number;
  end: number;
  message: string;
  severity: Severity;
  code: 'unknown-field' | 'type' | 'required' | 'enum' | 'format' | 'api-version' | 'unknown-kind' | 'duplicate';
  /** JSON path of the offending value, e.g. `spec.template.spec.containers[0].image`. */
  path: string;
}
