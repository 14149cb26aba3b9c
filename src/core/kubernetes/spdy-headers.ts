// SPDY/3 header blocks: the name/value block and the zlib stream (with the SPDY/3 dictionary) it travels in.

const dictionaryWords = [
  'options', 'head', 'post', 'put', 'delete', 'trace', 'accept', 'accept-charset', 'accept-encoding', 'accept-language',
  'accept-ranges', 'age', 'allow', 'authorization', 'cache-control', 'connection', 'content-base', 'content-encoding',
  'content-language', 'content-length', 'content-location', 'content-md5', 'content-range', 'content-type', 'date', 'etag',
  'expect', 'expires', 'from', 'host', 'if-match', 'if-modified-since', 'if-none-match', 'if-range', 'if-unmodified-since',
  'last-modified', 'location', 'max-forwards', 'pragma', 'proxy-authenticate', 'proxy-authorization', 'range', 'referer',
  'retry-after', 'server', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'vary', 'via', 'warning',
  'www-authenticate', 'method', 'get', 'status', '200 OK', 'version', 'HTTP/1.1', 'url', 'public', 'set-cookie', 'keep-alive', 'origin',
];
const dictionaryTail =
  '100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505203 Non-Authoritative Information' +
  '204 No Content301 Moved Permanently400 Bad Request401 Unauthorized403 Forbidden404 Not Found500 Internal Server Error' +
  '501 Not Implemented503 Service UnavailableJan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, ' +
  'Sat, Sun, GMTchunked,text/html,image/png,image/jpg,image/gif,application/xml,application/xhtml+xml,text/plain,' +
  'text/javascript,publicprivatemax-age=gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0.';

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

function u32(n: number): Uint8Array {
  return Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The zlib dictionary of SPDY/3 (1423 bytes): length-prefixed words, then a run of common values. */
export const spdy3Dictionary: Uint8Array = concat([...dictionaryWords.flatMap((w) => [u32(w.length), ascii(w)]), ascii(dictionaryTail)]);

export function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < bytes.length; ) {
    // 5552 bytes is the most that can be summed before the 32-bit sums must be reduced.
    const end = Math.min(bytes.length, i + 5552);
    for (; i < end; i++) {
      a += bytes[i] ?? 0;
      b += a;
    }
    a %= 65_521;
    b %= 65_521;
  }
  return ((b << 16) | a) >>> 0;
}

/** The uncompressed name/value block: names lower-case, several values of one name joined by NUL. */
export function encodeHeaderBlock(headers: [string, string][]): Uint8Array {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [u32(headers.length)];
  for (const [name, value] of headers) {
    const n = encoder.encode(name.toLowerCase());
    const v = encoder.encode(value);
    parts.push(u32(n.length), n, u32(v.length), v);
  }
  return concat(parts);
}

export function decodeHeaderBlock(block: Uint8Array): [string, string][] {
  const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
  const decoder = new TextDecoder();
  let at = 0;
  const read = () => {
    if (at + 4 > block.length) {
      throw new Error('SPDY header block ends inside a length');
    }
    const n = view.getUint32(at);
    at += 4;
    if (at + n > block.length) {
      throw new Error('SPDY header block ends inside a name or value');
    }
    const s = decoder.decode(block.subarray(at, at + n));
    at += n;
    return s;
  };
  const count = block.length >= 4 ? view.getUint32(0) : 0;
  at = 4;
  const out: [string, string][] = [];
  for (let i = 0; i < count; i++) {
    out.push([read(), read()]);
  }
  return out;
}

/**
 * The sending side of a session's header compression, as zlib at level 0 with Z_SYNC_FLUSH writes it:
 * the zlib header naming the SPDY dictionary once, then per block one stored deflate block and the
 * empty stored block of the sync flush. The peer's one inflate context reads it like any other
 * compressed stream; header blocks are a few dozen bytes, so compressing them would save nothing.
 */
export class HeaderDeflater {
  private started = false;

  compress(block: Uint8Array): Uint8Array {
    if (block.length > 0xffff) {
      throw new RangeError('a SPDY header block over 65535 bytes does not fit one stored deflate block');
    }
    const parts: Uint8Array[] = [];
    if (!this.started) {
      this.started = true;
      // CMF 0x78 (deflate, 32K window); FLG: no compression level, FDICT, check bits so that CMF·256+FLG ≡ 0 (mod 31).
      let header = (0x78 << 8) | 0x20;
      header += 31 - (header % 31);
      parts.push(Uint8Array.of(header >>> 8, header & 0xff), u32(adler32(spdy3Dictionary)));
    }
    const len = block.length;
    parts.push(Uint8Array.of(0x00, len & 0xff, len >>> 8, ~len & 0xff, (~len >>> 8) & 0xff), block, Uint8Array.of(0x00, 0x00, 0x00, 0xff, 0xff));
    return concat(parts);
  }
}
