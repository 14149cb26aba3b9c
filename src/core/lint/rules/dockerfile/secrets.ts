import { isFillInToken } from '../../placeholders';

/** The MLD101 vocabulary (shared with the Kubernetes and Compose secret rules later). PGPASSWORD: libpq's password variable. */
const secretWords = new Set(['PASSWORD', 'PASSWD', 'PGPASSWORD', 'SECRET', 'TOKEN', 'CREDENTIAL', 'CREDENTIALS', 'APIKEY']);
/**
 * `KEY` and `AUTH` alone name too much (SORT_KEY, PARTITION_KEY, AUTH_SOURCE): only after these words. MASTER_KEY and
 * SALT_KEY: LiteLLM, Meilisearch; DAEMON_KEY: Dify's PLUGIN_DAEMON_KEY; ROLE_KEY: Supabase's SERVICE_ROLE_KEY;
 * REDIS_AUTH: Langfuse's Redis password. `PWD` alone is the working directory (HOST_PWD, ORIG_PWD): only the MySQL client's
 * MYSQL_PWD and DB_PWD are passwords.
 */
const secretPairs = new Set([
  'API_KEY', 'ACCESS_KEY', 'PRIVATE_KEY', 'SIGNING_KEY', 'ENCRYPTION_KEY', 'ENCRYPT_KEY', 'ENC_KEY', 'MASTER_KEY', 'SALT_KEY', 'DAEMON_KEY', 'ROLE_KEY',
  'REDIS_AUTH', 'REDISCLI_AUTH', 'MYSQL_PWD', 'DB_PWD',
]);
/** `PASS` ends a password's name (REDIS_PASS, SMTP_PASS) unless it counts or judges a pass of some process (SECOND_PASS, TEST_PASS). */
const passCounters = new Set(['FIRST', 'SECOND', 'THIRD', 'LAST', 'FINAL', 'SINGLE', 'ONE', 'TWO', 'MULTI', 'NUM', 'N', 'EACH', 'ALL', 'FORWARD', 'BACKWARD', 'TEST', 'CHECK']);
const mlNames = new Set([
  'HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN', 'HUGGINGFACEHUB_API_TOKEN', 'WANDB_API_KEY', 'COMET_API_KEY', 'NGC_API_KEY', 'KAGGLE_KEY',
  'MLFLOW_TRACKING_PASSWORD', 'OPENAI_API_KEY',
]);
const qualifiers = new Set([
  'FILE', 'PATH', 'DIR', 'NAME', 'ID', 'URL', 'HOST', 'PORT', 'TYPE', 'MODE', 'ENABLED', 'LENGTH', 'SIZE', 'LIMIT', 'VERSION', 'PREFIX',
  // How long a token lives (Dify's ACCESS_TOKEN_EXPIRE_MINUTES), not the token.
  'SECONDS', 'MINUTES', 'HOURS', 'DAYS', 'TTL', 'TIMEOUT', 'EXPIRY', 'EXPIRATION', 'LIFETIME', 'EXPIRE', 'EXPIRES', 'INTERVAL',
  // Where the secret travels or is kept (API_KEY_HEADER, SECRET_BACKEND, TOKEN_STORE), not the secret.
  'HEADER', 'BACKEND', 'STORE',
]);
/**
 * Words that make a name a switch about the secret rather than the secret (`SCCACHE_S3_NO_CREDENTIALS`, `ALLOW_EMPTY_PASSWORD`).
 * `USE` is left out: Hugging Face's `use_auth_token` takes the token itself as well as `true`.
 */
const flagWords = new Set(['NO', 'DISABLE', 'DISABLED', 'SKIP', 'ENABLE', 'REQUIRE', 'ALLOW', 'IGNORE', 'WITHOUT']);

export interface SecretVocabulary {
  allow: readonly string[];
  names: readonly string[];
}

/**
 * S3-compatible object stores whose ACCESS_KEY is the key's ID, the user half of a pair, the secret half being their
 * `…_SECRET_KEY`: `MINIO_ACCESS_KEY` is MinIO's old MINIO_ROOT_USER, `AWS_ACCESS_KEY` AWS's access key ID,
 * `RUSTFS_ACCESS_KEY` RustFS's RUSTFS_ROOT_USER, `GARAGE_DEFAULT_ACCESS_KEY` the `GK…` key ID Garage creates,
 * `SEAWEEDFS_ACCESS_KEY` the identity's accessKey in SeaweedFS's s3.configure, and Huawei OBS's and Alibaba OSS's AK.
 */
