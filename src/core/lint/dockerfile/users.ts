import { runCommands } from './installs';
import { runsConditionally } from './platform-branches';
import type { Instruction } from './model';
import { valuesAt } from './scope-values';
import type { DockerfileModel, Stage } from './semantic';
import { chainInstructions } from './semantic';
import type { ShellCommand, ShellScript } from './shell';
import { basename, effectiveCommand, exportedBefore } from './shell';
import { expandVars } from './variables';

/** The user a build step runs as and its home directory, as far as the Dockerfile shows them. */
export interface RunHome {
  /** The USER (a name or UID, its variables expanded), undefined for root. */
  user?: string;
  home: string;
}

/** useradd's short options that take a value (`-d DIR`, `-ms /bin/bash`: `-m` then `-s /bin/bash`). */
const useraddValueLetters = new Set(['b', 'c', 'd', 'e', 'f', 'g', 'G', 'k', 'K', 'p', 's', 'u', 'R', 'P', 'Z']);
const useraddLongWithValue = new Set(['--base-dir', '--comment', '--home-dir', '--expiredate', '--inactive', '--gid', '--groups', '--skel', '--key', '--password', '--shell', '--uid', '--root', '--prefix', '--selinux-user', '--selinux-range']);
/** adduser's options that take a value: Debian's long ones, BusyBox's short ones (`-h DIR`, `-u UID`). */
const adduserValueLetters = new Set(['h', 'g', 's', 'G', 'u', 'k']);
const adduserLongWithValue = new Set(['--home', '--shell', '--uid', '--gid', '--firstuid', '--lastuid', '--firstgid', '--lastgid', '--gecos', '--comment', '--ingroup', '--conf', '--add-extra-groups', '--extrausers']);

interface CreatedUser {
  name: string;
  uid?: string;
  /** Undefined when the command does not create the home directory. */
  home?: string;
}

/** Options (short letter or long name → value, or '' for a flag) and positional words of a useradd/adduser command line. */
function readUserArgs(args: readonly string[], valueLetters: ReadonlySet<string>, longWithValue: ReadonlySet<string>): { options: Map<string, string>; positional: string[] } {
  const options = new Map<string, string>();
  const positional: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const arg = args[k] as string;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg : arg.slice(0, eq);
      const value = eq >= 0 ? arg.slice(eq + 1) : longWithValue.has(name) ? (args[++k] ?? '') : '';
      options.set(name, value);
    } else if (arg.startsWith('-') && arg.length > 1) {
      k = readShortCluster(args, k, valueLetters, options);
    } else {
      positional.push(arg);
    }
  }
  return { options, positional };
}

/** Records a short-option cluster (`-ms`, `-u1000`); returns the index of its last word. */
function readShortCluster(args: readonly string[], k: number, valueLetters: ReadonlySet<string>, options: Map<string, string>): number {
  const arg = args[k] as string;
  for (let c = 1; c < arg.length; c++) {
    const letter = arg[c] as string;
    if (!valueLetters.has(letter)) {
      options.set(`-${letter}`, '');
      continue;
    }
    const rest = arg.slice(c + 1);
    options.set(`-${letter}`, rest !== '' ? rest : (args[k + 1] ?? ''));
    return rest !== '' ? k : k + 1;
  }
  return k;
}

/** `useradd -m [-d DIR | -b BASE] NAME`: the home is created only with -m (Debian's useradd does not create it by default). */
function useraddUser(args: readonly string[]): CreatedUser | undefined {
  const { options, positional } = readUserArgs(args, useraddValueLetters, useraddLongWithValue);
  const name = positional[0];
  if (name === undefined || positional.length > 1) {
    return undefined;
  }
  const created = (options.has('-m') || options.has('--create-home')) && !options.has('-M') && !options.has('--no-create-home');
  const base = options.get('-b') ?? options.get('--base-dir') ?? '/home';
  const home = options.get('-d') ?? options.get('--home-dir') ?? `${base.replace(/\/+$/, '')}/${name}`;
  return { name, uid: options.get('-u') ?? options.get('--uid'), home: created ? home : undefined };
}

/**
 * `adduser [--home DIR | -h DIR] NAME` (Debian and BusyBox create the home by default). A system user's
 * home differs between versions, and `adduser NAME GROUP` may only add a user to a group: neither is read.
 */
function adduserUser(args: readonly string[]): CreatedUser | undefined {
  const { options, positional } = readUserArgs(args, adduserValueLetters, adduserLongWithValue);
  const name = positional[0];
  if (name === undefined || positional.length > 1 || options.has('--system') || options.has('-S')) {
    return undefined;
  }
  const created = !options.has('--no-create-home') && !options.has('-H');
  const home = options.get('--home') ?? options.get('-h') ?? `/home/${name}`;
  return { name, uid: options.get('--uid') ?? options.get('-u'), home: created ? home : undefined };
}

/**
 * Users the RUNs before `instr` create, oldest first; 'moved' marks a `usermod` that changes a home, UID or name, a command
 * the linter cannot read, or one a build may skip (runsConditionally).
 */
