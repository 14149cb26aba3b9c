import type { Node } from 'yaml';
import type { ComposeService } from '../../compose/model';
import { mergedGet } from '../../compose/model';
import type { TextEdit } from '../../types';
import type { YamlView } from '../../yaml/access';
import { deleteLines } from './helpers';

/** A device reservation for the GPUs asked for, as lines relative to the service's keys. */
export function reservationLines(ids: readonly string[] | 'all'): string[] {
  const which = ids === 'all' ? 'count: all' : `device_ids: [${ids.map((id) => `"${id}"`).join(', ')}]`;
  return ['deploy:', '  resources:', '    reservations:', '      devices:', '        - driver: nvidia', `          ${which}`, '          capabilities: [gpu]'];
}

/** The line holds the node alone, after indentation (and for a sequence item its `- `), with at most a comment after it. */
function aloneOnLine(view: YamlView, from: Node, to: Node, lead: RegExp): boolean {
  const start = view.range(from);
  const end = view.range(to);
  if (!start || !end || start.start.line !== end.end.line) {
    return false;
  }
  const line = view.file.lines[start.start.line - 1] ?? '';
  return lead.test(line.slice(0, start.start.column - 1)) && /^\s*(?:#.*)?$/.test(line.slice(end.end.column - 1));
}

/**
 * An edit that deletes the service's NVIDIA_VISIBLE_DEVICES entry, once a reservation sets the variable instead: its line
 * in a block `environment` of the service itself (with the `environment:` key when it is the only entry). Undefined where
 * the entry is shared or written otherwise (an anchor, another file, a flow collection, a duplicate).
 */
export function removeVisibleDevices(view: YamlView, s: ComposeService): TextEdit | undefined {
  const envPair = view.pair(s.node, 'environment');
  const env = envPair ? view.resolve(envPair.value) : undefined;
  if (!envPair || !env || env !== envPair.value || mergedGet(view, s, 'environment') !== env) {
    return undefined;
  }
  const seq = view.seq(env);
  const map = view.map(env);
  const collection = seq ?? map;
  if (!collection || collection.flow === true) {
    return undefined;
  }
  const entries = seq
    ? seq.items.filter((item) => /^NVIDIA_VISIBLE_DEVICES(?:=|$)/.test(view.str(item) ?? '')).map((item) => ({ from: item as Node, to: item as Node }))
    : (map?.items ?? []).filter((p) => view.keyOf(p) === 'NVIDIA_VISIBLE_DEVICES').map((p) => ({ from: p.key as Node, to: (p.value ?? p.key) as Node }));
  const entry = entries.length === 1 ? entries[0] : undefined;
  if (!entry || !aloneOnLine(view, entry.from, entry.to, seq ? /^\s*-\s+$/ : /^\s*$/)) {
    return undefined;
  }
  const line = view.range(entry.from)?.start.line ?? 0;
  const keyLine = view.range(envPair.key)?.start.line;
  const only = collection.items.length === 1;
  if (only && keyLine !== undefined && !/^\s*environment\s*:\s*(?:#.*)?$/.test(view.file.lines[keyLine - 1] ?? '')) {
    return undefined;
  }
  return { range: deleteLines(view, only && keyLine !== undefined ? keyLine : line, line), newText: '' };
}
