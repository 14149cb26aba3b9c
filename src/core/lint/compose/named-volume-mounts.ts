import type { Node } from 'yaml';
import type { Range } from '../types';
import type { YamlView } from '../yaml/access';
import { isInterpolated } from './model';
import { parseShortVolume } from './short-syntax';

/** A volume a service's `volumes:` entry mounts by name: short syntax `NAME:/path`, or long syntax `type: volume` with `source: NAME`. */
export interface NamedVolumeMount {
  name: string;
  /** Where the name is written. */
  range: Range;
}

/** What Compose takes for a host path rather than a volume name (compose-go's isFilePath): `.`, `/`, `~`, `\\pipe`, or a drive `C:`. */
export function isHostPath(source: string): boolean {
  return /^[./~]/.test(source) || source.startsWith('\\\\') || /^[A-Za-z]:/.test(source);
}

/** The volume name an entry mounts, as written; undefined for host paths, anonymous volumes, other types and `$` sections (known only after interpolation). */
export function namedVolumeMount(view: YamlView, item: Node): NamedVolumeMount | undefined {
  const short = view.str(item);
  if (short !== undefined) {
    const source = short.includes('$') ? undefined : parseShortVolume(short)?.source;
    const range = source !== undefined && !isHostPath(source) ? sourceRange(view, item, source) : undefined;
    return source !== undefined && range ? { name: source, range } : undefined;
  }
  const name = view.text(item, 'type') === 'volume' ? view.text(item, 'source')?.trim() : undefined;
  const range = view.valueRange(item, 'source');
  return name && range && !isInterpolated(name) && !isHostPath(name) ? { name, range } : undefined;
}

/** The source section of a one-line short-syntax scalar (after its opening quote); the whole scalar when it spans lines. */
function sourceRange(view: YamlView, item: Node, source: string): Range | undefined {
  const range = view.range(item);
  if (!range || range.start.line !== range.end.line) {
    return range;
  }
  const line = view.file.lines[range.start.line - 1] ?? '';
  const at = line.indexOf(source, range.start.column - 1);
  const column = at >= 0 && at <= range.start.column ? at + 1 : undefined;
  return column === undefined ? range : { start: { line: range.start.line, column }, end: { line: range.start.line, column: column + source.length } };
}
