import type { Flag, Instruction } from '../../dockerfile/model';
import { effective } from '../../dockerfile/semantic';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

type Kind = 'string' | 'bool' | 'duration' | 'count' | 'mount';

/** Flags of the current stable frontend (newer ones such as --link, --chmod, --checksum, --parents, --exclude included). */
const known = new Map<string, Map<string, Kind>>([
  ['FROM', new Map([['platform', 'string']])],
  ['RUN', new Map([['mount', 'mount'], ['network', 'string'], ['security', 'string']])],
  ['COPY', new Map([['from', 'string'], ['chown', 'string'], ['chmod', 'string'], ['link', 'bool'], ['parents', 'bool'], ['exclude', 'string']])],
  ['ADD', new Map([['chown', 'string'], ['chmod', 'string'], ['link', 'bool'], ['checksum', 'string'], ['keep-git-dir', 'bool'], ['exclude', 'string'], ['unpack', 'bool']])],
  ['HEALTHCHECK', new Map([['interval', 'duration'], ['timeout', 'duration'], ['start-period', 'duration'], ['start-interval', 'duration'], ['retries', 'count']])],
]);
const repeatable = new Set(['mount', 'exclude']);
const mountKeys = new Map<string, Set<string>>([
  ['bind', new Set(['target', 'dst', 'destination', 'source', 'src', 'from'])],
  ['cache', new Set(['id', 'target', 'dst', 'destination', 'sharing', 'from', 'source', 'src', 'mode', 'uid', 'gid'])],
  ['tmpfs', new Set(['target', 'dst', 'destination', 'size'])],
  ['secret', new Set(['id', 'target', 'dst', 'destination', 'env', 'required', 'mode', 'uid', 'gid'])],
  ['ssh', new Set(['id', 'target', 'dst', 'destination', 'required', 'mode', 'uid', 'gid'])],
]);
/** BuildKit reads these on every mount type (`--mount=type=cache,target=…,rw`). */
const accessKeys = new Set(['ro', 'readonly', 'rw', 'readwrite']);
/** Podman and Buildah also read SELinux relabelling (`z`, `Z`, `relabel=`), `U` (chown to the user) and bind propagation. */
const buildahKeys = new Set(['z', 'Z', 'U', 'relabel', 'bind-propagation', 'bind-nonrecursive']);
const durationRe = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;

const durationUnits = new Map([
  ['ns', 1e-6],
  ['us', 1e-3],
  ['µs', 1e-3],
  ['ms', 1],
  ['s', 1000],
  ['m', 60000],
  ['h', 3600000],
]);

function durationMs(v: string): number {
  let total = 0;
  for (const m of v.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(m[1]) * (durationUnits.get(m[2] as string) ?? 0);
  }
  return total;
}

function mountProblem(value: string, podman: boolean): string | undefined {
  const pairs = value.split(',').filter((p) => p !== '');
  // BuildKit lower-cases keys and the type before it checks them.
  const type = pairs.find((p) => /^type=/i.test(p))?.slice(5) ?? 'bind';
  const keys = mountKeys.get(type.toLowerCase());
  if (!keys) {
    return `unknown mount type "${type}" (use bind, cache, tmpfs, secret or ssh)`;
  }
  for (const p of pairs) {
    const raw = p.split('=')[0] ?? '';
    const key = raw.toLowerCase();
    if (key !== 'type' && !keys.has(key) && !accessKeys.has(key)) {
      if (buildahKeys.has(raw)) {
        if (podman) {
          continue;
        }
        return `"${raw}" is a Podman/Buildah mount option, which docker build (BuildKit) rejects`;
      }
      return `"${raw}" is not a ${type} mount option`;
    }
  }
  return undefined;
}

function flagProblem(instr: Instruction, flag: Flag, seen: Set<string>, podman: boolean): string | undefined {
  const kinds = known.get(instr.keyword);
  const kind = kinds?.get(flag.name);
  if (!kind) {
    return `--${flag.name} is not a flag of ${instr.keyword}${kinds ? ` (known: ${[...kinds.keys()].map((k) => `--${k}`).join(', ')})` : ''}`;
  }
  if (seen.has(flag.name) && !repeatable.has(flag.name)) {
    return `--${flag.name} is given twice`;
  }
  seen.add(flag.name);
  const v = flag.value;
  if (kind === 'bool') {
    return v === undefined || ['true', 'false'].includes(v.toLowerCase()) ? undefined : `--${flag.name} takes true or false, not "${v}"`;
  }
  if (v === undefined || v === '') {
    return `--${flag.name} needs a value (--${flag.name}=<value>)`;
  }
  if (v.includes('$')) {
    return undefined;
  }
  switch (kind) {
    case 'duration':
      if (!durationRe.test(v)) {
        return `--${flag.name}=${v} needs a unit, e.g. 30s or 1m30s`;
      }
      return durationMs(v) > 0 && durationMs(v) < 1 ? `--${flag.name}=${v} is shorter than 1ms` : undefined;
    case 'count':
      return /^\d+$/.test(v) && Number(v) >= 1 ? undefined : `--${flag.name} must be a whole number of at least 1`;
    case 'mount':
      return mountProblem(v, podman);
    default:
      if (flag.name === 'network' && !['default', 'none', 'host'].includes(v)) {
        return `--network must be default, none or host`;
      }
      if (flag.name === 'security' && !['insecure', 'sandbox'].includes(v)) {
        return `--security must be insecure or sandbox`;
      }
      return undefined;
  }
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD003',
    name: 'invalid-flag',
    family: 'correctness',
    severity: 'error',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: {
      dockerfileUtils: ['UNKNOWN_ADD_FLAG', 'UNKNOWN_COPY_FLAG', 'UNKNOWN_FROM_FLAG', 'UNKNOWN_HEALTHCHECK_FLAG', 'FLAG_DUPLICATE', 'FLAG_MISSING_VALUE', 'FLAG_EXPECTED_BOOLEAN_VALUE', 'FLAG_INVALID_FROM_VALUE', 'FLAG_INVALID_DURATION', 'FLAG_LESS_THAN_1MS', 'FLAG_MISSING_DURATION', 'FLAG_UNKNOWN_UNIT', 'FLAG_AT_LEAST_ONE'],
    },
    description: 'A flag is unknown, duplicated, missing its value, or has an invalid value.',
  },
  check({ model, path }) {
    const out: RuleFinding[] = [];
    // A Containerfile is Podman's (Buildah builds it), which reads more mount options than BuildKit.
    const podman = path !== undefined && /containerfile/i.test(path.slice(path.lastIndexOf('/') + 1));
    for (const outer of model.parsed.instructions) {
      const instr = effective(outer);
      if (instr.flags.length === 0) {
        continue;
      }
      const seen = new Set<string>();
      for (const flag of instr.flags) {
        const problem = flagProblem(instr, flag, seen, podman);
        if (problem) {
          out.push(finding(flag.range, `${problem}.`));
        }
      }
    }
    return out;
  },
};
