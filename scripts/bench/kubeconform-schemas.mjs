// Writes our bundled Kubernetes schemas (schemas/kubernetes.json) as a kubeconform schema folder, so the
// benchmark runs kubeconform offline against the same schemas MLK002 uses. Layout: kubeconform's default
// `-schema-location` template, `{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json`,
// e.g. `v1.34.4-standalone-strict/deployment-apps-v1.json`. Each file holds one kind's definition plus the
// definitions it reaches (under `definitions`, refs rewritten to `#/definitions/…`), descriptions dropped.
// Objects that list properties are closed (`additionalProperties: false`) unless they preserve unknown
// fields, which is how our validator reads them and what kubeconform's `-strict` schemas do.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

function translate(schema, reached, queue) {
  if (Array.isArray(schema)) {
    return schema.map((s) => translate(s, reached, queue));
  }
  if (schema === null || typeof schema !== 'object') {
    return schema;
  }
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'description' || k === 'title') {
      continue;
    }
    if (k === '$ref' && typeof v === 'string') {
      const name = v.replace(/^#\/(definitions|\$defs)\//, '');
      if (!reached.has(name)) {
        reached.add(name);
        queue.push(name);
      }
      out.$ref = `#/definitions/${name}`;
    } else if (k === 'properties' || k === 'patternProperties') {
      out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, translate(s, reached, queue)]));
    } else {
      out[k] = translate(v, reached, queue);
    }
  }
  if (schema['x-kubernetes-int-or-string'] && out.type === undefined && out.anyOf === undefined && out.oneOf === undefined) {
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (schema.properties && schema.additionalProperties === undefined && !schema['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}

function kindSuffix(apiVersion) {
  const parts = apiVersion.split('/');
  const group = (parts[0] ?? '').split('.')[0].toLowerCase();
  return parts.length > 1 ? `-${group}-${parts[1].toLowerCase()}` : `-${group}`;
}

/** Writes the folder; returns the `-schema-location` value, the `-kubernetes-version` and the number of kinds. */
export function writeKubeconformSchemas(bundleFile, outDir, versionId) {
  const bundle = JSON.parse(readFileSync(bundleFile, 'utf8'));
  const k8s = bundle.kubernetes.find((v) => v.id === versionId) ?? bundle.kubernetes[0];
  const kubernetesVersion = k8s.version.replace(/^v/, '');
  const folder = path.join(outDir, `v${kubernetesVersion}-standalone-strict`);
  mkdirSync(folder, { recursive: true });
  const kinds = [...k8s.kinds, ...bundle.crds.flatMap((c) => c.kinds)];
  let written = 0;
  for (const kind of kinds) {
    const reached = new Set([kind.ref]);
    const queue = [kind.ref];
    const definitions = {};
    while (queue.length > 0) {
      const name = queue.shift();
      const def = bundle.definitions[name];
      if (def) {
        definitions[name] = translate(def, reached, queue);
      }
    }
    const schema = { $schema: 'http://json-schema.org/draft-07/schema#', $ref: `#/definitions/${kind.ref}`, definitions };
    writeFileSync(path.join(folder, `${kind.kind.toLowerCase()}${kindSuffix(kind.apiVersion)}.json`), JSON.stringify(schema));
    written++;
  }
  const location = `${outDir}/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json`;
  return { location, kubernetesVersion, kinds: written };
}
