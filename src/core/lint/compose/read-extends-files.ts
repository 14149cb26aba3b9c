import type { ExtendsFiles } from './extends-files';
import { extendsFileNames, maxExtendsDepth, maxExtendsFiles } from './extends-files';
import { extendsPathFrom } from './extends-paths';

/**
 * The files a Compose text's services extend, and those their bases extend in turn (each named relative to the
 * folder of the file that writes it), by their path relative to the linted file's folder: what `lintCompose`'s
 * `extendsFiles` wants. `read` gets such a path and gives the file's text, or undefined when it may not be read.
 * At most `maxExtendsDepth` files deep and `maxExtendsFiles` paths tried in all; a path is tried once (cycles end).
 */
export async function readExtendsFiles(text: string, read: (name: string) => Promise<string | undefined>): Promise<ExtendsFiles> {
  const files = new Map<string, string>();
  const tried = new Set<string>();
  let level = extendsFileNames(text);
  for (let depth = 1; depth <= maxExtendsDepth && level.length > 0; depth++) {
    const names = [...new Set(level)].filter((name) => !tried.has(name)).slice(0, maxExtendsFiles - tried.size);
    names.forEach((name) => tried.add(name));
    const texts = await Promise.all(names.map((name) => read(name)));
    level = [];
    names.forEach((name, k) => {
      const found = texts[k];
      if (found !== undefined) {
        files.set(name, found);
        if (depth < maxExtendsDepth) {
          level.push(...extendsFileNames(found).map((written) => extendsPathFrom(name, written)));
        }
      }
    });
  }
  return files;
}
