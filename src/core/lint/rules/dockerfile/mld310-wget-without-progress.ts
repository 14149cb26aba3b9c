import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';
import { posixRunCommands } from './posix-runs';

const quietLong = /^--(?:progress(?:=.*)?|quiet|no-verbose|output-file(?:=.*)?|append-output(?:=.*)?)$/;
/** Signing keys, certificates, checksums and package-repository definitions: a few KB, one progress line at most. */
const tinyFileRe = /\.(?:pub|asc|gpg|key|pem|crt|sig|sha256|sha512|md5|list|sources|repo)$/i;

/** Every URL the wget fetches names a tiny file (`wget https://…/mellanox_mlnx_ofed.list`, a repository's `.rsa.pub` key). */
function fetchesOnlyTinyFiles(urls: readonly string[]): boolean {
  return urls.length > 0 && urls.every((u) => tinyFileRe.test(u.slice(u.lastIndexOf('/') + 1).split(/[?#]/)[0] ?? ''));
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD310',
    name: 'wget-without-progress',
    family: 'performance',
    severity: 'info',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { hadolint: ['DL3047'] },
    description: 'wget runs without --progress, -q, -nv or -o, so large downloads flood the build log.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const { name, nameWord, args } of posixRunCommands(model)) {
      if (name !== 'wget') {
        continue;
      }
      const quiet = args.some((a) => quietLong.test(a.value) || a.value === '-nv' || (/^-[A-Za-z]+/.test(a.value) && !a.value.startsWith('--') && /^-[A-Za-z]*[qoa]/.test(a.value)));
      if (quiet || fetchesOnlyTinyFiles(args.map((a) => a.value).filter((v) => v.includes('://')))) {
        continue;
      }
      const at = nameWord.range.end;
      out.push(finding(nameWord.range, 'wget prints a progress line per few KB, which floods the build log on multi-GB downloads; add --progress=dot:giga (or -q / -nv).', { title: 'Add --progress=dot:giga', edits: [{ range: { start: at, end: at }, newText: ' --progress=dot:giga' }] }));
    }
    return out;
  },
};
