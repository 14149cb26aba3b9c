import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import type { ShellWord } from '../../dockerfile/shell';
import { finding } from './helpers';
import { posixRunCommandsNamed } from './posix-runs';

/**
 * How a package manager upgrades every installed package: its subcommands for that, its options that take the next
 * word as their value, and whether naming packages makes the upgrade a targeted one (`dnf update openssl`).
 * apt-get and apt upgrade everything whatever they are given, as before. zypper dup/dist-upgrade are left to MLD209.
 */
interface Upgrader {
  subcommands: ReadonlySet<string>;
  optionsWithValue: ReadonlySet<string>;
  packagesTarget: boolean;
  /** Options that narrow the upgrade to named fixes (default: RPM's advisories, CVEs and bugs). */
  namedFixes?: RegExp;
}

const aptOptions = new Set(['-o', '--option', '-t', '--target-release', '--default-release', '-c', '--config-file', '-a', '--host-architecture']);
const rpmOptions = new Set([
  '--enablerepo', '--disablerepo', '--repo', '--repoid', '--setopt', '--installroot', '--releasever', '-c', '--config', '--exclude', '-x',
  '-d', '--debuglevel', '-e', '--errorlevel', '--color', '--forcearch', '--downloaddir', '--destdir', '--sec-severity', '--secseverity',
  '--advisory', '--advisories', '--cve', '--cves', '--bz', '--bzs',
]);
const rpmUpgrades = new Set(['upgrade', 'update', 'up', 'distro-sync', 'distrosync', 'dsync', 'upgrade-minimal', 'update-minimal']);
const rpm: Upgrader = { subcommands: rpmUpgrades, optionsWithValue: rpmOptions, packagesTarget: true };

/** `zypper patch --cve=…`, `--bugzilla=…`/`-b`, `--issues=…`, and `--updatestack-only` (zypper's own stack): targeted patches. */
const zypperNamedFixes = /^(?:--(?:cve|bugzilla|issues|updatestack-only)(?:=|$)|-b$)/;

const upgraders = new Map<string, Upgrader>([
  ['apt-get', { subcommands: new Set(['upgrade', 'dist-upgrade']), optionsWithValue: aptOptions, packagesTarget: false }],
  ['apt', { subcommands: new Set(['upgrade', 'full-upgrade', 'dist-upgrade']), optionsWithValue: aptOptions, packagesTarget: false }],
  ['dnf', rpm],
  ['yum', rpm],
  ['microdnf', rpm],
  [
    'zypper',
    {
      subcommands: new Set(['update', 'up', 'patch']),
      optionsWithValue: new Set([
        '-r', '--repo', '--root', '-R', '--config', '-c', '--reposd-dir', '-D', '--cache-dir', '-C', '--raw-cache-dir', '-t', '--type', '-g', '--category', '--severity', '--date',
      ]),
      packagesTarget: true,
      namedFixes: zypperNamedFixes,
    },
  ],
  ['apk', { subcommands: new Set(['upgrade']), optionsWithValue: new Set(['-X', '--repository', '-p', '--root', '--arch', '--cache-dir', '--keys-dir', '--repositories-file']), packagesTarget: true }],
]);

/** Options that narrow an RPM upgrade to named advisories (`--advisory=RHSA-…`, `--cve CVE-…`): a targeted upgrade. */
const namedAdvisories = /^--(?:advisor(?:y|ies)|cves?|bzs?)(?:=|$)/;

interface Upgrade {
  sub: ShellWord;
  options: string[];
  operands: number;
}

/** The subcommand, the options and the number of operands (packages) of a package-manager command line. */
function readUpgrade(args: readonly ShellWord[], upgrader: Upgrader): Upgrade | undefined {
  let sub: ShellWord | undefined;
  const options: string[] = [];
  let operands = 0;
  for (let k = 0; k < args.length; k++) {
    const w = args[k] as ShellWord;
    if (w.value.startsWith('-')) {
      options.push(w.value);
      k += !w.value.includes('=') && upgrader.optionsWithValue.has(w.value) ? 1 : 0;
    } else if (sub) {
      operands++;
    } else {
      sub = w;
    }
  }
  return sub && upgrader.subcommands.has(sub.value) ? { sub, options, operands } : undefined;
}

function wholeSystem(upgrade: Upgrade, upgrader: Upgrader): boolean {
  const named = upgrader.namedFixes ?? namedAdvisories;
  return !upgrader.packagesTarget || (upgrade.operands === 0 && !upgrade.options.some((o) => named.test(o)));
}

function message(name: string, upgrade: Upgrade): string {
  if (upgrade.sub.value === 'patch') {
    return `${name} patch installs every patch the repositories list as needed on build day (security fixes among them), so the image depends on the day it was built; take the fixes from a refreshed base image (a newer tag or digest, rebuilt regularly) instead of patching inside it.`;
  }
  if (upgrade.options.includes('--security')) {
    return `${name} ${upgrade.sub.value} --security installs whichever security updates the repositories hold on build day, so the image depends on the day it was built; take the fixes from a refreshed base image (a newer tag or digest, rebuilt regularly) instead of upgrading inside it.`;
  }
  return `${name} ${upgrade.sub.value} makes the image depend on the day it was built; pin or refresh the base image (by tag or digest) instead of upgrading inside it.`;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD210',
    name: 'apt-upgrade-in-build',
    family: 'reproducibility',
    severity: 'info',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { hadolint: ['DL3005'] },
    description: 'A RUN upgrades every installed OS package (apt-get upgrade, dnf/yum/microdnf upgrade, zypper update or patch, apk upgrade), so the image depends on the day it was built.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const { name, nameWord, args } of posixRunCommandsNamed(model, upgraders.keys())) {
      const upgrader = upgraders.get(name);
      const upgrade = upgrader && readUpgrade(args, upgrader);
      if (upgrader && upgrade && wholeSystem(upgrade, upgrader)) {
        out.push(finding({ start: nameWord.range.start, end: upgrade.sub.range.end }, message(name, upgrade)));
      }
    }
    return out;
  },
};
