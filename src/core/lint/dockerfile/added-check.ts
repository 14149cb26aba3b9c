import type { AlternativeCheck } from './healthcheck-alternatives';
import { alternativeCheck, execForm } from './healthcheck-alternatives';
import type { ToolLessImage } from './tool-less-images';

/** What a healthcheck a quick fix adds runs: curl's script (for a shell), or an argument list run without one. */
export type AddedCheck = { uses: 'curl'; script: string } | AlternativeCheck;

const placeholder = '<command that exits 0 when healthy> || exit 1';

/**
 * The check a quick fix that adds a healthcheck writes for `url` (undefined: it knows none): curl, unless the image is
 * known to lack it (`lacking`, see toolLessImage), then a program the image has (alternativeCheck; the ollama CLI needs
 * no URL). Undefined when it knows no check: the fix writes a placeholder instead.
 */
export function addedCheck(lacking: ToolLessImage | undefined, url: string | undefined): AddedCheck | undefined {
  if (!lacking) {
    return url === undefined ? undefined : { uses: 'curl', script: `curl -fsS ${url} || exit 1` };
  }
  return url !== undefined || lacking.checker === 'ollama' ? alternativeCheck(lacking, url ?? '') : undefined;
}

/** What follows `HEALTHCHECK … CMD`: the script in shell form, an argument list in exec form, or the placeholder. */
export function healthcheckCmd(check: AddedCheck | undefined): string {
  if (check === undefined) {
    return placeholder;
  }
  return 'script' in check ? check.script : execForm(check.argv);
}

/** A Compose healthcheck's `test`: `["CMD-SHELL", script]` (the placeholder's too) or `["CMD", …argv]`. */
export function composeTest(check: AddedCheck | undefined): string {
  if (check === undefined || 'script' in check) {
    return execForm(['CMD-SHELL', check?.script ?? placeholder]);
  }
  return execForm(['CMD', ...check.argv]);
}
