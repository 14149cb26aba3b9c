import type { Finding } from '../types';

/** `"b"`, `"b" and "c"`, `"b", "c" and "d"`. */
export function quotedList(names: readonly string[]): string {
  const quoted = names.map((n) => `"${n}"`);
  return quoted.length === 1 ? (quoted[0] as string) : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1] as string}`;
}

const placeholder = '\u0000';
const quotedRe = /"([^"]*)"/g;

/** The message with its first quoted service name cut out, and that name; undefined when it names no service. */
function template(message: string, serviceNames: ReadonlySet<string>): { text: string; name: string } | undefined {
  for (const m of message.matchAll(quotedRe)) {
    const name = m[1] as string;
    if (serviceNames.has(name)) {
      return { text: `${message.slice(0, m.index)}${placeholder}${message.slice(m.index + m[0].length)}`, name };
    }
  }
  return undefined;
}

/**
 * A node shared through a YAML anchor or merge key is checked once per service that uses it. Findings of one rule at
 * one range are reported once: identical messages collapse, and messages that differ only in the service they name
 * become one message that names every service sharing the node.
 */
export function collapseSharedFindings(findings: readonly Finding[], serviceNames: ReadonlySet<string>): Finding[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = `${f.ruleId}@${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column}`;
    const group = groups.get(key);
    if (group) {
      group.push(f);
    } else {
      groups.set(key, [f]);
    }
  }
  const out: Finding[] = [];
  for (const group of groups.values()) {
    if (group.length === 1) {
      out.push(group[0] as Finding);
      continue;
    }
    // Findings that differ only in the service they name merge into the first one: `Service "a" (also "b" and "c", through this shared entry) …`.
    const byTemplate = new Map<string, { first: Finding; names: string[] }>();
    for (const f of group) {
      const t = template(f.message, serviceNames);
      const key = t?.text ?? f.message;
      const seen = byTemplate.get(key);
      if (!seen) {
        byTemplate.set(key, { first: f, names: t ? [t.name] : [] });
      } else if (t && !seen.names.includes(t.name)) {
        seen.names.push(t.name);
      }
    }
    for (const [text, { first, names }] of byTemplate) {
      const [own, ...others] = names;
      out.push(others.length === 0 ? first : { ...first, message: text.replace(placeholder, () => `"${own as string}" (also ${quotedList(others)}, through this shared entry)`) });
    }
  }
  return out;
}
