import type { CommandWord } from './command-words';
import type { SecretVocabulary } from './rules/dockerfile/secrets';
import { isSecretName } from './rules/dockerfile/secrets';

/** A value a known client passes as a credential by a flag or a place of its own (`redis-cli -a`, `mc alias set`). */
export interface ToolCredential {
  /** Index of the word that holds the value. */
  at: number;
  value: string;
  /** How the value is passed, for messages: `redis-cli -a`, `mysqladmin -p`, `mc alias set`. */
  flag: string;
  /** The text just before the value in the source: its flag, or the word before it. */
  after: string;
  /** The variable a fixed file reads the value from. */
  variable: string;
  /** The ID and secret that go together, when the value is the secret half of such a pair. */
  pair?: string;
}

type Reader = (tool: string, words: readonly CommandWord[], start: number, end: number, vocab: SecretVocabulary) => ToolCredential[];

/** The word after `i` in the same command, if any. */
function next(words: readonly CommandWord[], i: number, end: number): CommandWord | undefined {
  const word = i + 1 < end ? words[i + 1] : undefined;
  return word && !word.separator ? word : undefined;
}

/** The value after each of `flags`, as the next word (getopt's separate form, which these clients need). */
function separateValues(flags: ReadonlySet<string>, variable: string): Reader {
  return (tool, words, start, end) => {
    const out: ToolCredential[] = [];
    for (let i = start; i < end; i++) {
      const flag = words[i]?.text ?? '';
      const value = flags.has(flag) ? next(words, i, end) : undefined;
      if (value) {
        out.push({ at: i + 1, value: value.text, flag: `${tool} ${flag}`, after: flag, variable });
      }
    }
    return out;
  };
}

