import type { ComposeRule } from '../../compose/rule';
import type { ComposeService } from '../../compose/model';
import { isInterpolated, mergedGet } from '../../compose/model';
import type { RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import { finding, services, usesRocmGpus } from './helpers';

/** A `security_opt` entry that turns a default confinement off: what it turns off, and the narrower way to get what it is there for. */
interface Unconfinement {
  key: string;
  value: string;
  turnsOff: string;
  instead: (view: YamlView, s: ComposeService) => string;
}

/**
 * AMD's ROCm docs give `seccomp=unconfined` as optional, for NUMA memory binding (numactl); Docker's default profile
 * allows those calls (mbind, set_mempolicy) to a container with SYS_NICE, and ptrace (debuggers) with SYS_PTRACE.
 */
function seccompInstead(view: YamlView, s: ComposeService): string {
  if (usesRocmGpus(view, s)) {
    return "AMD's ROCm docs list it as optional, for NUMA memory binding (numactl), which `cap_add: [SYS_NICE]` allows under the default profile: use that instead, or a custom profile (seccomp=./profile.json) if a tool needs more";
  }
  return 'remove it, and if the service needs a call the default profile blocks, add the capability that allows it (SYS_PTRACE for debuggers, SYS_NICE for NUMA binding) or a custom profile (seccomp=./profile.json)';
}

const unconfinements: readonly Unconfinement[] = [
  { key: 'seccomp', value: 'unconfined', turnsOff: "Docker's syscall filter", instead: seccompInstead },
  { key: 'apparmor', value: 'unconfined', turnsOff: "Docker's default AppArmor profile (which denies mounts and writes to /proc/sys and /sys)", instead: () => 'remove it, or load a profile that allows only what the service needs (apparmor=NAME)' },
  { key: 'systempaths', value: 'unconfined', turnsOff: 'the masking of /proc and /sys paths (/proc/kcore, /sys/firmware) and the read-only /proc/sys', instead: () => 'remove it unless the service must read one of those paths, and map a device it needs under devices: instead' },
  { key: 'label', value: 'disable', turnsOff: 'SELinux separation', instead: () => 'remove it, and relabel the bind mounts the service needs with :z (shared) or :Z (private) instead' },
];

/** `key=value`, or `key:value` as Docker also reads it. */
function unconfinement(entry: string): Unconfinement | undefined {
  const text = entry.trim();
  const at = text.includes('=') ? text.indexOf('=') : text.indexOf(':');
  const key = text.slice(0, at);
  const value = text.slice(at + 1);
  return at > 0 ? unconfinements.find((u) => u.key === key && u.value === value) : undefined;
}

export const rule: ComposeRule = {
  meta: {
    id: 'MLC105',
    name: 'confinement-disabled',
    family: 'security',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description: 'security_opt turns a default confinement off: seccomp or AppArmor unconfined, systempaths=unconfined, or label=disable.',
  },
  check(ctx) {
    const view = ctx.view;
    const out: RuleFinding[] = [];
    for (const s of services(ctx)) {
      // A privileged service runs without these anyway; MLC103 reports the privilege.
      if (view.scalar(mergedGet(view, s, 'privileged'))?.value === true) {
        continue;
      }
      for (const item of view.items(mergedGet(view, s, 'security_opt'))) {
        const entry = view.str(item);
        const found = entry === undefined || isInterpolated(entry) ? undefined : unconfinement(entry);
        const range = view.range(item);
        if (found && range && entry !== undefined) {
          out.push(finding(range, `Service "${s.name}" sets ${entry.trim()}, which turns off ${found.turnsOff}; ${found.instead(view, s)}.`));
        }
      }
    }
    return out;
  },
};
