import type { ShellWord } from '../../dockerfile/shell';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';
import { posixRunCommandsNamed, subcommand } from './posix-runs';

const npmInstall = new Set(['install', 'i', 'add', 'isntall', 'in']);
const npmOptionsWithValue = new Set(['--prefix', '--registry', '--cache', '--tag', '--omit', '--include', '-w', '--workspace']);
const gemOptionsWithValue = new Set(['-i', '--install-dir', '-n', '--bindir', '--source', '-s', '-P', '--trust-policy', '--platform']);

/** A local path, tarball, URL or git source: versioned by what it points at. */
function isLocalOrUrl(spec: string): boolean {
  return /^(?:\.{1,2}(?:\/|$)|\/|~\/|file:|git[+:@]|https?:|github:)/.test(spec) || /\.(?:tgz|tar\.gz|gem)$/.test(spec) || spec.includes('$');
}

function npmPinned(spec: string): boolean {
  if (isLocalOrUrl(spec)) {
    return true;
  }
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  if (at < 0) {
    return false;
  }
  const version = spec.slice(at + 1);
  return version !== '' && version !== 'latest' && version !== 'next';
}

/** The package name without a version or tag (`@scope/pkg@latest` → `@scope/pkg`). */
function npmName(spec: string): string {
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  return at < 0 ? spec : spec.slice(0, at);
}

function positional(args: readonly ShellWord[], withValue: ReadonlySet<string>): ShellWord[] {
  const out: ShellWord[] = [];
  for (let k = 0; k < args.length; k++) {
    const w = args[k] as ShellWord;
    if (w.value.startsWith('-')) {
      if (!w.value.includes('=') && withValue.has(w.value)) {
        k++;
      }
      continue;
    }
    out.push(w);
  }
  return out;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD205',
    name: 'lang-package-unpinned',
    family: 'reproducibility',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { hadolint: ['DL3016', 'DL3028', 'DL3062'] },
    description: 'npm install, gem install or go install names a package without a version.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const { name, args } of posixRunCommandsNamed(model, ['npm', 'gem', 'go'])) {
      const sub = subcommand(args);
      if (!sub) {
        continue;
      }
      const rest = args.slice(args.indexOf(sub) + 1);
      if (name === 'npm' && npmInstall.has(sub.value)) {
        for (const pkg of positional(rest, npmOptionsWithValue).filter((w) => !npmPinned(w.value))) {
          out.push(finding(pkg.range, `npm package ${pkg.value} is not pinned; install ${npmName(pkg.value)}@<version> (or install from a lockfile with npm ci).`, undefined, 'DL3016'));
        }
      } else if (name === 'gem' && sub.value === 'install') {
        if (rest.some((w) => w.value === '-v' || w.value.startsWith('--version'))) {
          continue;
        }
        for (const pkg of positional(rest, gemOptionsWithValue).filter((w) => !w.value.includes(':') && !isLocalOrUrl(w.value))) {
          out.push(finding(pkg.range, `gem ${pkg.value} is not pinned; install ${pkg.value}:<version> or add -v <version>.`, undefined, 'DL3028'));
        }
      } else if (name === 'go' && sub.value === 'install') {
        for (const pkg of positional(rest, new Set(['-C', '-o', '-tags', '-ldflags', '-gcflags', '-mod'])).filter((w) => !isLocalOrUrl(w.value))) {
          const version = pkg.value.includes('@') ? pkg.value.slice(pkg.value.lastIndexOf('@') + 1) : '';
          if (version === '' || version === 'latest') {
            out.push(finding(pkg.range, `go install ${pkg.value} is not pinned; use ${pkg.value.replace(/@.*$/, '')}@<version>.`, undefined, 'DL3062'));
          }
        }
      }
    }
    return out;
  },
};