const accessKeyIdOwners = new Set(['MINIO', 'AWS', 'S3', 'RUSTFS', 'GARAGE', 'SEAWEEDFS', 'OBS', 'OSS']);

const isPasswordPass = (words: readonly string[], k: number): boolean => words[k] === 'PASS' && k > 0 && k === words.length - 1 && !passCounters.has(words[k - 1] as string);

/** `ACCESS_KEY` after an object store's name anywhere before it (`GARAGE_DEFAULT_ACCESS_KEY`): the key's ID. */
const isAccessKeyId = (words: readonly string[], k: number): boolean => words[k] === 'KEY' && words[k - 1] === 'ACCESS' && words.slice(0, k - 1).some((w) => accessKeyIdOwners.has(w));

/** Index of the first secret word (or of the second word of a secret pair), or -1. */
function secretWordIndex(words: readonly string[]): number {
  return words.findIndex((w, k) => secretWords.has(w) || isPasswordPass(words, k) || (k > 0 && secretPairs.has(`${words[k - 1] ?? ''}_${w}`) && !isAccessKeyId(words, k)));
}

/** The key's words (split on `_`, `-`, `.`), upper case, with an OAuth-style trailing `EXPIRES_IN` cut to `EXPIRES`. */
function nameWords(key: string): string[] {
  const words = key.toUpperCase().split(/[_.-]+/).filter((w) => w !== '');
  // TOKEN_EXPIRES_IN: how long, as in `expires_in` of OAuth.
  if (words.length > 1 && words[words.length - 1] === 'IN' && /^EXPIRES?$/.test(words[words.length - 2] as string)) {
    words.pop();
  }
  return words;
}

/**
 * Whole-word match on the key (split on `_`, `-`, `.`); a trailing qualifier word clears it (trap T1, T2),
 * and so does a flag word before the secret word (`NO_CREDENTIALS`, `SKIP_TOKEN_CHECK`).
 */
export function isSecretName(key: string, vocab: SecretVocabulary): boolean {
  const upper = key.toUpperCase();
  if (vocab.allow.some((a) => a.toUpperCase() === upper)) {
    return false;
  }
  if (vocab.names.some((n) => n.toUpperCase() === upper) || mlNames.has(upper.replace(/[-.]/g, '_'))) {
    return true;
  }
  const words = nameWords(upper);
  if (words.length === 0 || qualifiers.has(words[words.length - 1] as string)) {
    return false;
  }
  const at = secretWordIndex(words);
  return at >= 0 && !words.slice(0, at).some((w) => flagWords.has(w));
}

/**
 * A name about a secret that says it is not the secret: a secret's name and then a qualifier (`AWS_ACCESS_KEY_ID`,
 * `DB_PASSWORD_FILE`, `TOKEN_TTL`). Its value is the ID, the file or the setting, whatever name it is given to.
 */
export function namesSecretCompanion(key: string): boolean {
  const words = nameWords(key);
  if (words.length < 2 || !qualifiers.has(words[words.length - 1] as string)) {
    return false;
  }
  const rest = words.slice(0, -1);
  return rest.some((w, k) => secretWords.has(w) || (k > 0 && secretPairs.has(`${rest[k - 1] ?? ''}_${w}`)));
}

const credentialRes: readonly RegExp[] = [
  /^hf_[A-Za-z0-9]{30,}$/,
  /^ghp_[A-Za-z0-9]{36}$/,
  /^github_pat_[A-Za-z0-9_]{22,}$/,
  /^AKIA[A-Z0-9]{16}$/,
  /^sk-[A-Za-z0-9_-]{20,}$/,
  /^glpat-[A-Za-z0-9_-]{20}$/,
];

/** A value that looks like a real credential (known prefix at a plausible length, not `hf_xxxx…`). */
export function looksLikeCredential(value: string): boolean {
  return credentialRes.some((re) => re.test(value)) && !isPlaceholderText(value);
}

/** A switch value: `0`, `1`, `true`, `false`, `yes`, `no`, `on`, `off` (any case). */
export function isFlagValue(value: string): boolean {
  return /^(?:0|1|true|false|yes|no|on|off)$/i.test(value.trim());
}

const referenceRes: readonly RegExp[] = [
  /^\$[A-Za-z_][A-Za-z0-9_]*$/,
  /^\$\{[A-Za-z_][A-Za-z0-9_]*(?:[:?+=-][^}]*)?\}$/,
  /^\$\([A-Za-z_][A-Za-z0-9_.-]*\)$/,
  /^\{\{.*\}\}$/,
];

