/** `$NUM_NODES` or `${NUM_NODES}`: envsubst fills it in before kubectl reads the file. */
const shellVariableRe = /^\$(?:[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*\})$/;
/** `__ACCELERATOR_TYPE__`: a kustomize or CI script swaps the token for a value before `kubectl apply`. */
const dunderTokenRe = /^__[A-Z0-9]+(?:_[A-Z0-9]+)*__$/;
/** `<num-nodes>`, `<your token>`: filled in by hand. */
const angleTokenRe = /^<[^<>]+>$/;
/** Letters and digits joined by `_` or `-`, as a sed script can match whole. */
const tokenWordsRe = /^[A-Za-z0-9]+(?:[_-][A-Za-z0-9]+)*$/;
/** `PLACEHOLDER_NUM_NODES`, `HF_TOKEN_PLACEHOLDER` (aws-samples' RayCluster manifests, filled by sed). */
const placeholderWordRe = /(?:^|[_-])placeholder(?:[_-]|$)/i;
/**
 * `REPLACE_MODEL_SERVER_IMAGE` (llm-d), `INSERT_TOKEN`, `YOUR_NUM_NODES`. In one case only, so that a chosen
 * password such as `Insert-Coin-2024` is not taken for one.
 */
const fillInPrefixRe = /^(?:REPLACE|INSERT|YOUR)[_-]|^(?:replace|insert|your)[_-]/;

const mixedCase = (value: string): boolean => /[a-z]/.test(value) && /[A-Z]/.test(value);

/** `$NUM_NODES` or `${NUM_NODES}` and nothing else (a default such as `${N:-1}` is left out: GNU envsubst keeps it as text). */
export function isShellVariable(value: string): boolean {
  return shellVariableRe.test(value);
}

/** A sed-style token for the whole value: `PLACEHOLDER_X`, `X_PLACEHOLDER`, `REPLACE_X`, `INSERT_X`, `YOUR_X`, or `<...>`. */
export function isFillInToken(value: string): boolean {
  if (angleTokenRe.test(value)) {
    return true;
  }
  return tokenWordsRe.test(value) && (placeholderWordRe.test(value) || (fillInPrefixRe.test(value) && !mixedCase(value)));
}

/**
 * The whole scalar is a template placeholder that something fills in before the file is applied: a shell variable
 * (`$GPU_PER_NODE`, `${GPU_PER_NODE}`), a sed-style token (`PLACEHOLDER_NUM_GPU_PER_NODE`, `REPLACE_ME`, `<num-gpus>`)
 * or an upper-case token between double underscores (`__HPA_STABILIZATION_SECONDS__`).
 * Anything around it (`$N-1`, `three`, `"$N"` as written with its quotes) is not.
 */
export function isTemplatePlaceholder(value: unknown): boolean {
  return typeof value === 'string' && (isShellVariable(value) || dunderTokenRe.test(value) || isFillInToken(value));
}
