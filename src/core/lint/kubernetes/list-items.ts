import type { Document } from 'yaml';
import { appWrapperTemplates, isAppWrapper } from '../../schemas/appwrapper';
import { YamlView } from '../yaml/access';
import type { YamlDocument, YamlFile } from '../yaml/parse';
import { nodeRange } from '../yaml/parse';
import { documentObject, markWrapped } from './document-object';

/**
 * kubectl's `apiVersion: v1, kind: List` (what `kubectl get -o yaml` writes for several objects)
 * holds its objects under `items`, an OpenShift Template (what OpenShift AI ships its serving runtimes
 * as) under `objects`, an AppWrapper (see schemas/appwrapper.ts) in `spec.components[].template`. Each
 * item is linted as a document of its own: the rules read a document's root, so an item gets a document
 * whose root is the item. Such a document spans the item's lines for suppressions, but has no issues and
 * an empty offset range: the holder's own document reports syntax and schema findings (the schema
 * validator checks each List item and AppWrapper component against its own kind; a Template's objects,
 * whose `${PARAM}` values `oc process` substitutes, are not checked against a schema).
 */

/** Where a document's objects are held: a v1 List's `items`, an OpenShift Template's `objects`, an AppWrapper's `components`. */
type ObjectsKey = 'items' | 'objects' | 'components';

/** The key holding the objects of a document that holds objects (a v1 List, an OpenShift Template, an AppWrapper); undefined for any other. */
function objectsKey(file: YamlFile, document: YamlDocument): ObjectsKey | undefined {
  const obj = document.skipped === undefined ? documentObject(file, document) : undefined;
  if (obj?.kind === 'List' && obj.apiVersion === 'v1') {
    return obj.view.seq(obj.view.get(obj.root, 'items')) !== undefined ? 'items' : undefined;
  }
  // template.openshift.io/v1, or plain v1 as OpenShift 3 wrote it (no Kubernetes kind of that name).
  if (obj?.kind === 'Template' && (obj.apiVersion === 'v1' || obj.apiVersion === 'template.openshift.io/v1')) {
    return obj.view.seq(obj.view.get(obj.root, 'objects')) !== undefined ? 'objects' : undefined;
  }
  if (obj && isAppWrapper(obj.apiVersion, obj.kind)) {
    return appWrapperTemplates(obj.root).length > 0 ? 'components' : undefined;
  }
  return undefined;
}

/** The object nodes a holder document holds under `key`. */
function heldNodes(view: YamlView, key: ObjectsKey): readonly unknown[] {
  return key === 'components' ? appWrapperTemplates(view.root).map((c) => c.template) : (view.seq(view.get(view.root, key))?.items ?? []);
}

/** Whether a parsed document is a v1 List with an `items` sequence. */
export function isKubectlList(file: YamlFile, document: YamlDocument): boolean {
  return objectsKey(file, document) === 'items';
}

/** The documents made for an OpenShift Template's objects, whose `${PARAM}` values `oc process` substitutes. */
const templateObjects = new WeakSet<YamlDocument>();

/** Whether the document is one of an OpenShift Template's objects (see objectDocuments). */
export function isTemplateObject(document: YamlDocument): boolean {
  return templateObjects.has(document);
}

function itemDocuments(file: YamlFile, document: YamlDocument, key: ObjectsKey): YamlDocument[] {
  const view = new YamlView(file, document);
  const out: YamlDocument[] = [];
  for (const node of heldNodes(view, key)) {
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
    if (key === 'objects') {
      templateObjects.add(out[out.length - 1] as YamlDocument);
    } else if (key === 'components') {
      markWrapped(out[out.length - 1] as YamlDocument, document);
    }
  }
  return out;
}

const expanded = Symbol('objectDocuments');
type FileWithObjectDocuments = YamlFile & { [expanded]?: readonly YamlDocument[] };

/**
 * The documents whose roots are Kubernetes objects: the file's documents, each v1 List (or OpenShift
 * Template, or AppWrapper) followed by one document per item. The same document objects every time for
 * one file (objects are kept on them).
 */
export function objectDocuments(file: YamlFile): readonly YamlDocument[] {
  const kept = file as FileWithObjectDocuments;
  let documents = kept[expanded];
  if (documents === undefined) {
    const keys = file.documents.map((d) => objectsKey(file, d));
    documents = keys.every((k) => k === undefined) ? file.documents : file.documents.flatMap((d, i) => {
      const key = keys[i];
      return key === undefined ? [d] : [d, ...itemDocuments(file, d, key)];
    });
    kept[expanded] = documents;
  }
  return documents;
}
