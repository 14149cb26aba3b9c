import { isNvidiaCuda } from '../../dockerfile/image-ref';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

/** A name of one path component (`deps`, `wheels`): besides a Docker Hub image, it may be a named build context. */
const bareNameRe = /^[^/:@$]+$/;

/** What to do, with MLD011's hint for a name a named build context (bake `contexts`, `--build-context`) may stand for. */
function advice(written: string, path: string | undefined): string {
  const pin = 'pin a tag (and ideally a @sha256 digest)';
  return bareNameRe.test(written) ? `${pin}; if ${written} is a named build context (bake \`contexts\`, --build-context), list it in .mlc.yaml instead (dockerfiles: {${path ?? '<path>'}: {contexts: [${written}]}})` : pin;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD201',
    name: 'image-tag-missing',
    family: 'reproducibility',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { hadolint: ['DL3006'] },
    description: 'A FROM image has neither a tag nor a digest.',
  },
  check({ model, localImages, path }) {
    const out: RuleFinding[] = [];
    for (const stage of model.stages) {
      const ref = stage.ref;
      if (!ref || !stage.imageWord || isNvidiaCuda(ref) || ref.tag !== undefined || ref.digest !== undefined || localImages?.has(ref)) {
        continue;
      }
      const written = stage.image ?? stage.imageWord.value;
      out.push(finding(stage.imageWord.range, `${written} has no tag, so every build may pull a different image; ${advice(written, path)}.`));
    }
    return out;
  },
};
