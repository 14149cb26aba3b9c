import type { Node } from 'yaml';
import type { KubernetesRule } from '../../kubernetes/rule';
import { isTemplateFileName } from '../../kubernetes/template-file-name';
import type { ContainerRef } from '../../kubernetes/model';
import type { RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import type { EnvEntry } from './helpers';
import { containerLabel, containers, envEntries, finding, wantsFixes } from './helpers';
import type { ShellVariable } from './env-shell-variables';
import { fileIsRenderedTemplate, selfReferenceOf, wholeShellVariableOf } from './env-shell-variables';

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

function appendMessage(c: ContainerRef, entry: EnvEntry): string {
  const name = entry.name;
  return `${containerLabel(c)} gets ${name} as the literal text "${entry.value ?? ''}": Kubernetes cannot append to the image's ${name} (neither $${name} nor $(${name}) sees the image's environment), so the image's entries are dropped; write the whole list, the image's entries included.`;
}

/**
 * A list that names its own variable to append to the image's value. `$(NAME)` is left alone where the kubelet can
 * fill it in: NAME is set earlier in the container, or envFrom may set it.
 */
function appendsToItself(view: YamlView, container: Node, entry: EnvEntry, earlier: readonly EnvEntry[]): boolean {
  const form = selfReferenceOf(entry.name, entry.value ?? '');
  if (form === 'kubelet') {
    return view.get(container, 'envFrom') === undefined && !earlier.some((e) => e.name === entry.name);
  }
  return form === 'shell';
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
    description: 'A container env value is a shell variable ($NAME or ${NAME}), or a list that appends to its own variable ($PATH:/x), which Kubernetes passes as literal text: it expands only $(NAME), and never from the image.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const { obj, c } of containers(ctx)) {
      const view = obj.view;
      const entries = envEntries(view, c.node);
      // Most containers set no env value: no callback to make for them.
      if (entries.length === 0) {
        continue;
      }
      entries.forEach((entry, k) => {
        if (entry.value === undefined || !entry.value.includes('$') || entry.hasValueFrom) {
          return;
        }
        const variable = wholeShellVariableOf(entry.value);
        const judged = variable ? !appMayResolve(view, c.node, entries, entry, variable) : appendsToItself(view, c.node, entry, entries.slice(0, k));
        if (!judged || isTemplateFileName(ctx.path) || fileIsRenderedTemplate(ctx.file)) {
          return;
        }
        const range = view.range(view.get(entry.item, 'value'));
        if (!range) {
          return;
        }
        if (!variable) {
          out.push(finding(range, appendMessage(c, entry)));
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
