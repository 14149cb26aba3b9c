import type { Node } from 'yaml';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { Range, RuleFinding } from '../../types';
import { appAndInitContainers, containerLabel, containers, finding } from './helpers';
import { containerValue, effective } from './security';

const profileAdvice = 'use {type: RuntimeDefault} (or a Localhost profile) there';

/** A pod-level Unconfined profile: where its type stands, and the containers that inherit it. */
interface PodUnconfined {
  range: Range;
  labels: string[];
}

/** `container "a"`, `container "a" and init container "b"`, `container "a", container "b" and container "c"`. */
function joined(labels: readonly string[]): string {
  return labels.length < 2 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1] as string}`;
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK107',
    name: 'no-seccomp-profile',
    family: 'security',
    severity: 'info',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { kubeScore: ['container-seccomp-profile'], polaris: ['linuxHardening'] },
    description: 'Neither pod nor container sets a seccomp profile, an AppArmor profile or SELinux options (privileged containers aside: they run unconfined whatever they set).',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const podLevel = new Map<Node, PodUnconfined>();
    for (const { obj, pod, c } of containers(ctx, appAndInitContainers)) {
      const view = obj.view;
      const seccomp = effective(view, pod, c, 'seccompProfile');
      const type = seccomp ? view.text(seccomp.node, 'type') : undefined;
      // A privileged container always runs seccomp-unconfined, whatever profile it names (MLK101 reports it).
      if (type === 'RuntimeDefault' || type === 'Localhost' || effective(view, pod, c, 'appArmorProfile') || effective(view, pod, c, 'seLinuxOptions') || containerValue(view, c, 'privileged') === true) {
        continue;
      }
      const range = seccomp && type === 'Unconfined' ? view.valueRange(seccomp.node, 'type') : undefined;
      if (!seccomp || !range) {
        out.push(finding(c.anchor, `${containerLabel(c)} runs without a seccomp, AppArmor or SELinux profile; set securityContext.seccompProfile: {type: RuntimeDefault} on the pod.`));
      } else if (seccomp.level === 'container') {
        const podType = view.text(view.get(view.get(pod.spec, 'securityContext'), 'seccompProfile'), 'type');
        const overrides = podType === undefined || podType === 'Unconfined' ? '' : ` (it overrides the pod's ${podType})`;
        out.push(finding(range, `${containerLabel(c)} sets seccompProfile type Unconfined in its own securityContext, which turns off syscall filtering${overrides}; ${profileAdvice}.`));
      } else {
        const entry = podLevel.get(seccomp.node) ?? { range, labels: [] };
        entry.labels.push(containerLabel(c));
        podLevel.set(seccomp.node, entry);
      }
    }
    for (const { range, labels } of podLevel.values()) {
      out.push(finding(range, `The pod's securityContext sets seccompProfile type Unconfined, which turns off syscall filtering for ${joined(labels)}; ${profileAdvice}.`));
    }
    return out;
  },
};
