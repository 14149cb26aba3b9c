/** Tar (ustar + PAX for long names) header encoding for the build context stream; no I/O here. */
export type TarEntryType = 'file' | 'directory' | 'symlink';

export interface TarEntry {
  /** Context-relative, forward slashes, no leading slash; directories without a trailing slash. */
  name: string;
  type: TarEntryType;
  mode: number;
  size: number;
  mtimeSeconds: number;
  linkname?: string;
}

export const tarBlock = 512;
const encoder = new TextEncoder();

function writeString(buf: Uint8Array, offset: number, length: number, value: string): void {
  buf.set(encoder.encode(value).subarray(0, length), offset);
}

function writeOctal(buf: Uint8Array, offset: number, length: number, value: number): void {
  writeString(buf, offset, length, `${Math.floor(value).toString(8).padStart(length - 1, '0')}\0`);
}

function fits(value: string, length: number): boolean {
  return encoder.encode(value).length <= length;
}

/** Splits a long path into ustar prefix (≤155 bytes) + name (≤100 bytes), or undefined. */
function splitUstar(path: string): { prefix: string; name: string } | undefined {
  if (fits(path, 100)) {
    return { prefix: '', name: path };
  }
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (fits(prefix, 155) && fits(name, 100) && name !== '') {
      return { prefix, name };
    }
  }
  return undefined;
}

function rawHeader(name: string, prefix: string, typeflag: string, mode: number, size: number, mtime: number, linkname: string): Uint8Array {
  const h = new Uint8Array(tarBlock);
  writeString(h, 0, 100, name);
  writeOctal(h, 100, 8, mode & 0o7777);
  writeOctal(h, 108, 8, 0);
  writeOctal(h, 116, 8, 0);
  writeOctal(h, 124, 12, size);
  writeOctal(h, 136, 12, mtime);
  h.fill(0x20, 148, 156);
  writeString(h, 156, 1, typeflag);
  writeString(h, 157, 100, linkname);
  writeString(h, 257, 6, 'ustar\0');
  writeString(h, 263, 2, '00');
  writeString(h, 345, 155, prefix);
  let sum = 0;
  for (const b of h) {
    sum += b;
  }
  writeString(h, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return h;
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let len = encoder.encode(body).length;
  let total = len + String(len).length;
  while (total !== String(total).length + len) {
    total = String(total).length + len;
  }
  len = total;
  return `${len}${body}`;
}

/** Bytes of zero padding after `size` bytes of content. */
export function tarPadding(size: number): number {
  return (tarBlock - (size % tarBlock)) % tarBlock;
}

/** The header block(s) for one entry: a PAX extended header first when a name does not fit ustar. */
export function tarHeader(entry: TarEntry): Uint8Array[] {
  const name = entry.type === 'directory' ? `${entry.name}/` : entry.name;
  const typeflag = entry.type === 'file' ? '0' : entry.type === 'directory' ? '5' : '2';
  const size = entry.type === 'file' ? entry.size : 0;
  const link = entry.linkname ?? '';
  const split = splitUstar(name);
  const records: string[] = [];
  if (!split) {
    records.push(paxRecord('path', name));
  }
  if (!fits(link, 100)) {
    records.push(paxRecord('linkpath', link));
  }
  if (size > 0o77777777777) {
    records.push(paxRecord('size', String(size)));
  }
  const main = rawHeader(split?.name ?? name.slice(-100), split?.prefix ?? '', typeflag, entry.mode, size > 0o77777777777 ? 0 : size, entry.mtimeSeconds, fits(link, 100) ? link : '');
  if (records.length === 0) {
    return [main];
  }
  const body = encoder.encode(records.join(''));
  const pax = rawHeader('PaxHeader', '', 'x', 0o644, body.length, entry.mtimeSeconds, '');
  const padded = new Uint8Array(body.length + tarPadding(body.length));
  padded.set(body);
  return [pax, padded, main];
}

/** Two zero blocks end the archive. */
export function tarTrailer(): Uint8Array {
  return new Uint8Array(tarBlock * 2);
}