/** The whole value reads another variable: `$VAR`, `${VAR}`, `${VAR:-x}`, Kubernetes `$(VAR)`, a `{{ template }}`. */
export function isVariableReference(value: string): boolean {
  const v = value.trim();
  return referenceRes.some((re) => re.test(v));
}

const placeholderRes: readonly RegExp[] = [
  /^<[^<>]*>$/,
  // `[REDACTED]`, and words to that effect in place of the value (mindsdb's LANGFUSE_SECRET_KEY: "OMITTED_FOR_SECURITY").
  /^\[?(?:redacted|omitted)(?:[\W_]+[a-z]+)*\]?$/i,
  /(?:^|[\W_])your/i,
  /[\W_]here$/i,
  /^change[\W_]?(?:me|it)$/i,
  /^replace[\W_]?(?:me|with)(?:[\W_]|$)/i,
  /^(?:todo|fixme|tbd)(?:[\W_]|$)/i,
  // `dummy` as a word of the value (`dummy-key`, `HF_TOKEN_DUMMY`): a stand-in for tests. `placeholder` is a fill-in token.
  /^(?:[A-Za-z0-9]+[_-])*dummy(?:[_-][A-Za-z0-9]+)*$/i,
  /^[A-Za-z0-9_-]{0,12}?(?:[xX*]{3,}(?:[_-][xX*]+)*)$/,
  /^[A-Za-z0-9_-]{0,12}(?:\.{3,}|\u2026)$/,
  // The "no key" values OpenAI-compatible clients need for servers that check none: `EMPTY` (vLLM's docs), `sk-no-key-required` (llama.cpp).
  /^(?:empty|none|null|not[\W_]?(?:needed|required|used)|(?:sk-)?no[\W_]?key(?:[\W_]required)?)$/i,
  // A blank drawn as one punctuation mark over and over (`________`). A letter or digit over and over is a key that works
  // and that everyone knows (Langfuse accepts any 64 characters as ENCRYPTION_KEY, so its 64 zeros marked CHANGEME run as is).
  /^([^A-Za-z0-9])\1{7,}$/,
];

/**
 * Text that stands in for a secret instead of being one: empty, `<token>`, `YOUR_TOKEN`, `your_token_here`,
 * `changeme`, `CHANGE_ME`, `REPLACE_ME`, `TODO`, `xxxx`, `hf_xxxx`, `...`, `sk-...`, `<redacted>`, `OMITTED_FOR_SECURITY`, `________`, `EMPTY`,
 * and the tokens a script fills in before the file is used (`PLACEHOLDER_HF_TOKEN`, `REPLACE_HF_TOKEN`, `INSERT_TOKEN`).
 */
export function isPlaceholderText(value: string): boolean {
  const v = value.trim();
  return v === '' || isFillInToken(v) || placeholderRes.some((re) => re.test(v));
}

/**
 * Plainly an absolute file path (`/secret/gcp-credentials/key.json`, `/run/secrets/hf`): the name then points at the
 * file that holds the secret. `+` and `=` are left out so that a base64 secret starting with `/` still counts.
 */
export function isFilePathValue(value: string): boolean {
  const v = value.trim();
  if (!/^(?:\/[A-Za-z0-9._@-]+)+\/?$/.test(v)) {
    return false;
  }
  const segments = v.split('/').filter((s) => s !== '');
  return segments.length >= 2 || /^[^.]+\.[A-Za-z0-9]{1,5}$/.test(segments[0] ?? '');
}

/** Not a literal secret: placeholder text, a reference to a variable that holds the secret elsewhere, or the path of the file that holds it. */
export function isPlaceholderValue(value: string): boolean {
  return isPlaceholderText(value) || isVariableReference(value) || isFilePathValue(value);
}

/** The last words of passwords' names: a password is chosen, so one that spells its name is a weak but working password. */
const passwordWords = new Set(['PASSWORD', 'PASSWD', 'PGPASSWORD', 'PASS', 'PWD']);
const spelled = (text: string): string => text.trim().toUpperCase().replace(/[-.]/g, '_');

/**
 * The value spells the name it is given to, or its last words (`HF_TOKEN=hf_token`, `OPENAI_API_KEY=api_key`,
 * `HUGGING_FACE_HUB_TOKEN=token`): it says which secret goes there, as a template would. Not for passwords' names.
 */
