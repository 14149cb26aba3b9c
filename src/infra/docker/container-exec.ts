import type Docker from 'dockerode';
import { StreamDemuxer } from '../../core/docker/stream-demux';

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

/** Runs a command in a running container and collects its output (no TTY, no stdin). */
export async function execCollect(docker: Docker, id: string, cmd: string[], signal?: AbortSignal): Promise<ExecResult> {
  const exec = await docker.getContainer(id).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true, Tty: false });
  const stream = await exec.start({ hijack: true, stdin: false });
  const demux = new StreamDemuxer();
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  await new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      stream.destroy();
      reject(Object.assign(new Error('cancelled'), { code: 'ABORT_ERR' }));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    stream.on('data', (chunk: Buffer) => {
      for (const f of demux.push(chunk)) {
        (f.stream === 'stderr' ? err : out).push(f.data);
      }
    });
    stream.on('end', () => resolve());
    stream.on('close', () => resolve());
    stream.on('error', reject);
  });
  const info = (await exec.inspect()) as { ExitCode?: number | null };
  return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), exitCode: info.ExitCode ?? null };
}

export interface ShellSession {
  write(data: string): void;
  resize(cols: number, rows: number): Promise<void>;
  onData(listener: (text: string) => void): void;
  /** Resolves with the shell's exit code when it ends (null if unknown). */
  readonly exited: Promise<number | null>;
  close(): void;
}

/** bash when the image has it, else sh. */
export const defaultShellCommand = ['/bin/sh', '-c', 'if command -v bash >/dev/null 2>&1; then exec bash; else exec sh; fi'];

/** An interactive TTY exec: what `docker exec -it <id> sh` opens. */
export async function openShell(docker: Docker, id: string, size: { cols: number; rows: number }, cmd: string[] = defaultShellCommand): Promise<ShellSession> {
  const exec = await docker.getContainer(id).exec({
    Cmd: cmd,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: true,
    Env: ['TERM=xterm-256color'],
  });
  const stream = await exec.start({ hijack: true, stdin: true, Tty: true });
  const decoder = new TextDecoder();
  const listeners: ((text: string) => void)[] = [];
  const early: string[] = [];
  stream.on('data', (chunk: Buffer) => {
    const text = decoder.decode(chunk, { stream: true });
    if (listeners.length === 0) {
      early.push(text);
    }
    for (const l of listeners) {
      l(text);
    }
  });
  const exited = new Promise<number | null>((resolve) => {
    let done = false;
    const finish = () => {
      if (done) {
        return;
      }
      done = true;
      exec.inspect().then(
        (info: { ExitCode?: number | null }) => resolve(info.ExitCode ?? null),
        () => resolve(null),
      );
    };
    stream.on('end', finish);
    stream.on('close', finish);
    stream.on('error', finish);
  });
  const resize = async (cols: number, rows: number) => {
    if (cols > 0 && rows > 0) {
      await exec.resize({ w: cols, h: rows });
    }
  };
  await resize(size.cols, size.rows).catch(() => undefined);
  return {
    write: (data) => {
      stream.write(data);
    },
    resize,
    onData: (listener) => {
      listeners.push(listener);
      for (const text of early.splice(0)) {
        listener(text);
      }
    },
    exited,
    close: () => {
      stream.end();
      stream.destroy();
    },
  };
}
