import * as fs from 'node:fs';
import * as path from 'node:path';

/** The nearest folder at or above `dir` that holds `.git`, or undefined outside a repository. */
export function repositoryRoot(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) {
      return d;
    }
    if (d === path.dirname(d)) {
      return undefined;
    }
  }
}