/** MySQL and MariaDB clients: `-p<password>` with no blank (`-p` alone prompts; `-P` is the port). */
const mysqlPassword: Reader = (tool, words, start, end) => {
  const out: ToolCredential[] = [];
  for (let i = start; i < end; i++) {
    const text = words[i]?.text ?? '';
    if (text.length > 2 && text.startsWith('-p')) {
      out.push({ at: i, value: text.slice(2).replace(/^["']|["']$/g, ''), flag: `${tool} -p`, after: '-p', variable: 'MYSQL_PASSWORD' });
    }
  }
  return out;
};

const curlUserFlags = new Set(['-u', '--user', '-U', '--proxy-user']);

/** curl's `-u user:password` (also `-uuser:password`, `--user=…`): the password after the first colon; `-u user` prompts. */
const curlPassword: Reader = (tool, words, start, end) => {
  const out: ToolCredential[] = [];
  for (let i = start; i < end; i++) {
    const text = words[i]?.text ?? '';
    const eq = text.startsWith('--') ? text.indexOf('=') : -1;
    const flag = eq > 0 ? text.slice(0, eq) : /^-[uU]./.test(text) ? text.slice(0, 2) : text;
    if (!curlUserFlags.has(flag)) {
      continue;
    }
    const attached = text.length > flag.length;
    const credentials = attached ? text.slice(flag.length + (eq > 0 ? 1 : 0)) : next(words, i, end)?.text;
    const colon = credentials?.indexOf(':') ?? -1;
    if (credentials !== undefined && colon >= 0 && colon < credentials.length - 1) {
      out.push({ at: attached ? i : i + 1, value: credentials.slice(colon + 1), flag: `${tool} ${flag}`, after: credentials.slice(0, colon + 1), variable: 'HTTP_PASSWORD' });
    }
  }
  return out;
};

/** mc's flags that take a value, which are not the alias's positional arguments. */
const mcValueFlags = new Set(['--api', '--path', '--config-dir', '-C']);

/** `mc alias set ALIAS URL ACCESSKEY SECRETKEY` (and the older `mc config host add`): the fourth positional is the secret key. */
const mcAliasSecret: Reader = (tool, words, start, end) => {
  const texts = words.slice(start, end).map((w) => w.text);
  const set = texts.findIndex((t, k) => (t === 'alias' && texts[k + 1] === 'set') || (t === 'config' && texts[k + 1] === 'host' && texts[k + 2] === 'add'));
  if (set < 0) {
    return [];
  }
  const positionals: number[] = [];
  for (let k = set + (texts[set] === 'alias' ? 2 : 3); k < texts.length; k++) {
    const text = texts[k] as string;
    if (text.startsWith('-')) {
      k += mcValueFlags.has(text) ? 1 : 0;
    } else {
      positionals.push(start + k);
    }
  }
  const [, , accessKey, secretKey] = positionals;
  const access = accessKey === undefined ? undefined : words[accessKey];
  const secret = secretKey === undefined ? undefined : words[secretKey];
  return access && secret && secretKey !== undefined
    ? [{ at: secretKey, value: secret.text, flag: `${tool} ${texts[set] === 'alias' ? 'alias set' : 'config host add'}`, after: access.text, variable: 'SECRET_KEY', pair: 'ACCESSKEY/SECRETKEY' }]
    : [];
};

/** `aws configure set [profile.NAME.]aws_secret_access_key VALUE [--profile NAME]`: a value for a secret's name. */
const awsConfigureSet: Reader = (tool, words, start, end, vocab) => {
  const texts = words.slice(start, end).map((w) => w.text);
  const set = texts.findIndex((t, k) => t === 'configure' && texts[k + 1] === 'set');
  const positionals: number[] = [];
  for (let k = set + 2; set >= 0 && k < texts.length; k++) {
    const text = texts[k] as string;
    if (text.startsWith('-')) {
      k += text === '--profile' ? 1 : 0;
    } else {
      positionals.push(start + k);
    }
  }
  const [nameAt, valueAt] = positionals;
  const name = nameAt === undefined ? undefined : words[nameAt]?.text;
  const setting = name?.slice(name.lastIndexOf('.') + 1) ?? '';
  const value = valueAt === undefined ? undefined : words[valueAt];
  return name !== undefined && value && valueAt !== undefined && isSecretName(setting, vocab)
    ? [{ at: valueAt, value: value.text, flag: `${tool} configure set ${name}`, after: name, variable: setting.toUpperCase() }]
    : [];
};

const redisCliPassword = separateValues(new Set(['-a', '--pass']), 'REDIS_PASSWORD');
const redisServerPassword = separateValues(new Set(['--requirepass', '--masterauth']), 'REDIS_PASSWORD');
const mongoPassword = separateValues(new Set(['-p']), 'MONGO_PASSWORD');

/** Clients whose own flags pass a credential, by program name (`-p` is the port for redis-cli, psql and pg_isready). */
const readers = new Map<string, Reader>([
  ['redis-cli', redisCliPassword],
  ['valkey-cli', redisCliPassword],
  ['keydb-cli', redisCliPassword],
  ['redis-server', redisServerPassword],
  ['valkey-server', redisServerPassword],
  ['keydb-server', redisServerPassword],
  ['redis-stack-server', redisServerPassword],
  ['mongo', mongoPassword],
  ['mongosh', mongoPassword],
  ['curl', curlPassword],
  ['mc', mcAliasSecret],
  ['aws', awsConfigureSet],
  ...['mysql', 'mysqladmin', 'mysqldump', 'mysqlcheck', 'mysqlshow', 'mariadb', 'mariadb-admin', 'mariadb-dump', 'mariadb-check', 'mariadb-show'].map((name): [string, Reader] => [name, mysqlPassword]),
]);

/** Names of MySQL and MariaDB clients, whose `--password` takes its value only after `=`. */
export const isMysqlClient = (tool: string | undefined): boolean => tool !== undefined && readers.get(tool) === mysqlPassword;

/** A hint that an item may start one of these clients, to skip the rest cheaply. */
// The names share prefixes and suffixes so that the expression tries fewer alternatives at each character.
export const toolHint = /(?:redis|valkey|keydb)-(?:cli|server)|stack-server|mongo|mysql|mariadb|curl|\bmc\b|\baws\b|authorization/i;

const programName = (text: string): string => text.slice(text.lastIndexOf('/') + 1);

/** For each word, the client its command runs (the first known client name in it), if any. */
export function commandTools(words: readonly CommandWord[]): (string | undefined)[] {
  const out: (string | undefined)[] = [];
  let tool: string | undefined;
  for (const word of words) {
    tool = word.separator ? undefined : (tool ?? (readers.has(programName(word.text)) ? programName(word.text) : undefined));
    out.push(tool);
  }
  return out;
}

/** `Authorization: Bearer <token>` (or Token, Basic) in a header on the command line, whatever client sends it. */
function authorizationHeaders(words: readonly CommandWord[]): ToolCredential[] {
  const out: ToolCredential[] = [];
  words.forEach((word, i) => {
    const scheme = words[i + 1];
    const value = words[i + 2];
    if (/^authorization:$/i.test(word.text) && scheme && value && !value.separator && /^(?:bearer|token|basic)$/i.test(scheme.text)) {
      out.push({ at: i + 2, value: value.text, flag: 'the Authorization header', after: scheme.text, variable: 'API_TOKEN' });
    }
  });
  return out;
}

/** The credentials known clients are given on this command line, before judging whether each is a literal. */
export function toolCredentials(words: readonly CommandWord[], tools: readonly (string | undefined)[], vocab: SecretVocabulary): ToolCredential[] {
  const out = authorizationHeaders(words);
  for (let start = 0; start < words.length; ) {
    let end = start;
    while (end < words.length && tools[end] === tools[start] && !words[end]?.separator) {
      end++;
    }
    const tool = tools[start];
    const reader = tool === undefined ? undefined : readers.get(tool);
    if (tool !== undefined && reader) {
      out.push(...reader(tool, words, start + 1, end, vocab));
    }
    start = end === start ? start + 1 : end;
  }
  return out;
}
