import type { PythonInstall } from '../../dockerfile/installs';
import { requirementName } from '../../dockerfile/installs';
import type { ShellCommand } from '../../dockerfile/shell';
import { effectiveCommand } from '../../dockerfile/shell';

/** `pip uninstall … torch …` (pip, python -m pip or uv pip). */
export function uninstallsTorch(command: ShellCommand): boolean {
  const eff = effectiveCommand(command);
  // Asked of every command: most name no `uninstall` (as the program, the word list's first, it is no pip's).
  if (!eff || eff.name === 'uninstall' || !eff.args.some((a) => a.value === 'uninstall')) {
    return false;
  }
  const words = [eff.name, ...eff.args.map((a) => a.value)];
  const at = words.indexOf('uninstall');
  const pip = at > 0 && (/^pip[0-9.]*$/.test(words[0] as string) || words[at - 1] === 'pip' || /^pip[0-9.]*$/.test(words[at - 1] as string));
  return pip && words.slice(at + 1).some((w) => !w.startsWith('-') && requirementName(w) === 'torch');
}

/** Options that replace an installed torch that already satisfies a bare `torch` (pip's -U/--force-reinstall/-I, uv's --upgrade/--reinstall and their per-package forms). */
export function replacesInstalledTorch(install: PythonInstall): boolean {
  return install.options.some(
    (o) =>
      ['-U', '--upgrade', '--force-reinstall', '-I', '--ignore-installed', '--reinstall'].includes(o.name) ||
      (install.tool === 'pip' && /^-[a-zA-Z]*[UI][a-zA-Z]*$/.test(o.name)) ||
      (['-P', '--upgrade-package', '--reinstall-package'].includes(o.name) && requirementName(o.value?.value ?? '') === 'torch'),
  );
}
