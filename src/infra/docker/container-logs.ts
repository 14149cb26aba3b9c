import type Docker from 'dockerode';
import { StreamDemuxer, type StreamName } from '../../core/docker/stream-demux';
import { destroyStream } from './docker-connection';

export interface FollowLogsOptions {
  timestamps?: boolean;
  /** Lines of history to start with ("all" or a count). */
  tail?: number | 'all';
  signal?: AbortSignal;
}

export interface LogSink {
  (text: string, stream: StreamName): void;
}

/**
 * Follows a container's logs until the container stops, the stream breaks or `signal` aborts.
 * Non-TTY output is demultiplexed (stdout/stderr); TTY output is raw. Resolves when it ends.
 */
export async function followLogs(docker: Docker, id: string, sink: LogSink, options: FollowLogsOptions = {}): Promise<void> {
  const container = docker.getContainer(id);
  const info = (await container.inspect()) as { Config?: { Tty?: boolean } };
  const tty = info.Config?.Tty === true;
  const stream = (await container.logs({
    follow: true,
    stdout: true,
    stderr: true,
    timestamps: options.timestamps ?? false,
    tail: options.tail ?? 200,
  } as Docker.ContainerLogsOptions & { follow: true }));
  await new Promise<void>((resolve, reject) => {
    const demux = new StreamDemuxer();
    const decoders = { stdout: new TextDecoder(), stderr: new TextDecoder(), stdin: new TextDecoder() };
    const onAbort = () => {
      destroyStream(stream);
      resolve();
    };
    if (options.signal?.aborted) {
      onAbort();
      return;
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });
    stream.on('data', (chunk: Buffer) => {
      if (tty) {
        sink(decoders.stdout.decode(chunk, { stream: true }), 'stdout');
        return;
      }
      for (const frame of demux.push(chunk)) {
        sink(decoders[frame.stream].decode(frame.data, { stream: true }), frame.stream);
      }
    });
    const done = () => {
      options.signal?.removeEventListener('abort', onAbort);
      resolve();
    };
    stream.on('end', done);
    stream.on('close', done);
    stream.on('error', (err: Error) => {
      options.signal?.removeEventListener('abort', onAbort);
      if (options.signal?.aborted) {
        resolve();
      } else {
        reject(err);
      }
    });
  });
}