function usersCreatedBefore(model: DockerfileModel, stage: Stage, instr: Instruction): (CreatedUser | 'moved')[] {
  const out: (CreatedUser | 'moved')[] = [];
  for (const i of chainInstructions(stage)) {
    if (i === instr) {
      break;
    }
    for (const { command, script } of runCommands(i)) {
      const eff = effectiveCommand(command);
      if (eff?.name !== 'useradd' && eff?.name !== 'adduser' && eff?.name !== 'usermod') {
        continue;
      }
      const values = valuesAt(model, owningStage(stage, i), i);
      const args = eff.args.map((w) => expanded(w.value, values));
      // `if id -u 1000; then …; else useradd -m -u 1000 app; fi`: the image may already have that user (ubuntu:24.04's ubuntu).
      if (args.some((a) => a === undefined) || runsConditionally(script, command)) {
        out.push('moved');
      } else if (eff.name === 'usermod') {
        const { options } = readUserArgs(args as string[], useraddValueLetters, useraddLongWithValue);
        if (['-d', '--home', '-u', '--uid', '-l', '--login'].some((o) => options.has(o))) {
          out.push('moved');
        }
      } else {
        const user = eff.name === 'useradd' ? useraddUser(args as string[]) : adduserUser(args as string[]);
        if (user) {
          out.push(user);
        }
      }
    }
  }
  return out;
}

/** The stage of the ancestry that holds `instr` (valuesAt needs it). */
function owningStage(stage: Stage, instr: Instruction): Stage {
  let s: Stage | undefined = stage;
  while (s && !s.instructions.includes(instr)) {
    s = s.parent;
  }
  return s ?? stage;
}

/** A word with its variables expanded; undefined when one is unknown. */
function expanded(text: string, values: ReadonlyMap<string, string | undefined>): string | undefined {
  const exp = expandVars(text, (n) => values.get(n));
  return exp.unresolved.length === 0 ? exp.value : undefined;
}

/**
 * The last USER before `instr` (without it: the stage's last) in the stage's ancestry, its variables expanded, without a
 * group; undefined when none, null when unknown.
 */
export function userAt(model: DockerfileModel, stage: Stage, instr?: Instruction): string | undefined | null {
  let user: string | undefined | null;
  for (const i of chainInstructions(stage)) {
    if (i === instr) {
      break;
    }
    const word = i.keyword === 'USER' ? i.words[0]?.value : undefined;
    if (word !== undefined) {
      const values = valuesAt(model, owningStage(stage, i), i);
      user = expanded(word, values)?.split(':')[0] ?? null;
    }
  }
  return user;
}

/** A literal absolute folder, without its trailing slashes; undefined for anything else. */
function literalDir(value: string | undefined): string | undefined {
  return value?.startsWith('/') && !value.includes('$') ? value.replace(/\/+$/, '') || '/' : undefined;
}

/** HOME as the command itself sets it: `HOME=/x pip …`, `env HOME=/x pip …`, an earlier `export HOME=/x`; null when a wrapper switches user. */
function commandHome(command: ShellCommand, script: ShellScript): string | undefined | null {
  const eff = effectiveCommand(command);
  const before = eff ? command.words.slice(0, command.words.indexOf(eff.nameWord)) : [];
  if (before.some((w) => userSwitchers.has(basename(w.value)))) {
    return null;
  }
  const assigned = [...command.assignments, ...before].reverse().find((w) => w.value.startsWith('HOME='));
  return assigned ? assigned.value.slice('HOME='.length) : exportedBefore(script, command, 'HOME');
}

const userSwitchers = new Set(['sudo', 'su', 'gosu', 'su-exec', 'runuser', 'setpriv']);

/**
 * The home of the user a command of `instr` runs as: HOME as the command, ENV or ARG set it, else root's
 * /root, else the home a `useradd -m` / `adduser` earlier in the ancestry created for the USER (by name or UID).
 * Undefined when the Dockerfile does not show it (a user of the base image, a home never created, `sudo`).
 */
export function runHome(model: DockerfileModel, stage: Stage, instr: Instruction, command: ShellCommand, script: ShellScript): RunHome | undefined {
  const fromCommand = commandHome(command, script);
  if (fromCommand === null) {
    return undefined;
  }
  const user = userAt(model, stage, instr);
  if (user === null) {
    return undefined;
  }
  const root = user === undefined || user === '' || user === 'root' || user === '0';
  const values = valuesAt(model, stage, instr);
  if (fromCommand !== undefined || values.has('HOME')) {
    const home = literalDir(fromCommand ?? values.get('HOME'));
    return home === undefined ? undefined : { user: root ? undefined : user, home };
  }
  if (root) {
    return { home: '/root' };
  }
  return createdHome(usersCreatedBefore(model, stage, instr), user);
}

/** The home the last command that created `user` (a name, or a UID) made for it; a later `usermod` that moves a home or UID makes it unknown. */
function createdHome(created: readonly (CreatedUser | 'moved')[], user: string): RunHome | undefined {
  const numeric = /^\d+$/.test(user);
  let home: string | undefined;
  for (const c of created) {
    if (c === 'moved') {
      home = undefined;
    } else if (numeric ? c.uid === user : c.name === user) {
      home = literalDir(c.home);
    }
  }
  return home === undefined ? undefined : { user, home };
}
