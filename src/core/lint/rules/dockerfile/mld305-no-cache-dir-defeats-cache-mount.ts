import type { PythonInstall, UvSync } from '../../dockerfile/installs';
import { noCacheOption, pythonInstalls, runCommands, uvSync } from '../../dockerfile/installs';
import type { Instruction } from '../../dockerfile/model';
import { valuesAt } from '../../dockerfile/scope-values';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { cacheHome, cacheLocation, commandCacheDirs, mountsCache, mountTargetsAt } from './cache-mounts';
import { pipCacheConfig } from './pip-config';
import { finding } from './helpers';

/** The RUN's pip and uv commands that download into uv's or pip's cache: installs, and `uv sync` / `uv pip sync`. */
function cachingCommands(instr: Instruction): (UvSync | (PythonInstall & { tool: 'pip' | 'uv' }))[] {
  const installs = pythonInstalls(instr).filter((i): i is PythonInstall & { tool: 'pip' | 'uv' } => i.tool !== 'conda');
  const out: (UvSync | (PythonInstall & { tool: 'pip' | 'uv' }))[] = installs;
  // A loop, not flatMap (which V8 runs far slower): this is asked of every RUN.
  for (const { command, script } of runCommands(instr)) {
    const sync = uvSync(command, script);
    if (sync !== undefined) {
      out.push(sync);
    }
  }
  return out;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD305',
    name: 'no-cache-dir-defeats-cache-mount',
    family: 'performance',
    severity: 'info',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'A RUN mounts a pip/uv cache but disables the cache with --no-cache-dir / --no-cache.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    if (model.nonPosixShell) {
      return out;
    }
    for (const stage of model.stages) {
      for (const instr of stage.instructions) {
        // Only mounts on folders the linter can name: one whose variables it cannot resolve may be for anything.
        const targets = mountTargetsAt(model, stage, instr).filter((t) => t !== undefined);
        if (targets.length === 0) {
          continue;
        }
        for (const install of cachingCommands(instr)) {
          const tool = install.tool;
          // Only a mount on the folder the cache goes to is defeated; where that folder is unknown, so is the harm.
          const dirs = commandCacheDirs(install.command, tool);
          const home = cacheHome(model, stage, instr, install.command, install.script)?.home;
          const sources = { option: dirs.option, inline: dirs.inline, config: tool === 'pip' ? pipCacheConfig(stage, instr).cacheDir : undefined, home };
          const location = cacheLocation(valuesAt(model, stage, instr), tool, sources);
          if (location === 'unknown' || !mountsCache(targets, tool, location)) {
            continue;
          }
          const env = install.command.assignments.find((a) => a.value.startsWith(install.tool === 'pip' ? 'PIP_NO_CACHE_DIR=' : 'UV_NO_CACHE='));
          const word = noCacheOption(install) ?? env;
          if (!word) {
            continue;
          }
          const start = { line: word.range.start.line, column: word.range.start.column - 1 };
          out.push(
            finding(word.range, `${word.value} disables the cache that this RUN mounts, so wheels are downloaded again on every build; remove it and keep the cache mount.`, {
              title: `Remove ${word.value}`,
              edits: [{ range: { start: start.column >= 1 ? start : word.range.start, end: word.range.end }, newText: '' }],
            }),
          );
        }
      }
    }
    return out;
  },
};
