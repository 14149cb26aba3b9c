import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { hasUserPasswordPair, isFilePathValue, isSecretName, looksLikeCredential } from '../dockerfile/secrets';
import { finding } from './helpers';

/** scheme://user:password@ with a literal password (a ${VAR} placeholder is fine). */
const userinfoRe = /\b[a-z][a-z0-9+.-]{0,31}:\/\/[^/\s:@]{1,256}:(?!\$)[^/\s@]{1,256}@/i;

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK119',
    name: 'secret-in-configmap',
    family: 'security',
    severity: 'error',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: { polaris: ['sensitiveConfigmapContent'] },
    description: 'A ConfigMap holds a secret-like key with a value, a credential-looking value, URL userinfo, or a user/password pair (NEO4J_AUTH).',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    if (!obj || obj.kind !== 'ConfigMap') {
      return out;
    }
    const vocab = { allow: ctx.settings.secretsAllow, names: ctx.settings.secretsNames };
    const data = obj.view.get(obj.root, 'data');
    for (const [key, pair] of obj.view.entries(data)) {
      const value = obj.view.str(pair.value) ?? '';
      const why = value !== '' && !isFilePathValue(value) && isSecretName(key, vocab) ? `the key ${key} names a secret` : looksLikeCredential(value.trim()) ? 'a value looks like a credential' : value.includes('://') && userinfoRe.test(value) ? 'a URL carries a password' : hasUserPasswordPair(key, value) ? `${key} holds a user/password pair` : undefined;
      const range = obj.view.pairValueRange(pair);
      if (why !== undefined && range) {
        out.push(finding(range, `This ConfigMap holds a secret (${why}); ConfigMaps are not encrypted or access-restricted like Secrets, so move it to a Secret.`));
      }
    }
    return out;
  },
};
