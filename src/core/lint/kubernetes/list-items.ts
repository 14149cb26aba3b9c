import type { Document } from 'yaml';
import { YamlView } from '../yaml/access';
import type { YamlDocument, YamlFile } from '../yaml/parse';
import { nodeRange } from '../yaml/parse';
import { documentObject } from './document-object';

/**
 * kubectl's `apiVersion: v1, kind: List` (what `kubectl get -o yaml` writes for several objects)
 * holds its objects under `items`. Each item is linted as a document of its own: the rules read a
 * document's root, so an item gets a document whose root is the item. Such a document spans the item's
 * lines for suppressions, but has no issues and an empty offset range: the List's own document reports
 * syntax and schema findings (the schema validator checks each item against its own kind).
 */

/** Whether a parsed document is a v1 List with an `items` sequence. */
export function isKubectlList(file: YamlFile, document: YamlDocument): boolean {
  const obj = document.skipped === undefined ? documentObject(file, document) : undefined;
  return obj?.kind === 'List' && obj.apiVersion === 'v1' && obj.view.seq(obj.view.get(obj.root, 'items')) !== undefined;
}

function itemDocuments(file: YamlFile, document: YamlDocument): YamlDocument[] {
  const view = new YamlView(file, document);
  const items = view.seq(view.get(view.root, 'items'))?.items ?? [];
  const out: YamlDocument[] = [];
  for (const node of items) {
    const item = view.map(node);
    const range = item ? nodeRange(file, item) : undefined;
    if (!item || !range) {
      continue;
    }
    const start = item.range?.[0] ?? 0;
    out.push({
      index: document.index,
      // Only `contents` of a document is read by the rules (through YamlView.root).
      doc: { contents: item, errors: [], warnings: [] } as unknown as Document.Parsed,
      offsets: [start, start],
      startLine: range.start.line,
      endLine: range.end.line,
      issues: [],
      anchors: document.anchors,
    });
  }
  return out;
}

const expanded = Symbol('objectDocuments');
type FileWithObjectDocuments = YamlFile & { [expanded]?: readonly YamlDocument[] };

/**
 * The documents whose roots are Kubernetes objects: the file's documents, each v1 List followed by
 * one document per item. The same document objects every time for one file (objects are kept on them).
 */
export function objectDocuments(file: YamlFile): readonly YamlDocument[] {
  const kept = file as FileWithObjectDocuments;
  let documents = kept[expanded];
  if (documents === undefined) {
    const lists = file.documents.filter((d) => isKubectlList(file, d));
    documents = lists.length === 0 ? file.documents : file.documents.flatMap((d) => (lists.includes(d) ? [d, ...itemDocuments(file, d)] : [d]));
    kept[expanded] = documents;
  }
  return documents;
}
