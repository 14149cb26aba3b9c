import { branches, deref, itemSchema, propertyNames, propertySchema, types } from './navigate';
import type { Schema, SchemaSpace } from './types';

/**
 * The navigate.ts lookups, remembered per schema object for one schema space (its definitions never
 * change: a store with cluster CRDs has a space of its own). Validation asks the same questions of
 * the same few hundred schemas for every document; answers are shared, so callers must not modify them.
 */
export interface SchemaLookups {
  deref(schema: Schema | undefined): Schema | undefined;
  types(schema: Schema): readonly string[];
  branches(schema: Schema): readonly Schema[];
  propertySchema(schema: Schema, key: string): Schema | undefined;
  propertyNames(schema: Schema): string[];
  itemSchema(schema: Schema): Schema | undefined;
}

/** Keys remembered per object schema; label maps and the like have unbounded keys, looked up afresh past this. */
const maxKeysPerSchema = 512;

const bySpace = new WeakMap<SchemaSpace, SchemaLookups>();

function remembered<V>(cache: WeakMap<Schema, { v: V }>, schema: Schema, compute: () => V): V {
  let hit = cache.get(schema);
  if (!hit) {
    hit = { v: compute() };
    cache.set(schema, hit);
  }
  return hit.v;
}

export function schemaLookups(space: SchemaSpace): SchemaLookups {
  let lookups = bySpace.get(space);
  if (lookups) {
    return lookups;
  }
  const derefs = new WeakMap<Schema, { v: Schema | undefined }>();
  const typeLists = new WeakMap<Schema, { v: readonly string[] }>();
  const branchLists = new WeakMap<Schema, { v: readonly Schema[] }>();
  const names = new WeakMap<Schema, { v: string[] }>();
  const items = new WeakMap<Schema, { v: Schema | undefined }>();
  const properties = new WeakMap<Schema, Map<string, Schema | undefined>>();
  lookups = {
    deref: (schema) => (schema === undefined ? undefined : remembered(derefs, schema, () => deref(schema, space))),
    types: (schema) => remembered(typeLists, schema, () => types(schema)),
    branches: (schema) => remembered(branchLists, schema, () => branches(schema, space)),
    propertyNames: (schema) => remembered(names, schema, () => propertyNames(schema, space)),
    itemSchema: (schema) => remembered(items, schema, () => itemSchema(schema, space)),
    propertySchema: (schema, key) => {
      let byKey = properties.get(schema);
      if (!byKey) {
        byKey = new Map();
        properties.set(schema, byKey);
      }
      if (byKey.has(key)) {
        return byKey.get(key);
      }
      const found = propertySchema(schema, key, space);
      if (byKey.size < maxKeysPerSchema) {
        byKey.set(key, found);
      }
      return found;
    },
  };
  bySpace.set(space, lookups);
  return lookups;
}
