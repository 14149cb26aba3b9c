import { keyValues } from '../../dockerfile/kv';
import type { KeyValue } from '../../dockerfile/kv';
import { chainInstructions } from '../../dockerfile/semantic';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding, fromAnchor } from './helpers';

type LabelType = 'text' | 'url' | 'rfc3339' | 'spdx' | 'hash' | 'semver' | 'email';

const checks: Record<Exclude<LabelType, 'text'>, { test: RegExp; what: string; code: string }> = {
  url: { test: /^https?:\/\/[^\s/$.?#][^\s]*$/i, what: 'a URL', code: 'DL3052' },
  rfc3339: { test: /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/, what: 'an RFC 3339 time', code: 'DL3053' },
  spdx: { test: /^(?:\(?\s*[A-Za-z0-9.+-]+(?:\s+WITH\s+[A-Za-z0-9.+-]+)?\s*\)?(?:\s+(?:AND|OR)\s+|$))+$/, what: 'an SPDX license expression', code: 'DL3054' },
  hash: { test: /^[0-9a-f]{7,40}$/, what: 'a git commit hash', code: 'DL3055' },
  semver: { test: /^v?(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/, what: 'a semantic version', code: 'DL3056' },
  email: { test: /^[^\s@]+@[^\s@]+\.[^\s@]+$/, what: 'an email address', code: 'DL3058' },
};

/** `rules.MLD512.options`: `schema: { <label>: <type> }` and `strict: true`. */
function readSchema(options: Record<string, unknown> | undefined): { schema: Map<string, LabelType>; strict: boolean } | undefined {
  const raw = options?.['schema'];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return undefined;
  }
  const schema = new Map<string, LabelType>();
  for (const [key, type] of Object.entries(raw as Record<string, unknown>)) {
    schema.set(key, typeof type === 'string' && (type === 'text' || Object.prototype.hasOwnProperty.call(checks, type)) ? (type as LabelType) : 'text');
  }
  return { schema, strict: options?.['strict'] === true };
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD512',
    name: 'label-schema',
    family: 'style',
    severity: 'warning',
    enabledByDefault: false,
    fixable: false,
    ml: false,
    equivalents: { hadolint: ['DL3049', 'DL3050', 'DL3051', 'DL3052', 'DL3053', 'DL3054', 'DL3055', 'DL3056', 'DL3058'] },
    description: 'The final image\'s labels break the configured label schema (missing, empty, wrongly typed or, when strict, unknown labels).',
  },
  check({ model, settings }) {
    const config = readSchema(settings.ruleOptions['MLD512']);
    const final = model.finalStage;
    if (!config || !final) {
      return [];
    }
    const out: RuleFinding[] = [];
    const labels = new Map<string, KeyValue>();
    for (const instr of chainInstructions(final)) {
      if (instr.keyword === 'LABEL') {
        for (const kv of keyValues(instr)) {
          labels.set(kv.key, kv);
        }
      }
    }
    for (const [key, type] of config.schema) {
      const kv = labels.get(key);
      if (!kv) {
        out.push(finding(fromAnchor(final), `The image has no label "${key}", which the label schema requires; add LABEL ${key}=<value>.`, undefined, 'DL3049'));
        continue;
      }
      const value = kv.value ?? '';
      if (value.trim() === '') {
        out.push(finding(kv.keyWord.range, `Label "${key}" is empty; give it a value (the label schema requires it).`, undefined, 'DL3051'));
        continue;
      }
      const check = type === 'text' ? undefined : checks[type];
      if (check && !value.includes('$') && !check.test.test(value)) {
        out.push(finding(kv.word.range, `Label "${key}" must be ${check.what} according to the label schema; "${value}" is not.`, undefined, check.code));
      }
    }
    if (config.strict) {
      for (const [key, kv] of labels) {
        if (!config.schema.has(key)) {
          out.push(finding(kv.keyWord.range, `Label "${key}" is not in the label schema (strict mode); add it to the schema or remove it.`, undefined, 'DL3050'));
        }
      }
    }
    return out;
  },
};
