import { Duplex } from 'node:stream';
import type * as net from 'node:net';

/**
 * The local end of a tunnel opened before any local connection exists: handed to the tunnel in
 * place of a socket, it keeps what the pod sends until `attach` joins it to the accepted socket.
 * Emits 'gone' when the tunnel ended or failed while still waiting.
 */
export class SpareEnd extends Duplex {
  private local: net.Socket | undefined;
  private early: Buffer[] = [];
  private done = false;

  constructor() {
    super({ allowHalfOpen: true });
    this.once('close', () => this.goneWhileWaiting());
  }

  /** Still usable: neither ended by the pod nor closed. */
  get usable(): boolean {
    return !this.done && !this.destroyed && !this.writableEnded;
  }

  attach(socket: net.Socket): void {
    this.local = socket;
    for (const chunk of this.early) {
      socket.write(chunk);
    }
    this.early = [];
    socket.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) {
        socket.pause();
      }
    });
    socket.once('end', () => this.push(null));
    socket.once('close', () => this.destroy());
    socket.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (!this.local) {
      this.early.push(chunk);
      callback();
    } else if (this.local.write(chunk)) {
      callback();
    } else {
      this.local.once('drain', () => callback());
    }
  }

  override _read(): void {
    this.local?.resume();
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.local) {
      this.local.end();
    } else {
      this.goneWhileWaiting();
    }
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.local?.destroy();
    callback(error);
  }

  private goneWhileWaiting(): void {
    if (!this.local && !this.done) {
      this.done = true;
      this.emit('gone');
    }
  }
}
