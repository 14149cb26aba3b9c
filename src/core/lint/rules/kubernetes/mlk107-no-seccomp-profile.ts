import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { appAndInitContainers, containerLabel, containers, finding } from './helpers';
import { containerValue, effective } from './security';

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
    for (const { obj, pod, c } of containers(ctx, appAndInitContainers)) {
      const view = obj.view;
      const seccomp = effective(view, pod, c, 'seccompProfile');
      const type = seccomp ? view.text(seccomp.node, 'type') : undefined;
      // A privileged container always runs seccomp-unconfined, whatever profile it names (MLK101 reports it).
      if (type === 'RuntimeDefault' || type === 'Localhost' || effective(view, pod, c, 'appArmorProfile') || effective(view, pod, c, 'seLinuxOptions') || containerValue(view, c, 'privileged') === true) {
        continue;
      }
      out.push(finding(c.anchor, `${containerLabel(c)} runs without a seccomp, AppArmor or SELinux profile; set securityContext.seccompProfile: {type: RuntimeDefault} on the pod.`));
    }
    return out;
  },
};
