import type { KubernetesContext, KubernetesRule } from '../../kubernetes/rule';
import type { ContainerRef } from '../../kubernetes/model';
import type { YamlView } from '../../yaml/access';
import type { RuleFinding } from '../../types';
import { defaultCredentialWording, hasUserPasswordPair, isFlagValue, isPlaceholderFor, isSecretName, isWellKnownDefaultCredential, looksLikeCredential } from '../dockerfile/secrets';
import type { SecretArgument } from '../../secret-arguments';
import { containerLabel, containers, envEntries, finding } from './helpers';
import { passedTo, secretArguments, valueRange } from '../../secret-arguments';

const probes = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

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
    description: 'An env value holds a literal for a secret-like name, or a value that looks like a credential; or command/args or a probe\'s exec command pass a literal to a credential flag (--api-key, --hf-token, --token) or a client\'s own password flag (redis-cli -a, mysqladmin -p, curl -u user:password, mc alias set).',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const vocab = { allow: ctx.settings.secretsAllow, names: ctx.settings.secretsNames };
    for (const { obj, c } of containers(ctx)) {
      for (const e of envEntries(obj.view, c.node)) {
        // `$(VAR)` is Kubernetes' own expansion; `$VAR`, `<token>` and `changeme` are placeholders filled in elsewhere.
        if (e.value === undefined || isPlaceholderFor(e.name, e.value) || isFlagValue(e.value)) {
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
      const view = obj.view;
      // Kubernetes expands $(VAR_NAME) in command and args, not in a probe's command (kubernetes/kubernetes#40846).
      reportArguments(ctx, view, c, 'command line', 'pass $(VAR_NAME) instead', secretArguments(view, vocab, view.list(view.get(c.node, 'command')), view.list(view.get(c.node, 'args'))), out);
      for (const probe of probes) {
        // Most containers have no exec probe: nothing to read.
        const command = view.get(view.get(view.get(c.node, probe), 'exec'), 'command');
        if (command !== undefined) {
          reportArguments(ctx, view, c, `${probe} command`, 'read it through sh -c as "$VAR_NAME" (Kubernetes does not expand $(VAR_NAME) in probe commands)', secretArguments(view, vocab, view.list(command)), out);
        }
      }
    }
    return out;
  },
};

/** The findings for the literal secrets `args` a command line of the container (`place`) passes. */
function reportArguments(ctx: KubernetesContext, view: YamlView, c: ContainerRef, place: string, howToPass: string, args: readonly SecretArgument[], out: RuleFinding[]): void {
  for (const arg of args) {
    const range = valueRange(ctx.file, view, arg);
    if (range) {
      out.push(finding(range, `${containerLabel(c)} passes a literal secret to ${passedTo(arg)} in its ${place}; store it in a Secret, expose it as an env var with valueFrom.secretKeyRef and ${howToPass}.`));
    }
  }
}
