import { classifyYaml, isJsonManifest, isYamlFileName } from './yaml/classify';

/** What a text lints as when its name is not a Dockerfile's. */
export type ContentKind = 'dockerfile' | 'kubernetes' | 'compose';

/** The first line that is neither blank nor a comment (parser directives are comments), trimmed; '' if none. */
function firstInstructionLine(text: string): string {
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end === -1 ? text.length : end).trim();
    if (line !== '' && !line.startsWith('#')) {
      return line;
    }
    start = end === -1 ? text.length : end + 1;
  }
  return '';
}

/**
 * Whether the text opens as a Dockerfile must: `FROM [--flag…] image [AS name]` or `ARG NAME[=value]` (possibly
 * continued on the next line). Shaped so that prose and Python (`from torch import nn`) do not pass.
 */
function opensLikeDockerfile(text: string): boolean {
  const words = firstInstructionLine(text).split(/[ \t]+/);
  if (words.length > 1 && /^[\\`]$/.test(words[words.length - 1] ?? '')) {
    words.pop();
  }
  const keyword = words[0]?.toUpperCase();
  if (keyword === 'ARG') {
    return /^[A-Za-z_][A-Za-z0-9_]*(?:=|$)/.test(words[1] ?? '');
  }
  if (keyword !== 'FROM') {
    return false;
  }
  const operands = words.slice(1).filter((w) => !w.startsWith('--'));
  return operands.length === 1 || (operands.length === 3 && operands[1]?.toUpperCase() === 'AS');
}

/**
 * What a file that is not a Dockerfile by name is by content (`whole`: the text is the whole file): JSON with
 * apiVersion and kind, or YAML with top-level apiVersion and kind, is a manifest; YAML with top-level services
 * a Compose file; a text that opens with FROM or ARG (outside a YAML name) a Dockerfile, even when a heredoc in
 * it writes YAML; any other YAML by name a manifest (its syntax still checked); else undefined.
 */
export function kindOfContent(text: string, fileName: string | undefined, whole: boolean): ContentKind | undefined {
  if (isJsonManifest(text, whole)) {
    return 'kubernetes';
  }
  const yamlName = fileName !== undefined && isYamlFileName(fileName);
  if (!yamlName && opensLikeDockerfile(text)) {
    return 'dockerfile';
  }
  const yamlKind = classifyYaml(text, fileName);
  if (yamlKind !== 'other') {
    return yamlKind;
  }
  return yamlName ? 'kubernetes' : undefined;
}
