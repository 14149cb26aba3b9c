import composeSchema from '../../../../schemas/compose.json';
import { SchemaStore } from '../../schemas/store';
import type { SchemaDiagnostic } from '../../schemas/types';
import { validateText } from '../../schemas/validate';
import type { Range } from '../types';
import type { YamlFile } from '../yaml/parse';
import { isInterpolated } from './model';

export interface ComposeSchemaIssue {
  range: Range;
  message: string;
  /** The dotted path of the node the issue is at (`services.app.device_requests`); empty at the root. */
  path: string;
  code: SchemaDiagnostic['code'];
}

/** The schema walk tries every oneOf branch at each node: files larger than this are not validated. */
export const maxSchemaChars = 1024 * 1024;

let store: SchemaStore | undefined;
/**
 * The findings are kept on the file they are for: a WeakMap keyed by short-lived files kept their
 * parse trees alive through the young generation's collections (see document-object.ts).
 */
const issuesKey = Symbol('composeSchemaIssues');
type CheckedFile = YamlFile & { [issuesKey]?: ComposeSchemaIssue[] };

/**
 * compose-spec schema findings for a whole file (the bundled schema the editor also uses), once per
 * parsed file. Values that contain `${…}` are any scalar (trap T21): their type errors are dropped.
 */
export function composeSchemaIssues(file: YamlFile): ComposeSchemaIssue[] {
  const known = (file as CheckedFile)[issuesKey];
  if (known) {
    return known;
  }
  if (file.text.length > maxSchemaChars) {
    return [];
  }
  store ??= new SchemaStore({ kubernetes: [], crds: [], definitions: {} }, composeSchema);
  const out: ComposeSchemaIssue[] = [];
  for (const d of validateText(file.text, 'compose.yaml', store, '')) {
    const source = file.text.slice(d.start, Math.max(d.end, d.start + 1));
    if ((d.code === 'type' || d.code === 'enum') && isInterpolated(source)) {
      continue;
    }
    const s = file.lineCounter.linePos(d.start);
    const e = file.lineCounter.linePos(Math.max(d.end, d.start + 1));
    const range = s.line === e.line ? { start: { line: s.line, column: s.col }, end: { line: e.line, column: e.col } } : { start: { line: s.line, column: s.col }, end: { line: s.line, column: s.col + 1 } };
    out.push({ range, message: d.path === '' ? d.message : `${d.path}: ${d.message}`, path: d.path, code: d.code });
  }
  (file as CheckedFile)[issuesKey] = out;
  return out;
}
