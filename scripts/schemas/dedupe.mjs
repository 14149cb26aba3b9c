// Inline subtrees repeated across CRDs (pod templates, affinity, volumes) become shared definitions.
import { createHash } from 'node:crypto';

const minChars = 400;

/** Rewrites `schemas` (name -> schema) in place so that every repeated subtree of at least minChars is a `$ref`. */
export function dedupeSubtrees(schemas, definitions) {
  const counts = new Map();
  const count = (node) => {
    if (!node || typeof node !== 'object') {
      return;
    }
    const text = JSON.stringify(node);
    if (text.length >= minChars && !Array.isArray(node)) {
      counts.set(text, (counts.get(text) ?? 0) + 1);
    }
    for (const v of Object.values(node)) {
      count(v);
    }
  };
  for (const s of Object.values(schemas)) {
    count(s);
  }
  const byText = new Map();
  const rewrite = (node, hint) => {
    if (!node || typeof node !== 'object' || Array.isArray(node)) {
      return node;
    }
    const text = JSON.stringify(node);
    if ((counts.get(text) ?? 0) >= 2 && text.length >= minChars) {
      let name = byText.get(text);
      if (!name) {
        name = `shared.${hint}.${createHash('sha256').update(text).digest('hex').slice(0, 8)}`;
        byText.set(text, name);
        definitions[name] = rewriteChildren(node);
      }
      const ref = { $ref: name };
      return ref;
    }
    return rewriteChildren(node);
  };
  const rewriteChildren = (node) => {
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === 'properties' || k === 'patternProperties') {
        out[k] = Object.fromEntries(Object.entries(v).map(([pk, pv]) => [pk, rewrite(pv, pk)]));
      } else if (k === 'items' || k === 'additionalProperties') {
        out[k] = typeof v === 'object' ? rewrite(v, k) : v;
      } else if (k === 'anyOf' || k === 'allOf') {
        out[k] = v.map((x) => rewrite(x, k));
      } else {
        out[k] = v;
      }
    }
    return out;
  };
  for (const [name, s] of Object.entries(schemas)) {
    schemas[name] = rewriteChildren(s);
  }
}
