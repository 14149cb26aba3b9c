import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { runLintCommand } from '../../../../src/cli/lint-command';

class Sink {
  text = '';
  write(s: string): boolean {
    this.text += s;
    return true;
  }
}

export interface LintRepo {
  /** Writes a file under the repository (creating its folders). */
  write: (rel: string, content: string | Buffer) => void;
  /** Runs `mlc lint ARGS` in process, in the repository. */
  lint: (...args: string[]) => Promise<{ code: number; out: string; err: string }>;
  /** Runs `mlc lint ARGS` in process with `input` piped into its standard input. */
  lintPiped: (input: string | Buffer, ...args: string[]) => Promise<{ code: number; out: string; err: string }>;
  /** The same with a fixed number of lint worker threads (0: lint on the calling thread). */
  lintWithWorkers: (workers: number, ...args: string[]) => Promise<{ code: number; out: string; err: string }>;
  readonly root: string;
}

/**
 * A throw-away repository (a temp folder with `.git`, so the CLI finds its root) per test, removed
 * afterwards. Call inside a describe(), before hooks that write into it.
 */
export function useLintRepo(label: string): LintRepo {
  let root = '';
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), `mlc-lint-${label}-`));
    fs.mkdirSync(path.join(root, '.git'));
  });
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });
  return {
    write: (rel, content) => {
      const p = path.join(root, rel);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, content);
    },
    lint: async (...args) => {
      const out = new Sink();
      const err = new Sink();
      const code = await runLintCommand(args, out, err, { cwd: root });
      return { code, out: out.text, err: err.text };
    },
    lintPiped: async (input, ...args) => {
      const out = new Sink();
      const err = new Sink();
      const code = await runLintCommand(args, out, err, { cwd: root, stdin: Readable.from([Buffer.from(input)]) });
      return { code, out: out.text, err: err.text };
    },
    lintWithWorkers: async (workers, ...args) => {
      const out = new Sink();
      const err = new Sink();
      const code = await runLintCommand(args, out, err, { cwd: root, workers });
      return { code, out: out.text, err: err.text };
    },
    get root() {
      return root;
    },
  };
}
