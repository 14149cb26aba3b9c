import type { Node } from 'yaml';
import type { KubernetesRule } from '../../kubernetes/rule';
import { isTemplateFileName } from '../../kubernetes/template-file-name';
import type { ContainerRef } from '../../kubernetes/model';
import type { RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import type { EnvEntry } from './helpers';
import { containerLabel, containers, envEntries, finding, wantsFixes } from './helpers';
import type { ShellVariable } from './env-shell-variables';
import { fileIsRenderedTemplate, wholeShellVariableOf } from './env-shell-variables';

/**
 * Whether the application may resolve `${NAME}` itself (Spring, Logstash and others read such placeholders from
 * their environment): NAME is set elsewhere in the container, or envFrom may set it.
 */
function appMayResolve(view: YamlView, container: Node, entries: readonly EnvEntry[], entry: EnvEntry, variable: ShellVariable): boolean {
  return variable.braced && (view.get(container, 'envFrom') !== undefined || entries.some((e) => e !== entry && e.name === variable.name));
}

function messageFor(c: ContainerRef, entry: EnvEntry, variable: ShellVariable, definedEarlier: boolean): string {
  const literal = `${containerLabel(c)} gets ${entry.name} as the literal text "${entry.value ?? ''}": Kubernetes does not expand shell variables in env values`;
  if (definedEarlier) {
    return `${literal}; write $(${variable.name}) to use the ${variable.name} set above it.`;
  }
  const reference = variable.name === entry.name ? '' : ` write $(${variable.name}) for a variable set earlier in the container,`;
  return `${literal}; take it from a Secret with valueFrom.secretKeyRef,${reference} or render the file (envsubst) before applying it.`;
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK429',
    name: 'env-value-shell-variable',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: {},
    description: 'A container env value is a shell variable ($NAME or ${NAME}), which Kubernetes passes as literal text: it expands only $(NAME).',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const { obj, c } of containers(ctx)) {
      const view = obj.view;
      const entries = envEntries(view, c.node);
      entries.forEach((entry, k) => {
        if (entry.value === undefined || entry.value[0] !== '$' || entry.hasValueFrom) {
          return;
        }
        const variable = wholeShellVariableOf(entry.value);
        if (!variable || appMayResolve(view, c.node, entries, entry, variable) || isTemplateFileName(ctx.path) || fileIsRenderedTemplate(ctx.file)) {
          return;
        }
        const valueNode = view.get(entry.item, 'value');
        const range = view.range(valueNode);
        if (!range) {
          return;
        }
        const definedEarlier = entries.slice(0, k).some((e) => e.name === variable.name);
        const reference = `$(${variable.name})`;
        const fix = definedEarlier && wantsFixes(ctx) ? { title: `Write ${reference}`, edits: [{ range, newText: reference }] } : undefined;
        out.push(finding(range, messageFor(c, entry, variable, definedEarlier), fix));
      });
    }
    return out;
  },
};
