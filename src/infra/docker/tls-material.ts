import * as fs from 'node:fs';
import * as path from 'node:path';

/** Reads ca.pem, cert.pem or key.pem from a docker TLS folder; absent files are simply left out. */
export function readPem(dir: string | undefined, file: 'ca.pem' | 'cert.pem' | 'key.pem'): Buffer | undefined {
  if (!dir) {
    return undefined;
  }
  try {
    return fs.readFileSync(path.join(dir, file));
  } catch {
    return undefined;
  }
}
