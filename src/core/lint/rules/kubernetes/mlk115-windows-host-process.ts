import type { Node } from 'yaml';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { YamlView } from '../../yaml/access';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

const hostProcessPath = ['securityContext', 'windowsOptions', 'hostProcess'];

function report(view: YamlView, node: Node | undefined, out: RuleFinding[]): void {
  const range = view.scalar(node)?.value === true ? view.range(node) : undefined;
  if (range) {
    out.push(finding(range, 'windowsOptions.hostProcess: true runs the container as a process on the Windows host; remove it.'));
  }
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK115',
    name: 'windows-host-process',
    family: 'security',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { polaris: ['hostProcess'] },
    description: 'windowsOptions.hostProcess is true.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    for (const pod of obj?.podSpecs ?? []) {
      if (!obj) {
        break;
      }
      report(obj.view, obj.view.at(pod.spec, hostProcessPath), out);
      for (const c of pod.containers) {
        report(obj.view, obj.view.at(c.node, hostProcessPath), out);
      }
    }
    return out;
  },
};
