import type { Node } from 'yaml';
import type { YamlView } from '../../yaml/access';
import { derivation } from '../../yaml/access';
import { containerShellScript } from './container-commands';
import { envEntries } from './helpers';
import { commandLine } from './model-source';

/** `$$` (a literal `$`) or a `$(NAME)` reference, NAME running to the first `)`. */
const referenceRe = /\$(?:\$|\(([^)]*)\))/g;

/** `$$` (the shell's process id) or a `$NAME` / `${NAME}` reference. */
const shellReferenceRe = /\$(?:\$|([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)\})/g;

/**
 * The kubelet's `$(NAME)` expansion in env values, command and args: a reference to one of `vars` becomes its value,
 * a reference to any other name stays as written, and `$$` is a literal `$` (so `$$(NAME)` is never expanded). With
 * `shell`, a shell's instead: `$NAME` and `${NAME}` of `vars` become their values, `$$` stays.
 */
export function expandReferences(text: string, vars: ReadonlyMap<string, string>, syntax: 'kubelet' | 'shell' = 'kubelet'): string {
  if (!text.includes('$')) {
    return text;
  }
  if (syntax === 'shell') {
    return text.replace(shellReferenceRe, (whole, bare: string | undefined, braced: string | undefined) => vars.get(bare ?? braced ?? '') ?? whole);
  }
  return text.replace(referenceRe, (whole, name: string | undefined) => (name === undefined ? '$' : (vars.get(name) ?? whole)));
}

/**
 * The container's env values as the kubelet resolves them: each value's references expand from the entries listed
 * before it; a later entry of the same name wins. Values this file cannot know (valueFrom, envFrom) are left out, so
 * references to them stay as written.
 */
const variablesOfContainer = derivation((view, container: Node): ReadonlyMap<string, string> => {
  const vars = new Map<string, string>();
  for (const e of envEntries(view, container)) {
    if (e.value !== undefined) {
      vars.set(e.name, expandReferences(e.value, vars));
    } else {
      vars.delete(e.name);
    }
  }
  return vars;
});

/** The container's env values, resolved (see variablesOfContainer). Shared: do not modify. */
export function containerVariables(view: YamlView, container: Node): ReadonlyMap<string, string> {
  return view.derive(variablesOfContainer, container);
}

/** A script sets the variable itself (`NAME=…`, `export NAME=…`, `read NAME`, `for NAME in`): its value there is not the env's. */
function scriptSets(script: string, name: string): boolean {
  return new RegExp(`(?:^|[^\\w$])${name}=|\\b(?:read|for)\\s[^;&|\\n]*\\b${name}\\b`).test(script);
}

/**
 * The container's command and args joined by spaces (commandLine), with `$(NAME)` references expanded from its env;
 * when they give a shell a script (`sh -c "vllm serve $MODEL_ID"`), its `$NAME` and `${NAME}` too, which the shell reads
 * from the environment the kubelet sets (but for variables the script sets itself).
 */
export function expandedCommandLine(view: YamlView, container: Node): string {
  const line = commandLine(view, container);
  if (!line.includes('$')) {
    return line;
  }
  const vars = containerVariables(view, container);
  const expanded = expandReferences(line, vars);
  const script = expanded.includes('$') ? containerShellScript(view, container) : undefined;
  if (script === undefined) {
    return expanded;
  }
  const fromEnv = new Map([...vars].filter(([name]) => !scriptSets(script, name)));
  return expandReferences(expanded, fromEnv, 'shell');
}
