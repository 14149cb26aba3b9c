import { floatingTagTest } from '../floating-tags';
import type { EffectiveCommand, ShellWord } from './shell';

/** git's own options before the subcommand that take a value (`git -C /src checkout v1`, `git -c k=v clone …`). */
const globalOptionsWithValue = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--config-env', '--super-prefix']);

/** `git [global options] SUBCOMMAND args…`: the subcommand, its arguments, and the directory `-C` names (several join up). */
export interface GitCommand {
  sub: string;
  args: ShellWord[];
  /** The `-C` directories in order; empty when none is given. */
  dirs: string[];
  /** `--git-dir` or `--work-tree` points it at a repository elsewhere than its directory. */
  elsewhere: boolean;
}

export function gitCommand(eff: EffectiveCommand): GitCommand | undefined {
  if (eff.name !== 'git') {
    return undefined;
  }
  const dirs: string[] = [];
  let elsewhere = false;
  let k = 0;
  while (k < eff.args.length) {
    const w = (eff.args[k] as ShellWord).value;
    if (!w.startsWith('-')) {
      return { sub: w, args: eff.args.slice(k + 1), dirs, elsewhere };
    }
    const name = w.includes('=') ? w.slice(0, w.indexOf('=')) : w;
    elsewhere ||= name === '--git-dir' || name === '--work-tree';
    if (globalOptionsWithValue.has(w)) {
      if (w === '-C' && eff.args[k + 1]) {
        dirs.push((eff.args[k + 1] as ShellWord).value);
      }
      k += 2;
    } else {
      k++;
    }
  }
  return undefined;
}

/** `git clone`'s options that take a value, as a word of their own or after `=`. */
const cloneOptionsWithValue = new Set([
  '-b', '--branch', '--revision', '--depth', '-o', '--origin', '-c', '--config', '-j', '--jobs', '--reference', '--reference-if-able', '--filter',
  '--template', '-u', '--upload-pack', '--separate-git-dir', '--shallow-since', '--shallow-exclude', '--server-option', '--bundle-uri', '--ref-format',
]);

/** A `git clone`: the repository, the directory it creates (as written, or from the repository's name) and the ref it checks out. */
export interface GitClone {
  url: ShellWord;
  dir: string;
  /** `--branch`/`-b` or `--revision`; undefined for the default branch. */
  ref?: string;
  /** `--depth`, `--shallow-since` or `--shallow-exclude`: no older commit to check out afterwards. */
  shallow: boolean;
}

/** The option's value, written `--branch v1`, `--branch=v1` or `-bv1`. */
function optionValue(args: readonly ShellWord[], k: number, name: string): { value: string; next: number } | undefined {
  const w = (args[k] as ShellWord).value;
  if (w === name) {
    const value = args[k + 1]?.value;
    return value === undefined ? undefined : { value, next: k + 1 };
  }
  if (name.startsWith('--') ? w.startsWith(`${name}=`) : w.startsWith(name) && w.length > name.length) {
    return { value: w.slice(name.startsWith('--') ? name.length + 1 : name.length), next: k };
  }
  return undefined;
}

export function gitClone(git: GitCommand): GitClone | undefined {
  if (git.sub !== 'clone') {
    return undefined;
  }
  const positional: ShellWord[] = [];
  let ref: string | undefined;
  let shallow = false;
  for (let k = 0; k < git.args.length; k++) {
    const word = git.args[k] as ShellWord;
    if (word.value === '--') {
      positional.push(...git.args.slice(k + 1));
      break;
    }
    if (!word.value.startsWith('-')) {
      positional.push(word);
      continue;
    }
    const refOption = ['-b', '--branch', '--revision'].map((n) => optionValue(git.args, k, n)).find((v) => v !== undefined);
    if (refOption) {
      ref = refOption.value;
      k = refOption.next;
    } else if (cloneOptionsWithValue.has(word.value)) {
      k++;
    }
    shallow ||= /^--(?:depth|shallow-since|shallow-exclude)(?:=|$)/.test(word.value);
  }
  const [url, dir] = positional;
  if (!url) {
    return undefined;
  }
  const name = url.value.replace(/[/:]+$/, '').split(/[/:]/).pop() ?? '';
  return { url, dir: dir?.value ?? name.replace(/\.git$/, ''), shallow, ...(ref !== undefined ? { ref } : {}) };
}

/**
 * The ref a `git checkout`, `git switch` or `git reset --hard` moves the work tree to: its first word that is neither an
 * option nor an option's value, before any `--` (paths follow that). Undefined when it names none (`git checkout -b
 * topic`, `git reset --hard`), or only paths (`git checkout .`), or the command is none of these.
 */
export function checkedOutRef(git: GitCommand): string | undefined {
  const withValue = git.sub === 'checkout' ? ['-b', '-B', '--orphan', '--conflict'] : git.sub === 'switch' ? ['-c', '-C', '--create', '--force-create', '--orphan', '--conflict'] : [];
  if (git.sub === 'reset' && !git.args.some((a) => a.value === '--hard')) {
    return undefined;
  }
  if (git.sub !== 'checkout' && git.sub !== 'switch' && git.sub !== 'reset') {
    return undefined;
  }
  for (let k = 0; k < git.args.length; k++) {
    const v = (git.args[k] as ShellWord).value;
    if (v === '--') {
      return undefined;
    }
    if (withValue.includes(v)) {
      k++;
    } else if (!v.startsWith('-')) {
      return v === '.' ? undefined : v;
    }
  }
  return undefined;
}

const floatingBranch = floatingTagTest(undefined);

/**
 * The ref moves: a branch that follows every push (`main`, `master`, `dev`, `nightly`, the names MLD202 treats as
 * floating tags, with a remote's prefix: `origin/main`) or HEAD itself. Another ref counts as a pin: a tag (`v1.2.3`),
 * a commit, a build argument (`${REF}`), FETCH_HEAD after a fetch of one. A release branch (`release/2.3`) moves
 * too, but only with backports: left alone, as is any name this cannot tell from a tag.
 */
export function floatingRef(ref: string): boolean {
  if (ref.includes('$')) {
    return false;
  }
  const name = ref.replace(/^(?:refs\/heads\/|refs\/remotes\/)?(?:origin|upstream)\//, '');
  return /^(?:HEAD|@)(?:$|[~^@])/.test(name) || floatingBranch(name);
}

/** A repository on another machine: `scheme://…` (not `file://`) or scp-like `user@host:path`. */
export function remoteRepository(url: string): boolean {
  return /^(?:[a-z][a-z0-9+.-]*:\/\/|[\w.-]+@[\w.-]+:)/i.test(url) && !/^file:/i.test(url);
}

/** An ADD source BuildKit fetches with git (`https://…/x.git`, `git@host:x.git`, `git://…`), with the ref its `#ref[:dir]` or `?ref=` names. */
export function addGitSource(source: string): { ref?: string; commit: boolean } | undefined {
  if (!/^(?:git@[\w.-]+:|git:\/\/|ssh:\/\/)|^https?:\/\/[^#?]+\.git(?:$|[#?])/i.test(source)) {
    return undefined;
  }
  const hash = source.indexOf('#');
  const query = source.indexOf('?');
  const params = new URLSearchParams(query >= 0 ? source.slice(query + 1, hash > query ? hash : undefined) : '');
  const fromHash = hash >= 0 ? source.slice(hash + 1).split(':')[0] : undefined;
  const ref = fromHash || params.get('ref') || params.get('tag') || params.get('branch') || undefined;
  return { ...(ref ? { ref } : {}), commit: params.has('checksum') || params.has('commit') };
}
