import * as path from 'node:path';
import { kindOfContent } from '../core/lint/content-kind';
import { textOfBuffer } from '../infra/fs/read-text-file';
import type { LintTarget, LintTargetKind } from '../infra/lint/discover';
import { isDockerfileName } from '../infra/lint/discover';

/** The most standard input `mlc lint -` reads, like the largest file it lints. */
export const maxStdinBytes = 16 * 1024 * 1024;

/** The name standard input gets in reports when `--stdin-filename` does not give one. */
export const stdinShownName = '<stdin>';

/**
 * What text piped into `mlc lint -` is: by the name `--stdin-filename` gives, as for files, else by its
 * content (`kindOfContent`); text that is none of them is a Dockerfile (hadolint's reading of standard input).
 */
export function stdinKind(text: string, fileName: string | undefined): LintTargetKind {
  const name = fileName === undefined ? undefined : path.basename(fileName);
  if (name !== undefined && isDockerfileName(name)) {
    return 'dockerfile';
  }
  return kindOfContent(text, name, true) ?? 'dockerfile';
}

export interface StdinStream extends AsyncIterable<Buffer | string> {
  isTTY?: boolean;
}

/**
 * Reads standard input whole as one lint target at `cwd/fileName` (so config lookup and the cross-file
 * pass place it there). Refuses a terminal (nothing piped: waiting would look like a hang), more than
 * `maxStdinBytes`, and binary content, each with a message.
 */
export async function readStdinTarget(stdin: StdinStream, cwd: string, fileName: string | undefined, maxBytes = maxStdinBytes): Promise<LintTarget | { error: string }> {
  if (stdin.isTTY) {
    return { error: 'standard input (-) is a terminal: pipe a file into it, e.g. `helm template … | mlc lint -`' };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stdin) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buffer.length;
      if (size > maxBytes) {
        return { error: `standard input: more than the ${maxBytes} bytes allowed` };
      }
      chunks.push(buffer);
    }
  } catch (e) {
    return { error: `standard input: ${e instanceof Error ? e.message : String(e)}` };
  }
  const read = textOfBuffer(Buffer.concat(chunks));
  const text = read.ok ? read.text : '';
  return { path: path.resolve(cwd, fileName ?? stdinShownName), kind: stdinKind(text, fileName), read };
}
