import type { Node } from 'yaml';
import { Scalar } from 'yaml';
import type { ComposeContext, ComposeRule } from '../../compose/rule';
import { fileMergedGet, isInterpolated, mergedGet, mergedKeys, mergedPair, projectEnv } from '../../compose/model';
import type { Fix, Range, RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import type { ComposeService } from '../../compose/model';
import { defaultCredentialWording, hasUserPasswordPair, isFlagValue, isPlaceholderFor, isPlaceholderValue, isSecretName, isWellKnownDefaultCredential, looksLikeCredential, namesSecretCompanion } from '../dockerfile/secrets';
import type { SecretVocabulary } from '../dockerfile/secrets';
import type { SecretArgument } from '../../secret-arguments';
import { passedTo, secretArguments, valueRange } from '../../secret-arguments';
import { finding, isPlain, isQuoted, services, sourceOf } from './helpers';

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
  /** The value (`KEY: value`) or the item (`- KEY=value`). */
  node: unknown;
  range: ReturnType<YamlView['range']>;
  /** What replaces the range to read the value from the shell instead. */
  replacement: string;
}

/**
 * The variable the fixed file reads a secret from: the key, with each character a Compose variable name cannot hold
 * made `_` (`spring.datasource.password` → `spring_datasource_password`): `${a.b}` stops Compose ("invalid
 * interpolation format"), and `${DB-PASSWORD}` reads DB with a default.
 */
function variableFor(name: string): string {
  const variable = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(variable) ? `_${variable}` : variable;
}

/**
 * How the fixed file reads a secret: `${NAME}` where the project's `.env` sets it, else `${NAME:?…}`, which stops
 * `docker compose up` with a message instead of starting the service with an empty password.
 */
function environmentReference(view: YamlView, name: string): string {
  const variable = variableFor(name);
  return projectEnv(view)?.has(variable) ? `\${${variable}}` : `\${${variable}:?set ${variable} in .env}`;
}

/** `KEY: value` (entries merged in with `<<: *anchor` included) and `- KEY=value` forms of environment / build.args. */
function assignments(view: YamlView, node: unknown): Assignment[] {
  const out: Assignment[] = [];
  for (const name of mergedKeys(view, node)) {
    const pair = mergedPair(view, node, name);
    const value = pair ? view.str(pair.value) : undefined;
    if (pair && value !== undefined) {
      out.push({ name, value, node: pair.value, range: view.range(pair.value), replacement: `"${environmentReference(view, name)}"` });
    }
  }
  for (const item of view.items(node)) {
    const text = view.str(item);
    const eq = text?.indexOf('=') ?? -1;
    if (text !== undefined && eq > 0) {
      const name = text.slice(0, eq);
      out.push({ name, value: text.slice(eq + 1), node: item, range: view.range(item), replacement: `"${name}=${environmentReference(view, name)}"` });
    }
  }
  return out;
}

/**
 * `${VAR:-default}` / `${VAR-default}` whose default holds no further interpolation, after any escaped dollars (`$$`):
 * `$${…}` is a literal, `$$${…}` a literal `$` and then an interpolation.
 */
const defaultRe = /(?<!\$)((?:\$\$)*)(\$\{([A-Za-z_][A-Za-z0-9_]*)(:?-)([^${}]*)\})/g;

/** A number or a duration (`3600`, `60m`, `1h30m`, `500ms`): a lifetime or a limit, not a secret (a 64-digit key is none). */
const durationRe = /^(?=.{1,16}$)\d+(?:\.\d+)?(?:(?:ms|us|µs|ns|[smhdw])(?:\d+(?:\.\d+)?(?:ms|us|µs|ns|[smhdw]))*)?$/;

/** Names whose numeric value may well be the secret itself (`DB_PASSWORD: ${DB_PASSWORD:-123456}`, a PIN). */
const numericSecretRe = /(?:^|[_.-])(?:PASSWORD|PASSWD|PASS|PIN)(?:$|[_.-])/i;

/**
 * Names of who a key or password belongs to, not of the secret: a list of users or emails (Weaviate's
 * AUTHENTICATION_APIKEY_USERS beside AUTHENTICATION_APIKEY_ALLOWED_KEYS, Dify's `${…:-hello@dify.ai}`).
 */
const identityNameRe = /[_.-](?:USERS?|USERNAMES?|EMAILS?)$/i;

