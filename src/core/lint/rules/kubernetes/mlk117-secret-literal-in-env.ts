import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { defaultCredentialWording, hasUserPasswordPair, isFlagValue, isPlaceholderValue, isSecretName, isWellKnownDefaultCredential, looksLikeCredential } from '../dockerfile/secrets';
import { containerLabel, containers, envEntries, finding } from './helpers';
import { secretArguments, valueRange } from '../../secret-arguments';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK117',
    name: 'secret-literal-in-env',
    family: 'security',
    severity: 'error',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: { kubeLinter: ['env-var-secret'], polaris: ['sensitiveContainerEnvVar'] },
    description: 'An env value holds a literal for a secret-like name, or a value that looks like a credential; or command/args pass a literal to a credential flag (--api-key, --hf-token, --token).',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const vocab = { allow: ctx.settings.secretsAllow, names: ctx.settings.secretsNames };
    for (const { obj, c } of containers(ctx)) {
      for (const e of envEntries(obj.view, c.node)) {
        // `$(VAR)` is Kubernetes' own expansion; `$VAR`, `<token>` and `changeme` are placeholders filled in elsewhere.
        if (e.value === undefined || isPlaceholderValue(e.value) || isFlagValue(e.value)) {
          continue;
        }
        // Whole-word matching with qualifiers (trap T1): TOKENIZERS_PARALLELISM and MAX_TOKENS are not secrets.
        const named = isSecretName(e.name, vocab);
        const what = named ? `secret in ${e.name}` : looksLikeCredential(e.value) ? 'credential' : hasUserPasswordPair(e.name, e.value) ? `password in ${e.name} (user/password)` : undefined;
        const range = what === undefined ? undefined : obj.view.valueRange(e.item, 'value');
        if (range) {
          const message = named && isWellKnownDefaultCredential(e.value)
            ? `${containerLabel(c)} ${defaultCredentialWording(e.name, e.value)}: store a strong value in a Secret and use valueFrom.secretKeyRef.`
            : `${containerLabel(c)} puts a literal ${what} into the manifest; store it in a Secret and use valueFrom.secretKeyRef.`;
          out.push(finding(range, message));
        }
      }
      for (const arg of secretArguments(obj.view, vocab, obj.view.list(obj.view.get(c.node, 'command')), obj.view.list(obj.view.get(c.node, 'args')))) {
        const range = valueRange(ctx.file, obj.view, arg);
        if (range) {
          out.push(finding(range, `${containerLabel(c)} passes a literal secret to ${arg.flag} in its command line; store it in a Secret, expose it as an env var with valueFrom.secretKeyRef and pass $(VAR_NAME) instead.`));
        }
      }
    }
    return out;
  },
};
