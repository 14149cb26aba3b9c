import { keyMatchesPattern } from './key-pattern';
import type { Schema, SchemaSpace } from './types';

const maxRefDepth = 32;

/** Follows `$ref`s (bare names, `#/definitions/x`, `#/$defs/x`) and merges `allOf` into one schema. */
export function deref(schema: Schema | undefined, space: SchemaSpace): Schema | undefined {
  let s = schema;
  for (let i = 0; s?.$ref && i < maxRefDepth; i++) {
    s = space.definitions[s.$ref.replace(/^#\/(definitions|\$defs)\//, '')];
  }
  if (s?.allOf) {
    const merged: Schema = { ...s, allOf: undefined, properties: { ...s.properties }, required: [...(s.required ?? [])] };
    for (const p of s.allOf.map((x) => deref(x, space) ?? {})) {
      Object.assign(merged.properties!, p.properties);
      if (p.patternProperties) {
        merged.patternProperties = { ...merged.patternProperties, ...p.patternProperties };
      }
      merged.required!.push(...(p.required ?? []));
      merged.type ??= p.type;
    }
    s = merged;
  }
  // A field's own description ("Standard object metadata") beats its type's ("ObjectMeta is metadata that…").
  const outer = schema?.$ref ? schema.description : undefined;
  return s && outer && outer !== s.description ? { ...s, description: outer } : s;
}

export function types(s: Schema): string[] {
  if (s['x-kubernetes-int-or-string']) {
    return ['integer', 'string'];
  }
  return s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
}

/** The alternatives of a schema (`anyOf`/`oneOf`), or the schema itself. */
export function branches(s: Schema, space: SchemaSpace): Schema[] {
  const list = s.anyOf ?? s.oneOf;
  return list ? list.map((b) => deref(b, space)).filter((b): b is Schema => !!b) : [s];
}

/**
 * The schema of a key that only a pattern could place, when the patterns cannot be tested safely on it:
 * anything goes there, so nothing under the key is flagged.
 */
const untoldKeySchema: Schema = Object.freeze({});

/**
 * The schema `properties` declares for `key`, if it declares one: an own property only, so a key named like an
 * Object.prototype member (`constructor`, `toString`) is not taken for a declared field.
 */
export function declaredProperty(s: Schema | undefined, key: string): Schema | undefined {
  const props = s?.properties;
  return props !== undefined && Object.prototype.hasOwnProperty.call(props, key) ? props[key] : undefined;
}

/** The schema of `key` in an object schema (properties, then patternProperties, then additionalProperties). */
export function propertySchema(s: Schema, key: string, space: SchemaSpace): Schema | undefined {
  for (const b of branches(s, space)) {
    const p = declaredProperty(b, key);
    if (p) {
      return deref(p, space);
    }
    let untold = false;
    for (const [pattern, ps] of Object.entries(b.patternProperties ?? {})) {
      const matches = keyMatchesPattern(pattern, key);
      if (matches) {
        return deref(ps, space);
      }
      untold ||= matches === undefined;
    }
    if (untold) {
      return untoldKeySchema;
    }
    if (typeof b.additionalProperties === 'object') {
      return deref(b.additionalProperties, space);
    }
  }
  return undefined;
}

export function itemSchema(s: Schema, space: SchemaSpace): Schema | undefined {
  for (const b of branches(s, space)) {
    if (b.items) {
      return deref(b.items, space);
    }
  }
  return undefined;
}

/** Walks a path of keys and indexes down from a root schema. */
export function schemaAt(root: Schema, path: (string | number)[], space: SchemaSpace): Schema | undefined {
  let s = deref(root, space);
  for (const seg of path) {
    if (!s) {
      return undefined;
    }
    s = typeof seg === 'number' ? itemSchema(s, space) : propertySchema(s, seg, space);
  }
  return s;
}

/** All property names an object schema knows (for completion and "did you mean"). */
export function propertyNames(s: Schema, space: SchemaSpace): string[] {
  const names = new Set<string>();
  for (const b of branches(s, space)) {
    for (const k of Object.keys(b.properties ?? {})) {
      names.add(k);
    }
  }
  return [...names];
}

/** A short type label for hovers and completion details: `string`, `Container[]`, `integer | string`. */
export function typeLabel(schema: Schema | undefined, space: SchemaSpace): string {
  if (!schema) {
    return 'any';
  }
  const refName = (r: string) => r.replace(/^#\/(definitions|\$defs)\//, '').split(/[./]/).pop() ?? r;
  if (schema.$ref && !schema.$ref.includes('shared.')) {
    return refName(schema.$ref);
  }
  const s = deref(schema, space) ?? {};
  const t = types(s);
  if (t.includes('array')) {
    const item = s.items;
    return `${item ? typeLabel(item, space) : 'any'}[]`;
  }
  if (s.anyOf ?? s.oneOf) {
    return [...new Set(branches(s, space).map((b) => typeLabel(b, space)))].join(' | ');
  }
  if (t.length === 0 && s.properties) {
    return 'object';
  }
  return t.join(' | ') || 'any';
}
