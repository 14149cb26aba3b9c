import type { Instruction } from '../../dockerfile/model';
import { osInstallIn } from '../../dockerfile/installs';
import type { DockerfileModel } from '../../dockerfile/semantic';
import { finalChain } from '../../dockerfile/semantic';
import type { DockerfileRule } from '../../rule';
import type { Fix, RuleFinding } from '../../types';
import { mountTargetsAt } from './cache-mounts';
import { finding } from './helpers';
import type { RunCommand } from './posix-runs';
import { appendPointAfter, byInstruction, posixRunCommands, subcommand } from './posix-runs';

interface Manager {
  /** Is this command an install by the manager? */
  installs(c: RunCommand): boolean;
  /** Does this later command clean the cache? */
  cleans(c: RunCommand): boolean;
  cacheDirs: RegExp;
  cleanup: string;
  code: string;
}

const sub = (c: RunCommand): string => subcommand(c.args)?.value ?? '';
const removes = (c: RunCommand, dir: RegExp): boolean => c.name === 'rm' && c.args.some((a) => dir.test(a.value));

const yarnQueryRe = /^(?:--version|-v|--help|-h)$/;

const managers: Record<string, Manager> = {
  yum: {
    installs: (c) => c.name === 'yum' && osInstallIn(c.instr, c.command) !== undefined,
    cleans: (c) => (c.name === 'yum' && sub(c) === 'clean' && c.args.some((a) => a.value === 'all')) || removes(c, /^\/var\/cache\/yum/),
    cacheDirs: /^\/var\/cache\/yum$/,
    cleanup: 'yum clean all',
    code: 'DL3032',
  },
  dnf: {
    installs: (c) => (c.name === 'dnf' || c.name === 'microdnf') && osInstallIn(c.instr, c.command) !== undefined,
    cleans: (c) => ((c.name === 'dnf' || c.name === 'microdnf') && sub(c) === 'clean' && c.args.some((a) => a.value === 'all')) || removes(c, /^\/var\/cache\/(?:dnf|yum)/),
    cacheDirs: /^\/var\/cache\/(?:dnf|yum)$/,
    cleanup: 'dnf clean all',
    code: 'DL3040',
  },
  zypper: {
    installs: (c) => c.name === 'zypper' && osInstallIn(c.instr, c.command) !== undefined,
    cleans: (c) => (c.name === 'zypper' && ['clean', 'cc'].includes(sub(c))) || removes(c, /^\/var\/cache\/zypp/),
    cacheDirs: /^\/var\/cache\/zypp(?:\/packages)?$/,
    cleanup: 'zypper clean --all',
    code: 'DL3036',
  },
  yarn: {
    // Bare `yarn` installs (`yarn --frozen-lockfile`), but `yarn --version` / `yarn -v` is the smoke test node images end with.
    installs: (c) => c.name === 'yarn' && (c.args.length === 0 || sub(c) === 'install' || sub(c) === 'add' || (subcommand(c.args) === undefined && !c.args.some((a) => yarnQueryRe.test(a.value)))),
    cleans: (c) => (c.name === 'yarn' && sub(c) === 'cache' && c.args.some((a) => a.value === 'clean')) || removes(c, /\/\.?cache\/yarn/),
    cacheDirs: /(?:\/\.cache\/yarn|\/\.yarn\/cache|\/yarn-cache|\/cache\/yarn)(?:\/v\d+)?$/,
    cleanup: 'yarn cache clean',
    code: 'DL3060',
  },
};

const relevantNames = new Set(['apk', 'yum', 'dnf', 'microdnf', 'zypper', 'yarn', 'rm']);

function apkFinding(model: DockerfileModel, c: RunCommand, instr: Instruction): RuleFinding | undefined {
  const install = osInstallIn(c.instr, c.command);
  // --no-network installs from what is already there (docker-library's `apk add --no-network --virtual .rundeps $runDeps`
  // after a build): no index is fetched, so none is left behind.
  if (!install || install.manager !== 'apk' || install.flags.some((f) => f.value === '--no-cache' || f.value === '--no-network')) {
    return undefined;
  }
  if (mountTargetsAt(model, c.stage, instr).some((t) => t === '/var/cache/apk' || t === '/etc/apk/cache')) {
    return undefined;
  }
  const at = install.subcommand.range.end;
  const fix: Fix = { title: 'Add --no-cache', edits: [{ range: { start: at, end: at }, newText: ' --no-cache' }] };
  return finding({ start: c.nameWord.range.start, end: at }, 'apk add keeps its package index in /var/cache/apk in this layer; add --no-cache (or use a cache mount on /var/cache/apk).', fix, 'DL3019');
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD303',
    name: 'package-cache-in-layer',
    family: 'performance',
    severity: 'info',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { hadolint: ['DL3019', 'DL3032', 'DL3036', 'DL3040', 'DL3060'] },
    description: 'An apk, yum, dnf, zypper or yarn install leaves its package cache in a layer of the final image.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    const lines = model.parsed.lines;
    // Only the final image's ancestry: a builder stage's cache never ships (as MLD304, trap T11).
    const relevant = posixRunCommands(model, finalChain(model)).filter((c) => relevantNames.has(c.name));
    for (const [instr, commands] of byInstruction(relevant)) {
      // Walk the RUN backwards, so "is there a cleanup later in this RUN" is known at each install.
      const cleanedLater = new Set<Manager>();
      const found: RuleFinding[] = [];
      for (let k = commands.length - 1; k >= 0; k--) {
        const c = commands[k] as RunCommand;
        for (const m of Object.values(managers)) {
          if (m.cleans(c)) {
            cleanedLater.add(m);
          }
        }
        if (c.name === 'apk') {
          const f = apkFinding(model, c, instr);
          if (f) {
            found.push(f);
          }
          continue;
        }
        const manager = Object.values(managers).find((m) => m.installs(c));
        if (!manager || cleanedLater.has(manager) || mountTargetsAt(model, c.stage, instr).some((t) => t !== undefined && manager.cacheDirs.test(t))) {
          continue;
        }
        const where = appendPointAfter(c, lines);
        // ubi-minimal and similar bases ship microdnf without dnf, so `dnf clean all` would fail there.
        const cleanup = c.name === 'microdnf' ? 'microdnf clean all' : manager.cleanup;
        const fix: Fix | undefined = instr.heredocs.length === 0 && !instr.trigger ? { title: `Append ${cleanup}`, edits: [{ range: { start: where, end: where }, newText: ` && ${cleanup}` }] } : undefined;
        const end = (subcommand(c.args) ?? c.nameWord).range.end;
        found.push(finding({ start: c.nameWord.range.start, end }, `${c.name} leaves its package cache in this layer; end the same RUN with && ${cleanup}, or use a cache mount on its cache directory.`, fix, manager.code));
      }
      for (let k = found.length - 1; k >= 0; k--) {
        out.push(found[k] as RuleFinding);
      }
    }
    return out;
  },
};
