import { runCommands } from './installs';
import type { Instruction } from './model';
import type { Stage } from './semantic';
import { chainInstructions } from './semantic';
import { effectiveCommand } from './shell';

/** Directories every Linux base image has. */
const standardDirs = new Set(['/tmp', '/var/tmp', '/etc', '/root', '/bin', '/usr/bin', '/usr/lib', '/usr/share', '/usr/local/bin', '/usr/local/lib']);

/** `path` without its trailing slashes, or undefined unless it is absolute and holds no variable. */
function absolutePath(path: string | undefined): string | undefined {
  if (path === undefined || !path.startsWith('/') || path.includes('$')) {
    return undefined;
  }
  return path.replace(/\/+$/, '') || '/';
}

function isBelow(path: string | undefined, dir: string): boolean {
  return path !== undefined && path.startsWith(`${dir}/`);
}

/** A source BuildKit reads as a directory: the context (`.`) or a path that ends in `/`, no URL and no wildcard. */
function isDirectorySource(source: string): boolean {
  return (source === '.' || source.endsWith('/')) && !source.includes('://') && !/[*?[]/.test(source);
}

/**
 * The COPY/ADD leaves `dir` a directory: it writes below it (BuildKit creates the parents of the target), into
 * `dir/`, or copies only directories to `dir`, whose contents BuildKit puts in a directory it creates there.
 */
function copyMakes(instr: Instruction, dir: string): boolean {
  const args = instr.json ? instr.json.map((a) => a.value) : instr.words.map((w) => w.value);
  const written = args[args.length - 1];
  const dest = absolutePath(written);
  if (dest === undefined || isBelow(dest, dir)) {
    return dest !== undefined;
  }
  if (dest !== dir) {
    return false;
  }
  const sources = args.slice(0, -1);
  return written?.endsWith('/') === true || (instr.heredocs.length === 0 && sources.length > 0 && sources.every(isDirectorySource));
}

/** `mkdir` makes `dir` or a directory below it (which needs `dir` to exist). */
function mkdirMakes(instr: Instruction, dir: string): boolean {
  for (const { command } of runCommands(instr)) {
    const mkdir = effectiveCommand(command);
    if (mkdir?.name === 'mkdir' && mkdir.args.some((a) => !a.value.startsWith('-') && (absolutePath(a.value) === dir || isBelow(absolutePath(a.value), dir)))) {
      return true;
    }
  }
  return false;
}

/** The instruction, run by this build (not an ONBUILD), leaves `dir` a directory. */
function makes(instr: Instruction, dir: string): boolean {
  switch (instr.keyword) {
    case 'WORKDIR': {
      const workdir = absolutePath(instr.words[0]?.value);
      return workdir === dir || isBelow(workdir, dir);
    }
    case 'COPY':
    case 'ADD':
      return copyMakes(instr, dir);
    case 'RUN':
      return mkdirMakes(instr, dir);
    default:
      return false;
  }
}

/**
 * The absolute path `path` is a directory when `instr` runs in `stage`: a standard one, or one that an earlier
 * instruction of the stage or its in-file parents made (WORKDIR, a COPY/ADD into or below it, `mkdir`).
 */
export function directoryBefore(stage: Stage, instr: Instruction, path: string): boolean {
  const dir = absolutePath(path);
  if (dir === undefined) {
    return false;
  }
  if (standardDirs.has(dir) || dir === '/') {
    return true;
  }
  for (const earlier of chainInstructions(stage)) {
    if (earlier === instr) {
      break;
    }
    if (makes(earlier, dir)) {
      return true;
    }
  }
  return false;
}
