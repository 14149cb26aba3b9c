import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { hpaTargetsOf } from '../../core/lint/kubernetes/hpa-targets';
import { isYamlFileName } from '../../core/lint/yaml/classify';
import { parseYaml } from '../../core/lint/yaml/parse';
import { readTextFile } from '../fs/read-text-file';

/** Most files of a folder read for HPAs, and the largest read. */
const maxFiles = 200;
const maxBytes = 1024 * 1024;

/** What each file read said, by path, while its size and modification time stay the same (an editor lints often). */
const seen = new Map<string, { stamp: string; targets: string[] }>();
const maxSeen = 2000;

async function targetsOfFile(file: string): Promise<string[]> {
  let stamp: string;
  try {
    const st = await stat(file);
    stamp = `${st.size}:${st.mtimeMs}`;
  } catch {
    return [];
  }
  const known = seen.get(file);
  if (known?.stamp === stamp) {
    return known.targets;
  }
  const read = await readTextFile(file, maxBytes);
  const targets = read.ok && read.text.includes('HorizontalPodAutoscaler') ? hpaTargetsOf(parseYaml(read.text)) : [];
  if (seen.size >= maxSeen) {
    seen.clear();
  }
  seen.set(file, { stamp, targets });
  return targets;
}

/**
 * The objects the HorizontalPodAutoscalers in the YAML files of `dir` scale (hpaTargetKey), but for
 * `except` (the file being linted reads its own): `hpa.yaml` beside `deployment.yaml`. Unreadable files
 * and folders say nothing.
 */
export async function hpaTargetsNear(dir: string, except?: string): Promise<Set<string>> {
  const targets = new Set<string>();
  let names: string[];
  try {
    names = (await readdir(dir)).filter(isYamlFileName).sort().slice(0, maxFiles);
  } catch {
    return targets;
  }
  for (const name of names) {
    const file = path.join(dir, name);
    if (file === except) {
      continue;
    }
    (await targetsOfFile(file)).forEach((t) => targets.add(t));
  }
  return targets;
}
