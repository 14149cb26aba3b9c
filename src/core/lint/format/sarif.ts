import { ruleDocUrl } from '../docs';
import type { RuleMeta, Severity } from '../types';
import type { LintedFile } from './report';
import { sortedEntries } from './report';

const level: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };
const securitySeverity: Record<Severity, string> = { error: '8.0', warning: '5.0', info: '3.0', hint: '1.0' };

/** FNV-1a 64-bit, hex: a stable fingerprint without crypto. */
function fnv1a64(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (let k = 0; k < text.length; k++) {
    h ^= BigInt(text.charCodeAt(k));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

function ruleDescriptor(meta: RuleMeta): Record<string, unknown> {
  const tags: string[] = [meta.family];
  if (meta.ml) {
    tags.push('ml');
  }
  const properties: Record<string, unknown> = { tags };
  if (meta.family === 'security') {
    tags.push('security');
    properties['security-severity'] = securitySeverity[meta.severity];
  }
  return {
    id: meta.id,
    name: meta.name,
    shortDescription: { text: meta.description },
    fullDescription: { text: meta.description },
    helpUri: ruleDocUrl(meta.id),
    defaultConfiguration: { level: level[meta.severity] },
    properties,
  };
}

export interface SarifOptions {
  version: string;
  /** The working directory as a file URI ending in `/`. */
  srcRoot: string;
  /** Enabled rules, in ID order. */
  rules: readonly RuleMeta[];
}

/** SARIF 2.1.0, one run, per §10.2. */
export function toSarif(files: readonly LintedFile[], options: SarifOptions): Record<string, unknown> {
  const ruleIndex = new Map(options.rules.map((r, k) => [r.id, k]));
  const occurrences = new Map<string, number>();
  const results = sortedEntries(files).map(({ file, finding }) => {
    const r = finding.range;
    const lineText = (file.lines[r.start.line - 1] ?? '').trim().replace(/\s+/g, ' ');
    const key = `${finding.ruleId}\u0000${file.file}\u0000${lineText}`;
    const occurrence = occurrences.get(key) ?? 0;
    occurrences.set(key, occurrence + 1);
    const result: Record<string, unknown> = {
      ruleId: finding.ruleId,
      level: level[finding.severity],
      message: { text: finding.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: file.file.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' },
            region: { startLine: r.start.line, startColumn: r.start.column, endLine: r.end.line, endColumn: r.end.column },
          },
        },
      ],
      partialFingerprints: { 'mlcFingerprint/v1': fnv1a64(`${key}\u0000${occurrence}`) },
      properties: { severity: finding.severity },
    };
    if (finding.related) {
      const rr = finding.related.range;
      result.relatedLocations = [
        {
          id: 0,
          message: { text: finding.related.message },
          physicalLocation: {
            artifactLocation: { uri: finding.related.file.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' },
            region: { startLine: rr.start.line, startColumn: rr.start.column, endLine: rr.end.line, endColumn: rr.end.column },
          },
        },
      ];
    }
    const index = ruleIndex.get(finding.ruleId);
    if (index !== undefined) {
      result.ruleIndex = index;
    }
    return result;
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'mlc',
            semanticVersion: options.version,
            informationUri: ruleDocUrl('').replace(/#$/, ''),
            rules: options.rules.map(ruleDescriptor),
          },
        },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { uri: options.srcRoot } },
        results,
      },
    ],
  };
}
