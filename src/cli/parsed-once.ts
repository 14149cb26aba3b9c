import type { YamlFile } from '../core/lint/yaml/parse';
import { parseYaml } from '../core/lint/yaml/parse';

/**
 * The file's parse tree from `parsedYaml`, else parsed now and kept there (texts with CR line ends are not kept:
 * the cross-file pass parses them itself), so that the passes before the per-file one share one tree per file.
 */
export function parsedOnce(parsedYaml: Map<string, YamlFile>, file: string, text: string): YamlFile {
  let parsed = parsedYaml.get(file);
  if (!parsed) {
    parsed = parseYaml(text);
    if (!text.includes('\r')) {
      parsedYaml.set(file, parsed);
    }
  }
  return parsed;
}
