import { imageRepository, isServingImage } from '../../kubernetes/gpu';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { containerLabel, containers, envEntries, finding, mounts, volumes } from './helpers';

/** The image's own cache directory, when it is not the Hugging Face default. */
const imageCache: Record<string, string> = { 'ollama/ollama': '/root/.ollama', 'huggingface/text-generation-inference': '/data' };

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK419',
    name: 'model-cache-not-persisted',
    family: 'ml',
    severity: 'info',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description: 'A serving container has no persistent volume at its model cache, so every restart downloads the model again.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const { obj, pod, c } of containers(ctx, ['containers'])) {
      const view = obj.view;
      const image = view.text(c.node, 'image');
      const args = [...view.items(view.get(c.node, 'command')), ...view.items(view.get(c.node, 'args'))].map((n) => view.str(n) ?? '').join(' ');
      const hubModel = /(?:^|\s)--model(?:-id)?(?:=|\s+)["']?[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+/.test(args) || /(?:^|\s)(?:vllm\s+serve)\s+[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+/.test(args);
      if (!isServingImage(image) && !hubModel) {
        continue;
      }
      const repo = image !== undefined ? imageRepository(image) : '';
      const caches = new Set(['/root/.cache/huggingface', '/root/.cache']);
      const known = Object.entries(imageCache).find(([k]) => repo === k || repo.endsWith(`/${k}`));
      if (known) {
        caches.add(known[1]);
      }
      const hfHome = envEntries(view, c.node).find((e) => e.name === 'HF_HOME' || e.name === 'HUGGINGFACE_HUB_CACHE' || e.name === 'HF_HUB_CACHE')?.value;
      if (hfHome !== undefined) {
        caches.add(hfHome.replace(/\/+$/, ''));
      }
      const persistent = new Set(volumes(view, pod).filter((v) => view.get(v.node, 'emptyDir') === undefined).map((v) => v.name));
      const covered = mounts(view, c.node).some((m) => {
        const p = (m.mountPath ?? '').replace(/\/+$/, '');
        return persistent.has(m.name) && [...caches].some((cache) => cache === p || cache.startsWith(`${p}/`) || p.startsWith(`${cache}/`));
      });
      if (!covered) {
        const where = hfHome ?? known?.[1] ?? '/root/.cache/huggingface';
        out.push(finding(c.anchor, `${containerLabel(c)} downloads its model into ${where} on every restart; mount a PersistentVolumeClaim (or another persistent volume) there.`));
      }
    }
    return out;
  },
};
