import type { SchemaLookups } from './schema-lookups';
import { schemaLookups } from './schema-lookups';
import type { Schema, SchemaSpace } from './types';

/** JSON types of YAML nodes, as bits: a compiled schema accepts a node when its type's bit is set. */
export const typeBits: Readonly<Record<string, number>> = { object: 1, array: 2, string: 4, integer: 8, number: 16, boolean: 32, null: 64 };

export interface Alternative {
  types: readonly string[];
  schema: CompiledSchema | undefined;
}

/** Properties remembered per object schema; label maps and the like have unbounded keys, looked up afresh past this. */
const maxKeysPerSchema = 512;

/**
 * A schema dereferenced once, with what validation asks of it for every node precomputed: accepted
 * types as bits, enum values as a Set, required fields, and its properties and items compiled on
 * first use. Shared across documents; callers must not modify it.
 */
export class CompiledSchema {
  /** Declared types (for messages); empty accepts any. */
  readonly types: readonly string[];
  readonly acceptedBits: number;
  /** The schema has `anyOf`/`oneOf` alternatives. */
  readonly hasAlternatives: boolean;
  readonly enumValues: ReadonlySet<unknown> | undefined;
  /** Unknown keys pass without a finding. */
  readonly allowsUnknownKeys: boolean;
  readonly required: readonly string[] | undefined;
  /** `x-kubernetes-list-map-keys` of a list of type map. */
  readonly listMapKeys: readonly string[] | undefined;
  /** `format: byte`: a string the API server decodes as base64 (Secret data, ConfigMap binaryData, caBundle). */
  readonly base64: boolean;
  private readonly properties = new Map<string, CompiledSchema | undefined>();
  private itemSchema: { v: CompiledSchema | undefined } | undefined;
  private branches: Alternative[] | undefined;

  constructor(readonly schema: Schema, private readonly compiler: SchemaCompiler) {
    const look = compiler.look;
    this.types = look.types(schema);
    this.acceptedBits = acceptedBits(this.types);
    this.hasAlternatives = (schema.anyOf ?? schema.oneOf) !== undefined;
    this.enumValues = schema.enum ? new Set(schema.enum) : undefined;
    const open = schema['x-kubernetes-preserve-unknown-fields'] || (!schema.properties && !schema.patternProperties && schema.additionalProperties === undefined);
    this.allowsUnknownKeys = Boolean(open) || schema.additionalProperties === true;
    this.required = schema.required && schema.required.length > 0 ? schema.required : undefined;
    const keys = schema['x-kubernetes-list-map-keys'];
    this.listMapKeys = schema['x-kubernetes-list-type'] === 'map' && keys ? keys : undefined;
    this.base64 = schema.format === 'byte';
  }

  accepts(type: string): boolean {
    return (this.acceptedBits & (typeBits[type] ?? 0)) !== 0;
  }

  /** The compiled schema of `key` (properties, then patternProperties, then additionalProperties). */
  property(key: string): CompiledSchema | undefined {
    const known = this.properties.get(key);
    if (known !== undefined || this.properties.has(key)) {
      return known;
    }
    const found = this.compiler.compile(this.compiler.look.propertySchema(this.schema, key));
    if (this.properties.size < maxKeysPerSchema) {
      this.properties.set(key, found);
    }
    return found;
  }

  /** The `anyOf`/`oneOf` alternatives: each one's declared types and its compiled schema (undefined: nothing to check). */
  alternatives(): readonly Alternative[] {
    this.branches ??= this.compiler.look.branches(this.schema).map((b) => ({ types: this.compiler.look.types(b), schema: this.compiler.compile(b) }));
    return this.branches;
  }

  item(): CompiledSchema | undefined {
    this.itemSchema ??= { v: this.compiler.compile(this.compiler.look.itemSchema(this.schema)) };
    return this.itemSchema.v;
  }

  propertyNames(): string[] {
    return this.compiler.look.propertyNames(this.schema);
  }
}

function acceptedBits(types: readonly string[]): number {
  if (types.length === 0) {
    return ~0;
  }
  let bits = 0;
  for (const t of types) {
    bits |= typeBits[t] ?? 0;
  }
  // An integer is a number.
  return bits & typeBits.number! ? bits | typeBits.integer! : bits;
}

/** Compiles the schemas of one schema space, each schema object once. */
export class SchemaCompiler {
  readonly look: SchemaLookups;
  private readonly compiled = new WeakMap<Schema, { v: CompiledSchema | undefined }>();

  constructor(space: SchemaSpace) {
    this.look = schemaLookups(space);
  }

  compile(schema: Schema | undefined): CompiledSchema | undefined {
    if (schema === undefined) {
      return undefined;
    }
    let hit = this.compiled.get(schema);
    if (!hit) {
      const derefed = this.look.deref(schema);
      hit = { v: undefined };
      this.compiled.set(schema, hit);
      hit.v = derefed ? new CompiledSchema(derefed, this) : undefined;
    }
    return hit.v;
  }
}

const compilers = new WeakMap<SchemaSpace, SchemaCompiler>();

export function schemaCompiler(space: SchemaSpace): SchemaCompiler {
  let compiler = compilers.get(space);
  if (!compiler) {
    compiler = new SchemaCompiler(space);
    compilers.set(space, compiler);
  }
  return compiler;
}
