import type { Node } from 'yaml';
import type { YamlView } from '../../yaml/access';
import { derivation } from '../../yaml/access';
import { envEntries } from './helpers';
import { commandLine } from './model-source';

/** `$$` (a literal `$`) or a `$(NAME)` reference, NAME running to the first `)`. */
const referenceRe = /\$(?:\$|\(([^)]*)\))/g;

/**
 * The kubelet's `$(NAME)` expansion in env values, command and args: a reference to one of `vars` becomes its value,
 * a reference to any other name stays as written, and `$$` is a literal `$` (so `$$(NAME)` is never expanded).
 */
export function expandReferences(text: string, vars: ReadonlyMap<string, string>): string {
  if (!text.includes('$')) {
    return text;
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

/** The container's command and args joined by spaces (commandLine), with `$(NAME)` references expanded from its env. */
export function expandedCommandLine(view: YamlView, container: Node): string {
  const line = commandLine(view, container);
  return line.includes('$') ? expandReferences(line, containerVariables(view, container)) : line;
}
