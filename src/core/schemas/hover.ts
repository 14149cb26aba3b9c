import { applicable, documentAt, nodeAt, objectScope, schemaFor } from './locate';
import { declaredProperty, deref, schemaAt, typeLabel } from './navigate';
import type { SchemaStore } from './store';

export interface SchemaHover {
  markdown: string;
  start: number;
  end: number;
}

/** Description, type and schema origin of the field under the offset. */
export function hoverAt(text: string, offset: number, fileName: string, store: SchemaStore, version: string): SchemaHover | undefined {
  const doc = documentAt(text, offset);
  const hit = doc && nodeAt(doc, offset);
  if (!doc || !hit) {
    return undefined;
  }
  const scope = objectScope(doc, hit.path);
  const app = applicable(scope.root, fileName, store, version);
  if (!app || scope.path.length === 0) {
    return undefined;
  }
  const raw = schemaAt(app.root, scope.path.slice(0, -1), app.space);
  const parent = deref(raw, app.space);
  const last = scope.path.at(-1)!;
  const field = typeof last === 'number' ? parent?.items : declaredProperty(parent, last);
  const schema = field ? deref(field, app.space) : schemaFor(app, scope.path);
  if (!schema) {
    return undefined;
  }
  const name = scope.path.filter((p) => typeof p === 'string').at(-1);
  const lines = [`**${String(name)}** \`${typeLabel(field ?? schema, app.space)}\``];
  if (schema.description) {
    lines.push('', schema.description);
  }
  if (schema.enum && !schema.description?.includes('Possible enum values')) {
    lines.push('', `Allowed: ${schema.enum.map((e) => `\`${String(e)}\``).join(', ')}`);
  }
  lines.push('', `*Schema: ${app.origin}*`);
  return { markdown: lines.join('\n'), start: hit.node.range![0], end: hit.node.range![1] };
}
