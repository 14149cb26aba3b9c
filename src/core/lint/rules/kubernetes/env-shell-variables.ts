import type { Node } from 'yaml';
import type { YamlView } from '../../yaml/access';
import { viewOf } from '../../yaml/access';
import type { YamlFile } from '../../yaml/parse';

/** A value that is one shell variable and nothing else: `$NAME` or `${NAME}`. */
const wholeShellVariable = /^\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)\})$/;

export interface ShellVariable {
  name: string;
  braced: boolean;
}

/** The shell variable an env value consists of, when that is all it is (`$2a$...`, `$$X`, `$(X)` are not). */
export function wholeShellVariableOf(value: string): ShellVariable | undefined {
  const m = wholeShellVariable.exec(value);
  if (!m) {
    return undefined;
  }
  const bare = m[1];
  return bare !== undefined ? { name: bare, braced: false } : { name: m[2] ?? '', braced: true };
}

/** How a value names its own variable: `$NAME` or `${NAME}` (shell syntax) or `$(NAME)` (the kubelet's). */
export type SelfReference = 'shell' | 'kubelet';

/**
 * Whether a `:`-separated list (PATH, LD_LIBRARY_PATH…) holds its own variable as an element, as if to append to
 * the image's value: `$PATH:/x`, `/y:${LD_LIBRARY_PATH}`, `$(PATH):/z`. Escaped `$$NAME` is not counted.
 */
export function selfReferenceOf(name: string, value: string): SelfReference | undefined {
  const elements = value.split(':').map((e) => e.trim());
  if (elements.some((e) => e === `$${name}` || e === `\${${name}}`)) {
    return 'shell';
  }
  return elements.includes(`$(${name})`) ? 'kubelet' : undefined;
}

/**
 * Text that only a file meant for a rendering tool holds: Go/Jinja/ERB actions, and Flux's post-build substitution
 * (which fills `${NAME}` in, so its manifests use the syntax on purpose).
 */
const renderingMarkers = ['{{', '{%', '<%', 'kustomize.toolkit.fluxcd.io'];

/** `$NAME` or `${NAME…}` in a scalar, not escaped as `$$`. `$(NAME)` is the kubelet's own syntax, not counted. */
const shellVariableInText = /(?<!\$)\$(?:[A-Za-z_]|\{[A-Za-z_])/;

/** An argument that makes a shell run the next one as a script: `-c`, `-ec`, `-xc`… */
const scriptFlag = /^-[a-z]*c$/;

const renderedFile = Symbol('renderedFile');
type FileWithRenderedHint = YamlFile & { [renderedFile]?: boolean };

/**
 * Whether the file is evidently a template that a tool renders before it is applied (envsubst, Flux, a script): it
 * holds a rendering marker, or a shell variable somewhere other than an env value or a shell script (an image, a
 * name, a replica count, a plain argument). Decided once per file, and only for files with a candidate finding.
 */
export function fileIsRenderedTemplate(file: YamlFile): boolean {
  const kept = file as FileWithRenderedHint;
  return (kept[renderedFile] ??= renderingMarkers.some((m) => file.text.includes(m)) || file.documents.some((d) => d.skipped !== undefined || hasTemplateVariable(viewOf(file, d), d.doc.contents)));
}

function hasTemplateVariable(view: YamlView, node: Node | null | undefined): boolean {
  const scalar = view.scalar(node);
  if (scalar) {
    return typeof scalar.value === 'string' && shellVariableInText.test(scalar.value);
  }
  if (view.seq(node)) {
    return view.list(node).some((item) => hasTemplateVariable(view, item));
  }
  const n = view.map(node);
  if (!n) {
    return false;
  }
  const runsScript = ['command', 'args'].some((key) => view.list(view.get(n, key)).some((a) => scriptFlag.test(view.str(a) ?? '')));
  for (const pair of view.pairs(n)) {
    const key = view.keyOf(pair);
    const value = pair.value as Node | null;
    if (key === 'env') {
      // Env values are what the rule judges; their names and valueFrom are walked like any field.
      if (view.list(value).some((e) => view.pairs(e).some((p) => view.keyOf(p) !== 'value' && hasTemplateVariable(view, p.value as Node | null)))) {
        return true;
      }
    } else if (!(runsScript && (key === 'command' || key === 'args')) && hasTemplateVariable(view, value)) {
      return true;
    }
  }
  return false;
}
