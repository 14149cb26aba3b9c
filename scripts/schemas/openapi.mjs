// Kubernetes OpenAPI v3 (one document per group-version) -> normalized definitions + the kinds users write.

/** Shortens `io.k8s.api.core.v1.PodSpec` to `core.v1.PodSpec` (last three segments). */
export function shortName(full) {
  return full.split('.').slice(-3).join('.');
}

const keep = ['type', 'format', 'description', 'enum', 'required', 'x-kubernetes-int-or-string', 'x-kubernetes-embedded-resource',
  'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-list-map-keys', 'x-kubernetes-list-type'];

/** Keeps what validation, completion and hover need; `allOf: [{$ref}]` wrappers become plain `$ref`s. */
export function normalize(schema, refName) {
  if (!schema || typeof schema !== 'object') {
    return schema;
  }
  const out = {};
  const ref = schema.$ref ?? (Array.isArray(schema.allOf) && schema.allOf.length === 1 ? schema.allOf[0].$ref : undefined);
  if (ref) {
    out.$ref = refName(ref.replace('#/components/schemas/', ''));
  }
  for (const k of keep) {
    if (schema[k] !== undefined) {
      out[k] = schema[k];
    }
  }
  if (Array.isArray(schema.oneOf) && schema.oneOf.every((s) => typeof s.type === 'string')) {
    out.type = schema.oneOf.map((s) => s.type); // Quantity, IntOrString
  } else if (schema.oneOf || schema.anyOf) {
    const list = schema.oneOf ?? schema.anyOf;
    out.anyOf = list.map((s) => normalize(s, refName));
  }
  if (schema.allOf && !ref) {
    out.allOf = schema.allOf.map((s) => normalize(s, refName));
  }
  if (schema.format === 'int-or-string') {
    out['x-kubernetes-int-or-string'] = true;
  }
  if (out['x-kubernetes-int-or-string']) {
    out.type = ['integer', 'string'];
  }
  if (schema.properties) {
    out.properties = {};
    for (const [k, v] of Object.entries(schema.properties)) {
      out.properties[k] = normalize(v, refName);
    }
  }
  if (schema.items) {
    out.items = normalize(schema.items, refName);
  }
  if (schema.additionalProperties !== undefined) {
    out.additionalProperties = typeof schema.additionalProperties === 'object' ? normalize(schema.additionalProperties, refName) : schema.additionalProperties;
  }
  return out;
}

/** Written by the system, not by people: kept open so `kubectl get -o yaml` output still validates, without the big status trees. */
export const statusStub = { type: 'object', description: 'Most recently observed status, written by the system.', 'x-kubernetes-preserve-unknown-fields': true };

/**
 * The kinds of one set of OpenAPI v3 group-version documents: every kind with a create (POST on its collection)
 * and a patch (on the item) — what `kubectl apply` can write. Returns { definitions, kinds }.
 */
export function fromOpenApiDocuments(docs) {
  const raw = {};
  const kinds = new Map();
  for (const doc of docs) {
    Object.assign(raw, doc.components?.schemas ?? {});
    const patchable = new Set();
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      if (item.patch?.['x-kubernetes-action'] === 'patch' && /\/\{name\}$/.test(path)) {
        patchable.add(path.replace(/\/\{name\}$/, ''));
      }
    }
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      const op = item.post;
      const gvk = op?.['x-kubernetes-group-version-kind'];
      if (!gvk || op['x-kubernetes-action'] !== 'post' || !patchable.has(path) || /\{name\}/.test(path)) {
        continue;
      }
      const content = op.requestBody?.content ?? {};
      const ref = Object.values(content)[0]?.schema?.$ref?.replace('#/components/schemas/', '');
      if (!ref) {
        continue;
      }
      const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
      kinds.set(`${apiVersion}/${gvk.kind}`, { apiVersion, kind: gvk.kind, namespaced: path.includes('{namespace}'), full: ref });
    }
  }
  const names = new Map();
  const taken = new Set();
  for (const full of Object.keys(raw)) {
    let s = shortName(full);
    if (taken.has(s)) {
      s = full;
    }
    taken.add(s);
    names.set(full, s);
  }
  const refName = (full) => names.get(full) ?? full;
  const definitions = {};
  const visit = (full) => {
    const name = refName(full);
    if (definitions[name] || !raw[full]) {
      return;
    }
    const def = normalize(raw[full], refName);
    delete def['x-kubernetes-group-version-kind'];
    definitions[name] = def;
    JSON.stringify(raw[full], (k, v) => {
      if (k === '$ref' && typeof v === 'string') {
        visit(v.replace('#/components/schemas/', ''));
      }
      return v;
    });
  };
  const kindList = [];
  for (const k of [...kinds.values()].sort((a, b) => `${a.apiVersion}/${a.kind}`.localeCompare(`${b.apiVersion}/${b.kind}`))) {
    visit(k.full);
    const def = definitions[refName(k.full)];
    if (def.properties?.status) {
      def.properties.status = statusStub;
    }
    kindList.push({ apiVersion: k.apiVersion, kind: k.kind, namespaced: k.namespaced, ref: refName(k.full) });
  }
  // Status subtrees are no longer referenced from the kinds: drop definitions nothing reaches.
  return { definitions: reachable(definitions, kindList.map((k) => k.ref)), kinds: kindList };
}

export function refsOf(schema, out = new Set()) {
  JSON.stringify(schema, (k, v) => {
    if (k === '$ref' && typeof v === 'string') {
      out.add(v);
    }
    return v;
  });
  return out;
}

export function reachable(definitions, roots) {
  const seen = new Set();
  const stack = [...roots];
  while (stack.length) {
    const n = stack.pop();
    if (seen.has(n) || !definitions[n]) {
      continue;
    }
    seen.add(n);
    stack.push(...refsOf(definitions[n]));
  }
  return Object.fromEntries(Object.entries(definitions).filter(([k]) => seen.has(k)).sort(([a], [b]) => a.localeCompare(b)));
}