function spellsItsName(name: string, value: string): boolean {
  const words = nameWords(name);
  const last = words[words.length - 1];
  const v = spelled(value);
  return last !== undefined && !passwordWords.has(last) && words.some((_, k) => v === words.slice(k).join('_'));
}

/** Names that hold a Hugging Face token (HF_TOKEN, HUGGING_FACE_HUB_TOKEN, HUGGINGFACEHUB_API_TOKEN, HF_API_KEY). */
const huggingFaceTokenNameRe = /^(?:HF|HUGGING_?FACE(?:_?HUB)?)_(?:[A-Z]+_)*(?:TOKEN|API_KEY)$/;
/**
 * A value made only of words that say what goes there (`token`, `mytoken`, `hf-token`, `huggingface_api_key`,
 * `my_read_token`): a made-up word (`dummyproof`) may be a chosen secret and is not matched.
 */
const tokenWordsRe = /^(?:(?:my|hf|hugging|huggingface|face|hub|api|access|read|write|user|auth|token|key)[_-]?)+$/;

/**
 * Words for a Hugging Face token's name: the Hub's user access tokens start with `hf_` (huggingface.js throws "Your
 * access token must start with 'hf_'"; the retired organization tokens started with `api_org`), and no such word is
 * one. Any other value may still be some other service's secret.
 */
function isWordForHuggingFaceToken(name: string, value: string): boolean {
  const v = value.trim();
  return (v === v.toLowerCase() || v === v.toUpperCase()) && tokenWordsRe.test(v.toLowerCase()) && huggingFaceTokenNameRe.test(spelled(name));
}

/**
 * Not a literal secret for this name: what isPlaceholderValue skips, a value that spells the name (`TOKEN=token`), or
 * words for a Hugging Face token (`HF_TOKEN=mytoken`). The well-known defaults (`secret`, `password`) stay literal: they work.
 */
export function isPlaceholderFor(name: string, value: string): boolean {
  return isPlaceholderValue(value) || (!isWellKnownDefaultCredential(value) && (spellsItsName(name, value) || isWordForHuggingFaceToken(name, value)));
}

const authNameRe = /(?:^|[_.-])AUTH$/i;
const userPasswordRe = /^[A-Za-z0-9_.-]+\/([^/\s]+)$/;
/** `${VAR}`, `$VAR` and Kubernetes' `$(VAR)`: the password comes from elsewhere. */
const expansionRe = /\$[{(A-Za-z_]/;

/**
 * A literal `<user>/<password>` pair in a name ending in AUTH: Neo4j's NEO4J_AUTH (`neo4j/<password>`; `none` turns
 * authentication off). Passwords that expand a variable and placeholder passwords are not literals.
 */
export function hasUserPasswordPair(name: string, value: string): boolean {
  const password = authNameRe.test(name) ? userPasswordRe.exec(value.trim())?.[1] : undefined;
  return password !== undefined && !expansionRe.test(password) && !isPlaceholderValue(password);
}

/**
 * Passwords that servers ship with or their quick starts use, which anyone tries first: the Postgres image's docs'
 * `postgres`, MinIO's `minioadmin`, RabbitMQ's `guest`, and the usual `password`, `secret`, `admin`, `root`.
 * (`changeme` is placeholder text, which the secret rules skip.)
 */
const wellKnownDefaultCredentials = new Set(['postgres', 'password', 'secret', 'admin', 'root', 'minioadmin', 'guest']);

/** The value is one of those well-known defaults (any case): a weak credential rather than a leaked one. */
export function isWellKnownDefaultCredential(value: string): boolean {
  return wellKnownDefaultCredentials.has(value.trim().toLowerCase());
}

/** What a secret rule says of a well-known default given to a secret's name, after who sets it. */
export function defaultCredentialWording(name: string, value: string): string {
  return `sets ${name} to a well-known default credential (${value.trim()}); anyone who can reach the service can log in`;
}

/**
 * A literal passed to `variable`'s flag on a command line: not empty, no option, nothing a shell expands (`$VAR`, a
 * backquote), no placeholder for that name or file path, switch value or count (`--token-budget 1024`), and not the
 * name of the variable that holds the secret (`--api-key-env OPENAI_API_KEY`).
 */
export function isLiteralArgument(value: string, variable: string, vocab: SecretVocabulary): boolean {
  if (value === '' || value.startsWith('-') || /[$`]/.test(value) || isPlaceholderFor(variable, value) || isFlagValue(value) || /^\d+$/.test(value)) {
    return false;
  }
  return !(/^[A-Z][A-Z0-9_]*$/.test(value) && isSecretName(value, vocab));
}
