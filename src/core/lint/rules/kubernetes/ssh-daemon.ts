import type { Node } from 'yaml';
import type { YamlView } from '../../yaml/access';
import { commandWords } from '../../kubernetes/gpu';
import { afterLastSlash } from '../../after-last-slash';

/** Shells whose `-c` script is the container's command (`/bin/bash -c "…"`). */
const shells = new Set(['sh', 'bash', 'dash', 'ash', 'zsh']);

/** Programs that prepare or keep alive an SSH daemon's container, and run nothing of their own. */
const sshdHelpers = new Set(['sshd', 'mkdir', 'chmod', 'chown', 'ssh-keygen', 'echo', 'sleep', 'true', 'set']);

/** A statement's words, after any `exec`. */
function wordsOf(statement: string): string[] {
  const words = statement.trim().split(/\s+/).filter((w) => w !== '');
  return words[0] === 'exec' ? words.slice(1) : words;
}

const programName = (word: string): string => afterLastSlash(word);

/** What a container that only runs an SSH daemon writes itself: the folders its command creates (`mkdir -p /var/run/sshd`). */
export interface SshdOnlyCommand {
  created: string[];
}

/**
 * The container only runs an SSH daemon (`/usr/sbin/sshd -D`, after `mkdir -p /var/run/sshd`): an MPI worker whose
 * processes a launcher starts over SSH. Undefined for any other command.
 */
export function sshdOnlyCommand(view: YamlView, container: Node): SshdOnlyCommand | undefined {
  // Most containers never name sshd: no script is split for them (the shared words hold every run of non-blanks).
  if (!commandWords(view, container).some((w) => w.includes('sshd'))) {
    return undefined;
  }
  const words = ['command', 'args'].flatMap((key) => view.list(view.get(container, key)).map((n) => view.str(n) ?? ''));
  const script = shells.has(programName(words[0] ?? '')) && /^-[a-z]*c$/.test(words[1] ?? '') ? words.slice(2).join(' ') : words.join(' ');
  const statements = script.split(/;|&&|\|\||\n/).map(wordsOf).filter((s) => s.length > 0);
  const programs = statements.map((s) => programName(s[0] as string));
  if (!programs.includes('sshd') || !programs.every((p) => sshdHelpers.has(p))) {
    return undefined;
  }
  const created = statements.flatMap((s) => (programName(s[0] as string) === 'mkdir' ? s.slice(1).filter((w) => w.startsWith('/')) : []));
  return { created: [...new Set(created)] };
}
