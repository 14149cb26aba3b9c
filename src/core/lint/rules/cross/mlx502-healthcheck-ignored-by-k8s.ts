import { finalHealthcheck, mappedContainers } from '../../cross/image';
import type { CrossFinding, CrossRule } from '../../cross/rule';
import { insertIntoMap } from '../kubernetes/helpers';

const httpCheckRe = /https?:\/\/(?:localhost|127\.0\.0\.1|0\.0\.0\.0)(?::(\d+))?(\/[^\s"'|;&]*)?/;

export const rule: CrossRule = {
  meta: {
    id: 'MLX502',
    name: 'healthcheck-ignored-by-k8s',
    family: 'style',
    severity: 'info',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: {},
    description: 'The mapped Dockerfile has a HEALTHCHECK but the Kubernetes container has no probes; Kubernetes ignores Docker healthchecks.',
  },
  check(ws) {
    const out: CrossFinding[] = [];
    for (const { entry, c, dockerfile } of mappedContainers(ws)) {
      const view = entry.obj.view;
      const check = finalHealthcheck(dockerfile);
      if (c.kind !== 'containers' || !check || ['livenessProbe', 'readinessProbe', 'startupProbe'].some((p) => view.get(c.node, p) !== undefined)) {
        continue;
      }
      const http = httpCheckRe.exec(check.args.text);
      const edit = http ? insertIntoMap(view, c.node, `readinessProbe:\n  httpGet:\n    path: ${http[2] ?? '/'}\n    port: ${http[1] ?? '80'}`) : undefined;
      out.push({
        path: entry.path,
        range: c.anchor,
        object: entry.obj,
        message: `${dockerfile.path} defines a HEALTHCHECK, but Kubernetes ignores it and container ${c.name ?? ''} has no probes; add a readinessProbe${http ? ' (the quick fix mirrors the HTTP check)' : ''}.`,
        related: { file: dockerfile.path, range: check.keywordRange, message: 'the HEALTHCHECK' },
        ...(edit ? { fix: { title: 'Add a readinessProbe from the HEALTHCHECK', edits: [edit] } } : {}),
      });
    }
    return out;
  },
};
