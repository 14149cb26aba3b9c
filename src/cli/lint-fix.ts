import * as fs from 'node:fs/promises';
import { applyTextEdits } from '../core/lint/apply-edits';
import { compatibleFixes } from '../core/lint/compatible-fixes';
import { unifiedDiff } from '../core/lint/unified-diff';
import type { Finding } from '../core/lint/types';

/** A fix that overlaps another waits for the next pass; fixes that undo each other stop here (ESLint's limit too). */
const maxPasses = 10;

const utf8Bom = Buffer.from([0xef, 0xbb, 0xbf]);

export interface FixTarget {
  /** Absolute path. */
  file: string;
  /** The path as reports show it. */
  shown: string;
  /** The text as linted (without a byte-order mark). */
  text: string;
  findings: readonly Finding[];
  /** The file's findings on another text, from the per-file rules (the cross-file pass ran once, on the original). */
  relint(text: string): Promise<readonly Finding[]>;
}

export interface FileFix {
  target: FixTarget;
  after: string;
  fixes: number;
}

/** Why the target's fixes cannot be made, or undefined. */
export function fixBlocker(target: FixTarget): string | undefined {
  // Lines end at `\n` for the Dockerfile parser, at a lone CR too for YAML: positions would disagree.
  return /\r(?!\n)/.test(target.text) ? 'it has lines ended by a lone CR; save it with LF or CRLF line ends to fix it' : undefined;
}

/** The target's text with its fixes made, pass after pass, or undefined when nothing can be fixed. */
export async function fixedText(target: FixTarget): Promise<FileFix | undefined> {
  if (fixBlocker(target) !== undefined) {
    return undefined;
  }
  // Fixes write `\n`; a file with CRLF line ends keeps them (as an editor's edit does).
  const crlf = /\r\n/.test(target.text);
  let text = target.text;
  let findings = target.findings;
  let fixes = 0;
  for (let pass = 0; pass < maxPasses; pass++) {
    const chosen = compatibleFixes(findings);
    const edits = chosen.flatMap((f) => f.fix?.edits ?? []);
    const next = applyTextEdits(text, crlf ? edits.map((e) => ({ ...e, newText: e.newText.replace(/\r?\n/g, '\r\n') })) : edits);
    if (next === text) {
      break;
    }
    text = next;
    fixes += chosen.length;
    findings = await target.relint(text);
  }
  return fixes > 0 ? { target, after: text, fixes } : undefined;
}

/** A unified diff of one fixed file, as `git apply` and `patch -p1` read it; `bom`: the file starts with one (both sides keep it). */
export function fixDiff(fix: FileFix, bom = false): string {
  const mark = bom ? '\uFEFF' : '';
  return unifiedDiff(mark + fix.target.text, mark + fix.after, `a/${fix.target.shown}`, `b/${fix.target.shown}`);
}

/** Whether the file on disk starts with a UTF-8 byte-order mark (the linted text has it removed). */
export async function startsWithBom(file: string): Promise<boolean> {
  try {
    const handle = await fs.open(file, 'r');
    try {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(3), 0, 3, 0);
      return bytesRead === 3 && buffer.equals(utf8Bom);
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  }
}

/**
 * Writes a fixed file over the one that was linted, keeping its byte-order mark. Refuses (with the reason)
 * when the file changed since it was read, or its bytes are not the UTF-8 text that was linted.
 */
export async function writeFix(fix: FileFix): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(fix.target.file);
  } catch (e) {
    return `cannot read it again: ${e instanceof Error ? e.message : String(e)}`;
  }
  const hasBom = bytes.subarray(0, 3).equals(utf8Bom);
  if (!(hasBom ? bytes.subarray(3) : bytes).equals(Buffer.from(fix.target.text, 'utf8'))) {
    return 'it changed while it was linted, or is not valid UTF-8';
  }
  try {
    await fs.writeFile(fix.target.file, hasBom ? Buffer.concat([utf8Bom, Buffer.from(fix.after, 'utf8')]) : fix.after);
  } catch (e) {
    return `cannot write it: ${e instanceof Error ? e.message : String(e)}`;
  }
  return undefined;
}

/** Makes the targets' fixes: writes them (`--fix`) or prints their diff (`--diff`); says what it did on stderr. */
export async function makeFixes(targets: readonly FixTarget[], mode: 'write' | 'diff', out: { write(text: string): unknown }, err: { write(text: string): unknown }): Promise<{ made: number; failed: boolean }> {
  let made = 0;
  let files = 0;
  let failed = false;
  // A file reached through a link and by its own name is fixed (and shown) once, by its own name: a patch on a link does not apply.
  const reals = await Promise.all(targets.map((t) => fs.realpath(t.file).catch(() => t.file)));
  const order = targets.map((t, i) => i).sort((i, j) => Number((targets[i] as FixTarget).file !== reals[i]) - Number((targets[j] as FixTarget).file !== reals[j]) || i - j);
  const realPaths = new Map<string, string>();
  for (const i of order) {
    const target = targets[i] as FixTarget;
    const real = reals[i] as string;
    const first = realPaths.get(real);
    if (first !== undefined) {
      if (target.findings.some((f) => f.fix)) {
        err.write(`mlc lint: ${target.shown}: the same file as ${first} (a link): fixed there\n`);
      }
      continue;
    }
    realPaths.set(real, target.shown);
    const blocker = target.findings.some((f) => f.fix) ? fixBlocker(target) : undefined;
    if (blocker !== undefined) {
      err.write(`mlc lint: ${target.shown}: not fixed: ${blocker}\n`);
      continue;
    }
    const fix = await fixedText(target);
    if (!fix) {
      continue;
    }
    if (mode === 'diff') {
      out.write(fixDiff(fix, await startsWithBom(target.file)));
    } else {
      const refused = await writeFix(fix);
      if (refused !== undefined) {
        failed = true;
        err.write(`mlc lint: ${target.shown}: not fixed: ${refused}\n`);
        continue;
      }
    }
    made += fix.fixes;
    files++;
  }
  err.write(`mlc lint: ${mode === 'write' ? 'made' : 'would make'} ${made} fix(es) in ${files} file(s)\n`);
  return { made, failed };
}
