/** The MLD101 vocabulary (shared with the Kubernetes and Compose secret rules later). */
const secretWords = new Set(['PASSWORD', 'PASSWD', 'SECRET', 'TOKEN', 'CREDENTIAL', 'CREDENTIALS', 'APIKEY']);
const secretPairs = new Set(['API_KEY', 'ACCESS_KEY', 'PRIVATE_KEY', 'SIGNING_KEY', 'ENCRYPTION_KEY']);
const mlNames = new Set([
  'HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN', 'HUGGINGFACEHUB_API_TOKEN', 'WANDB_API_KEY', 'COMET_API_KEY', 'NGC_API_KEY', 'KAGGLE_KEY',
  'MLFLOW_TRACKING_PASSWORD', 'OPENAI_API_KEY',
]);
const qualifiers = new Set(['FILE', 'PATH', 'DIR', 'NAME', 'ID', 'URL', 'HOST', 'PORT', 'TYPE', 'MODE', 'ENABLED', 'LENGTH', 'SIZE', 'LIMIT', 'VERSION', 'PREFIX']);

export interface SecretVocabulary {
  allow: readonly string[];
  names: readonly string[];
}

/** Whole-word match on the key (split on `_`, `-`, `.`); a trailing qualifier word clears it (trap T1, T2). */
export function isSecretName(key: string, vocab: SecretVocabulary): boolean {
  const upper = key.toUpperCase();
  if (vocab.allow.some((a) => a.toUpperCase() === upper)) {
    return false;
  }
  if (vocab.names.some((n) => n.toUpperCase() === upper) || mlNames.has(upper.replace(/[-.]/g, '_'))) {
    return true;
  }
  const words = upper.split(/[_.-]+/).filter((w) => w !== '');
  if (words.length === 0 || qualifiers.has(words[words.length - 1] as string)) {
    return false;
  }
  if (words.some((w) => secretWords.has(w))) {
    return true;
  }
  return words.some((w, k) => k > 0 && secretPairs.has(`${words[k - 1] ?? ''}_${w}`));
}

const credentialRes: readonly RegExp[] = [
  /^hf_[A-Za-z0-9]{30,}$/,
  /^ghp_[A-Za-z0-9]{36}$/,
  /^github_pat_[A-Za-z0-9_]{22,}$/,
  /^AKIA[A-Z0-9]{16}$/,
  /^sk-[A-Za-z0-9_-]{20,}$/,
  /^glpat-[A-Za-z0-9_-]{20}$/,
];

/** A value that looks like a real credential (known prefix at a plausible length). */
export function looksLikeCredential(value: string): boolean {
  return credentialRes.some((re) => re.test(value));
}
