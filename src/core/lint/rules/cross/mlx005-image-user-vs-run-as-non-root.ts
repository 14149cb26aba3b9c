import { finalUser, mappedContainers } from '../../cross/image';
import type { CrossFinding, CrossRule } from '../../cross/rule';
import { insertIntoMap } from '../kubernetes/helpers';
import { effectiveValue } from '../kubernetes/security';

export const rule: CrossRule = {
  meta: {
    id: 'MLX005',
    name: 'image-user-vs-run-as-non-root',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'runAsNonRoot: true without runAsUser, on an image whose Dockerfile runs as root or names a non-numeric USER: the kubelet refuses to start it.',
  },
  check(ws) {
    const out: CrossFinding[] = [];
    for (const { entry, pod, c, dockerfile } of mappedContainers(ws)) {
      const view = entry.obj.view;
      const own = view.get(c.node, 'securityContext');
      const podCtx = view.get(pod.spec, 'securityContext');
      const nonRoot = view.bool(own, 'runAsNonRoot') ?? view.bool(podCtx, 'runAsNonRoot');
      // The container's, the pod's, or the one the pod's operator sets (Seldon Core v1: 8888).
      if (nonRoot !== true || effectiveValue(view, pod, c, 'runAsUser') !== undefined) {
        continue;
      }
      const user = finalUser(dockerfile);
      const name = user?.user.split(':')[0] ?? '';
      if (user && /^\d+$/.test(name) && name !== '0') {
        continue;
      }
      const why = !user ? 'sets no USER, so it runs as root' : name === 'root' || name === '0' ? `runs as ${user.user}` : `uses the non-numeric USER ${user.user}, which the kubelet cannot verify as non-root`;
      const ctxMap = view.map(own);
      const edit = ctxMap ? insertIntoMap(view, ctxMap, 'runAsUser: 10001') : undefined;
      out.push({
        path: entry.path,
        range: c.anchor,
        object: entry.obj,
        message: `container ${c.name ?? ''} sets runAsNonRoot: true without runAsUser, but its image's Dockerfile ${dockerfile.path} ${why}; the kubelet refuses to start it. Set runAsUser (e.g. 10001) or a numeric non-root USER in the Dockerfile.`,
        related: { file: dockerfile.path, range: user?.instruction.range ?? dockerfile.model.finalStage?.from.keywordRange ?? c.anchor, message: 'the image\'s user' },
        ...(edit ? { fix: { title: 'Add runAsUser: 10001', edits: [edit] } } : {}),
      });
    }
    return out;
  },
};