/** A secret-like name, unless it names the owners of the secret (names configured as secrets always count). */
function secretName(name: string, vocab: SecretVocabulary): boolean {
  return identityNameRe.test(name) ? vocab.names.some((n) => n.toUpperCase() === name.toUpperCase()) : isSecretName(name, vocab);
}

const apiKeyNameRe = /API_?KEY$/i;
/**
 * Values that say no key is checked: a local OpenAI-compatible server named as the key its docs tell clients to send
 * (`api_key='ollama'`), or words to that effect (`no-key-needed`, `not-needed`, `none`, `unused`: OpenVINO Model Server's
 * OpenHands demo, whose client needs a non-empty key that the server does not check).
 */
const keylessValueRe = /^(?:ollama|lm-?studio|no[-_ ]?(?:api[-_ ]?)?key(?:[-_ ]?(?:needed|required))?|not[-_ ]?(?:needed|required|used)|unused|none)$/i;
const squashed = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * An API key's value that only says what the key is for: the key's own name (`${NGC_API_KEY:-ngcapikey}`, NVIDIA's NIM
 * Compose files), or a local server that checks none (`OPENAI_API_KEY: ollama`). Passwords are chosen, not issued, so
 * `PASSWORD: password` still counts.
 */
function namesItsPurpose(names: readonly string[], value: string): boolean {
  const keys = names.filter((n) => apiKeyNameRe.test(n));
  const v = value.trim();
  return keys.length > 0 && (keylessValueRe.test(v) || keys.some((n) => squashed(n) === squashed(v)));
}

const apiKeyPrefixRe = /^(.*)_API_KEY$/i;

/**
 * `<PREFIX>_API_KEY` names given beside `<PREFIX>_API_SECRET` (LiveKit's LIVEKIT_API_KEY and LIVEKIT_API_SECRET): in such
 * a pair the key is the public ID the secret signs for, and the secret is what must stay out of the file.
 */
function pairedKeyIds(names: readonly string[]): Set<string> {
  const upper = new Set(names.map((n) => n.toUpperCase()));
  return new Set(names.filter((n) => {
    const prefix = apiKeyPrefixRe.exec(n)?.[1];
    return prefix !== undefined && upper.has(`${prefix.toUpperCase()}_API_SECRET`);
  }));
}

interface CommittedDefault {
  variable: string;
  /** The interpolation as written, `${DB_PASSWORD:-difyai123456}`. */
  text: string;
  what: string;
}

/**
 * The default stands in for a secret: the variable's name says so, or the name it is given to does, unless the
 * variable's own name says it holds what goes with a secret rather than the secret (`RUSTFS_ACCESS_KEY:
 * ${AWS_ACCESS_KEY_ID:-s3admin}` in MLflow's docker-compose.yml gives the key's ID).
 */
function defaultsASecret(variable: string, name: string, vocab: SecretVocabulary): boolean {
  return secretName(variable, vocab) || (secretName(name, vocab) && !namesSecretCompanion(variable));
}

/**
 * A literal default that stands in for a secret when the environment leaves the variable unset
 * (`${DB_PASSWORD:-difyai123456}`): the secret ships in the file. Empty, placeholder and switch defaults do not count.
 */
