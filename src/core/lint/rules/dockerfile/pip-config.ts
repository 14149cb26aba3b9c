import { runCommands } from '../../dockerfile/installs';
import { memoOn, memoSlot } from '../../dockerfile/memo';
import type { Instruction } from '../../dockerfile/model';
import type { Stage } from '../../dockerfile/semantic';
import { chainInstructions } from '../../dockerfile/semantic';
import type { ShellWord } from '../../dockerfile/shell';
import { effectiveCommand } from '../../dockerfile/shell';

/** What earlier `pip config set` commands wrote about pip's cache. */
export interface PipCacheConfig {
  /** `pip config set global.cache-dir DIR` (or `install.cache-dir`), as written. */
  cacheDir?: string;
  /** `pip config set global.no-cache-dir …`: pip disables the cache for any valid value, `false` included. */
  noCache: boolean;
}

/** The arguments after `pip` of `pip …` or `python -m pip …`; undefined for other commands. */
export function pipArgs(name: string, args: readonly ShellWord[]): readonly ShellWord[] | undefined {
  if (/^pip[0-9.]*$/.test(name)) {
    return args;
  }
  if (/^python[0-9.]*$/.test(name) && args[0]?.value === '-m' && /^pip[0-9.]*$/.test(args[1]?.value ?? '')) {
    return args.slice(2);
  }
  return undefined;
}

/** `config [--user|--global|--site] set KEY VALUE` (or `KEY=VALUE`), as a key and value. */
function configSet(args: readonly ShellWord[]): { key: string; value: string } | undefined {
  const words = args.map((a) => a.value).filter((v) => !v.startsWith('-'));
  if (words[0] !== 'config' || words[1] !== 'set' || words[2] === undefined) {
    return undefined;
  }
  const [key, inline] = words[2].split(/=(.*)/s);
  const value = inline ?? words[3];
  return key !== undefined && value !== undefined ? { key, value } : undefined;
}

const noConfig: PipCacheConfig = { noCache: false };
/** For each stage, the pip configuration in force before each instruction of its ancestry that follows a `pip config set`. */
const configsSlot = memoSlot();

function configsBefore(stage: Stage): Map<Instruction, PipCacheConfig> {
  return memoOn(stage, configsSlot, readConfigs);
}

function readConfigs(stage: Stage): Map<Instruction, PipCacheConfig> {
  const out = new Map<Instruction, PipCacheConfig>();
  let config = noConfig;
  for (const i of chainInstructions(stage)) {
    if (config !== noConfig) {
      out.set(i, config);
    }
    // Only a RUN naming `config` can set pip's configuration: the others need no shell parsing.
    if (i.keyword !== 'RUN' || !(i.args.text.includes('config') || i.heredocs.some((h) => h.body.text.includes('config')))) {
      continue;
    }
    for (const { command } of runCommands(i)) {
      const eff = effectiveCommand(command);
      const args = eff && pipArgs(eff.name, eff.args);
      const set = args && configSet(args);
      if (set && /^(?:global|install)\.cache-dir$/.test(set.key)) {
        config = { ...config, cacheDir: set.value };
      } else if (set && /^(?:global|install)\.no-cache-dir$/.test(set.key) && set.value !== '') {
        config = { ...config, noCache: true };
      }
    }
  }
  return out;
}

/** The pip configuration that RUNs before `instr` in the stage's ancestry wrote (`pip config set global.cache-dir /data/pip-cache`). */
export function pipCacheConfig(stage: Stage, instr: Instruction): PipCacheConfig {
  return configsBefore(stage).get(instr) ?? noConfig;
}
