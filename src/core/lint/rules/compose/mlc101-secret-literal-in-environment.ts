import type { ComposeRule } from '../../compose/rule';
import { isInterpolated, mergedGet, mergedKeys, mergedPair } from '../../compose/model';
import type { RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import { isFlagValue, isPlaceholderValue, isSecretName, looksLikeCredential } from '../dockerfile/secrets';
import { finding, services } from './helpers';

const userinfoRe = /\b[a-z][a-z0-9+.-]*:\/\/([^/\s@:'"]*)(?::([^/\s@'"]*))?@[^\s/@'"]/i;

/**
 * A URL with a literal password (`postgresql://user:pass@db`), or a token-like user (`https://<token>@host`), as MLD102 decides;
 * `${VAR}`, `$VAR` and placeholder passwords (`<password>`, `changeme`) are not literals.
 */
export function hasUrlCredential(value: string): boolean {
  const m = value.includes('://') && value.includes('@') ? userinfoRe.exec(value) : null;
  if (!m) {
    return false;
  }
  const user = m[1] ?? '';
  const password = m[2] ?? '';
  if (password === '') {
    return !isInterpolated(user) && (looksLikeCredential(user) || /^[A-Za-z0-9_-]{32,}$/.test(user));
  }
  return !isInterpolated(password) && !isPlaceholderValue(password);
}

interface Assignment {
  name: string;
  value: string;
  range: ReturnType<YamlView['range']>;
  /** What replaces the range to read the value from the shell instead. */
  replacement: string;
}

/** `KEY: value` (entries merged in with `<<: *anchor` included) and `- KEY=value` forms of environment / build.args. */
function assignments(view: YamlView, node: unknown): Assignment[] {
  const out: Assignment[] = [];
  for (const name of mergedKeys(view, node)) {
    const pair = mergedPair(view, node, name);
    const value = pair ? view.str(pair.value) : undefined;
    if (pair && value !== undefined) {
      out.push({ name, value, range: view.range(pair.value), replacement: `"\${${name}}"` });
    }
  }
  for (const item of view.items(node)) {
    const text = view.str(item);
    const eq = text?.indexOf('=') ?? -1;
    if (text !== undefined && eq > 0) {
      const name = text.slice(0, eq);
      out.push({ name, value: text.slice(eq + 1), range: view.range(item), replacement: `"${name}=\${${name}}"` });
    }
  }
  return out;
}

export const rule: ComposeRule = {
  meta: {
    id: 'MLC101',
    name: 'secret-literal-in-environment',
    family: 'security',
    severity: 'error',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'environment or build.args gives a literal value to a secret-like name, or holds a value that looks like a credential.',
  },
  check(ctx) {
    const view = ctx.view;
    const vocab = { allow: ctx.settings.secretsAllow, names: ctx.settings.secretsNames };
    const out: RuleFinding[] = [];
    for (const s of services(ctx)) {
      const places: [string, unknown][] = [['environment', mergedGet(view, s.node, 'environment')], ['build.args', mergedGet(view, mergedGet(view, s.node, 'build'), 'args')]];
      for (const [where, node] of places) {
        for (const a of assignments(view, node)) {
          // Empty values pass the variable through from the shell; `${VAR}` reads it from there; `<token>` is a placeholder.
          if (isPlaceholderValue(a.value) || isFlagValue(a.value) || !a.range) {
            continue;
          }
          const what = !isInterpolated(a.value) && isSecretName(a.name, vocab) ? `secret in ${a.name}` : looksLikeCredential(a.value) ? 'credential' : hasUrlCredential(a.value) ? `credential in the ${a.name} URL` : undefined;
          if (what === undefined) {
            continue;
          }
          out.push(finding(a.range, `Service "${s.name}" puts a literal ${what} into ${where}; read it from the environment or an .env file kept out of version control (\${${a.name}}), or use Compose secrets.`, {
            title: `Read ${a.name} from the environment`,
            edits: [{ range: a.range, newText: a.replacement }],
          }));
        }
      }
    }
    return out;
  },
};