function committedDefault(a: Assignment, vocab: SecretVocabulary): CommittedDefault | undefined {
  for (const m of a.value.matchAll(defaultRe)) {
    const variable = m[3] as string;
    // `${HOST:-""}` (Label Studio's docker-compose.yml) defaults to nothing as well.
    const fallback = (m[5] as string).trim().replace(/^(["'])(.*)\1$/, '$2');
    if (fallback.trim() === '' || isPlaceholderFor(variable, fallback) || isPlaceholderFor(a.name, fallback) || isFlagValue(fallback) || namesItsPurpose([variable, a.name], fallback)) {
      continue;
    }
    const numeric = durationRe.test(fallback) && !numericSecretRe.test(variable) && !numericSecretRe.test(a.name);
    const what = !numeric && defaultsASecret(variable, a.name, vocab) ? `a literal default for ${variable}` : looksLikeCredential(fallback) ? `a credential as the default for ${variable}` : hasUrlCredential(fallback) ? `a credential in the default URL for ${variable}` : undefined;
    if (what !== undefined) {
      return { variable, text: m[2] as string, what };
    }
  }
  return undefined;
}

/** Makes the variable required instead of defaulted, when the interpolation is written once in the source as it reads. */
function requireFix(view: YamlView, a: Assignment, range: Range, committed: CommittedDefault): Fix | undefined {
  const source = sourceOf(view, a.node as Parameters<typeof sourceOf>[1]);
  const at = source?.indexOf(committed.text) ?? -1;
  if (source === undefined || at < 0 || source.indexOf(committed.text, at + 1) >= 0 || source.includes('\n')) {
    return undefined;
  }
  const required = `\${${committed.variable}:?set ${committed.variable} in .env}`;
  return { title: `Require ${committed.variable} from the environment`, edits: [{ range, newText: `${source.slice(0, at)}${required}${source.slice(at + committed.text.length)}` }] };
}

/**
 * The words of `command` and `healthcheck.test` (string or list form), each as an assignment without a name: only
 * the names of their interpolations tell a secret (`redis-server --requirepass ${REDIS_PASSWORD:-difyai123456}`).
 */
function commandTexts(view: YamlView, service: ComposeService): [string, Assignment[]][] {
  const places: [string, unknown][] = [['command', fileMergedGet(view, service.node, 'command')], ['entrypoint', fileMergedGet(view, service.node, 'entrypoint')], ['healthcheck.test', mergedGet(view, fileMergedGet(view, service.node, 'healthcheck'), 'test')]];
  return places.map(([where, node]) => [
    where,
    (view.seq(node) ? view.items(node) : [node]).flatMap((item) => {
      const value = view.str(item);
      return value !== undefined && value.includes('${') ? [{ name: '', value, node: item, range: view.range(item), replacement: '' }] : [];
    }),
  ]);
}

/** The range covers exactly `text` on one line (not the whole item, as when escapes or folding hide the value). */
function covers(view: YamlView, range: Range, text: string): boolean {
  return range.start.line === range.end.line && (view.file.lines[range.start.line - 1] ?? '').slice(range.start.column - 1, range.end.column - 1) === text;
}

/**
 * Reads the flag's value from the environment: the whole item becomes a quoted interpolation; a value inside a longer
 * item is replaced in place where `${…}` may stand (quotes, or a plain scalar outside flow collections, where `{` and
 * `}` are not allowed).
 */
function commandLineFix(view: YamlView, arg: SecretArgument, range: Range, inFlow: boolean): Fix | undefined {
  const variable = variableFor(arg.variable);
  const reference = environmentReference(view, variable);
  const title = `Pass ${variable} from the environment to ${arg.flag}`;
  if (!covers(view, range, arg.value)) {
    return undefined;
  }
  const whole = view.range(arg.node);
  if (whole && covers(view, whole, arg.value)) {
    return { title, edits: [{ range: whole, newText: `"${reference}"` }] };
  }
  const scalar = arg.node instanceof Scalar ? arg.node : undefined;
  const editable = scalar !== undefined && (isQuoted(scalar) || (isPlain(scalar) && !inFlow));
  return editable ? { title, edits: [{ range, newText: reference }] } : undefined;
}

/** The command line's parts, each a list of items: the string form is one command line, which Compose splits as a shell would. */
function itemsOf(view: YamlView, node: Node | undefined): readonly Node[] {
  return view.seq(node) ? view.list(node) : node !== undefined ? [node] : [];
}

/** Reports the literals passed as credentials on one command line, which `where` names, its fix reading each from the environment. */
function argumentFindings(ctx: ComposeContext, service: ComposeService, args: readonly SecretArgument[], where: (arg: SecretArgument) => [string, Node | undefined]): RuleFinding[] {
  const view = ctx.view;
  const out: RuleFinding[] = [];
  for (const arg of args) {
    const range = valueRange(ctx.file, view, arg);
    const [place, node] = where(arg);
    const inFlow = view.seq(node)?.flow === true || view.map(service.node)?.flow === true;
    if (range) {
      const variable = variableFor(arg.variable);
      const message = `Service "${service.name}" passes a literal secret to ${passedTo(arg)} in its ${place}, where anyone who can read the file sees it; pass \${${variable}} instead and set ${variable} in an .env file kept out of version control.`;
      out.push(finding(range, message, commandLineFix(view, arg, range, inFlow)));
    }
  }
  return out;
}

/**
 * Literal credentials passed on the command line (`--api-key sk-…`, `redis-cli -a …`): by entrypoint and command, read
 * together as Compose runs them, and by healthcheck.test.
 */
function commandLineSecrets(ctx: ComposeContext, service: ComposeService, vocab: SecretVocabulary): RuleFinding[] {
  const view = ctx.view;
  const entrypointNode = fileMergedGet(view, service.node, 'entrypoint');
  const commandNode = fileMergedGet(view, service.node, 'command');
  const testNode = mergedGet(view, fileMergedGet(view, service.node, 'healthcheck'), 'test');
  const entrypoint = itemsOf(view, entrypointNode);
  const inEntrypoint = (arg: SecretArgument): [string, Node | undefined] => (entrypoint.includes(arg.node) ? ['entrypoint', entrypointNode] : ['command', commandNode]);
  return [
    ...argumentFindings(ctx, service, secretArguments(view, vocab, entrypoint, itemsOf(view, commandNode)), inEntrypoint),
    ...argumentFindings(ctx, service, secretArguments(view, vocab, itemsOf(view, testNode)), () => ['healthcheck.test', testNode]),
  ];
}

function committedMessage(service: string, committed: CommittedDefault, where: string): string {
  return `Service "${service}" commits ${committed.what} to the file (${where}): whenever ${committed.variable} is unset, Compose uses that value, and anyone who can read the file knows it; drop the default (\${${committed.variable}:?…}) and set ${committed.variable} in an .env file kept out of version control.`;
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
    description: 'environment or build.args gives a literal value to a secret-like name, or holds a value that looks like a credential; command, entrypoint or healthcheck.test gives a secret-like variable a literal default; or command, entrypoint or healthcheck.test passes a literal to a credential flag (--api-key, --hf-token, --token) or a client\'s own password flag (redis-cli -a, mysqladmin -p, curl -u user:password, mc alias set).',
  },
  check(ctx) {
    const view = ctx.view;
    const vocab = { allow: ctx.settings.secretsAllow, names: ctx.settings.secretsNames };
    const out: RuleFinding[] = [];
    for (const s of services(ctx)) {
      // The file's own values: a literal it commits stays committed whatever an override file sets over it.
      const places: [string, unknown][] = [['environment', fileMergedGet(view, s.node, 'environment')], ['build.args', mergedGet(view, fileMergedGet(view, s.node, 'build'), 'args')]];
      for (const [where, node] of places) {
        const all = assignments(view, node);
        const keyIds = pairedKeyIds(all.map((a) => a.name));
        for (const a of all) {
          // A key ID that looks like a token is still reported.
          if (keyIds.has(a.name) && !looksLikeCredential(a.value)) {
            continue;
          }
          const committed = a.range && isInterpolated(a.value) ? committedDefault(a, vocab) : undefined;
          if (committed && a.range) {
            out.push(finding(a.range, committedMessage(s.name, committed, where), requireFix(view, a, a.range, committed)));
            continue;
          }
          // Empty values pass the variable through from the shell; `${VAR}` reads it from there; `<token>` is a placeholder.
          if (isPlaceholderFor(a.name, a.value) || isFlagValue(a.value) || namesItsPurpose([a.name], a.value) || !a.range) {
            continue;
          }
          const named = !isInterpolated(a.value) && secretName(a.name, vocab);
          const what = named ? `secret in ${a.name}` : looksLikeCredential(a.value) ? 'credential' : hasUrlCredential(a.value) ? `credential in the ${a.name} URL` : hasUserPasswordPair(a.name, a.value) ? `password in ${a.name} (user/password)` : undefined;
          if (what === undefined) {
            continue;
          }
          const message = named && where === 'environment' && isWellKnownDefaultCredential(a.value)
            ? `Service "${s.name}" ${defaultCredentialWording(a.name, a.value)}: set a strong value through an env file or a secret.`
            : `Service "${s.name}" puts a literal ${what} into ${where}; read it from the environment or an .env file kept out of version control (\${${variableFor(a.name)}}), or use Compose secrets.`;
          out.push(finding(a.range, message, {
            title: `Read ${a.name} from the environment`,
            edits: [{ range: a.range, newText: a.replacement }],
          }));
        }
      }
      out.push(...commandLineSecrets(ctx, s, vocab));
      for (const [where, words] of commandTexts(view, s)) {
        for (const a of words) {
          const committed = a.range ? committedDefault(a, vocab) : undefined;
          if (committed && a.range) {
            out.push(finding(a.range, committedMessage(s.name, committed, where), requireFix(view, a, a.range, committed)));
          }
        }
      }
    }
    return out;
  },
};
