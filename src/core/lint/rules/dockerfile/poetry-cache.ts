import type { PoetryInstall } from '../../dockerfile/installs';
import { poetryInstall, runCommands } from '../../dockerfile/installs';
import type { Instruction } from '../../dockerfile/model';
import type { Stage } from '../../dockerfile/semantic';
import { chainInstructions } from '../../dockerfile/semantic';
import type { ShellCommand } from '../../dockerfile/shell';
import { effectiveCommand } from '../../dockerfile/shell';

/** Poetry reads a boolean setting as true only when it is `true` or `1`. */
const poetryTrue = (value: string | undefined): boolean => value === 'true' || value === '1';

/**
 * The install only adds the project itself, its dependencies being in place: `--only-root`, or the second step of
 * the usual two (`poetry install --no-root` before the sources are copied, `poetry install` after), which downloads nothing.
 */
export function installsOnlyTheProject(stage: Stage, instr: Instruction, install: PoetryInstall): boolean {
  const has = (i: PoetryInstall, name: string): boolean => i.options.some((o) => o.name === name);
  if (has(install, '--only-root')) {
    return true;
  }
  if (has(install, '--no-root') || install.subWord.value === 'add') {
    return false;
  }
  for (const i of chainInstructions(stage)) {
    for (const { command, script } of runCommands(i)) {
      if (command === install.command) {
        return false;
      }
      const earlier = poetryInstall(command, script);
      if (earlier && has(earlier, '--no-root')) {
        return true;
      }
    }
  }
  return false;
}

/**
 * Poetry makes its virtualenv under the cache folder (`virtualenvs.path` is `{cache-dir}/virtualenvs`) unless it makes
 * none (virtualenvs.create false, or a virtualenv is active), makes it in the project (virtualenvs.in-project) or is
 * told where (virtualenvs.path): only then does a cache mount on that folder keep the environment in the image.
 */
export function virtualenvOutsideCache(values: ReadonlyMap<string, string | undefined>, stage: Stage, instr: Instruction, command: ShellCommand): boolean {
  const create = values.get('POETRY_VIRTUALENVS_CREATE');
  if ((create !== undefined && !poetryTrue(create)) || poetryTrue(values.get('POETRY_VIRTUALENVS_IN_PROJECT')) || values.has('POETRY_VIRTUALENVS_PATH') || values.has('VIRTUAL_ENV')) {
    return true;
  }
  const chain = chainInstructions(stage);
  for (const i of chain.slice(0, chain.indexOf(instr) + 1)) {
    for (const c of runCommands(i)) {
      if (c.command === command) {
        return false;
      }
      if (configuresVirtualenvAway(c.command)) {
        return true;
      }
    }
  }
  return false;
}

/** `poetry config virtualenvs.create false`, `poetry config virtualenvs.in-project true` or `poetry config virtualenvs.path DIR`. */
function configuresVirtualenvAway(command: ShellCommand): boolean {
  const eff = effectiveCommand(command);
  if (eff?.name !== 'poetry') {
    return false;
  }
  const args = eff.args.map((a) => a.value);
  if (args.includes('--unset')) {
    return false;
  }
  const words = args.filter((v) => !v.startsWith('-'));
  const at = words.indexOf('config');
  const [key, value] = at < 0 ? [] : words.slice(at + 1);
  return (key === 'virtualenvs.create' && !poetryTrue(value)) || (key === 'virtualenvs.in-project' && poetryTrue(value)) || (key === 'virtualenvs.path' && value !== undefined);
}
