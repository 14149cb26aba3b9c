import type { ImageRef } from '../../dockerfile/image-ref';
import type { Instruction } from '../../dockerfile/model';
import { baseRef, chainInstructions } from '../../dockerfile/semantic';
import type { DockerfileRule } from '../../rule';
import type { Fix } from '../../types';
import { finding, fromAnchor, insertLinesAfter, insertLinesBefore } from './helpers';

/** Bases known to run as a non-root user, or serving images documented to need root. */
function exempt(ref: ImageRef): boolean {
  if (ref.path === 'vllm/vllm-openai') {
    return true;
  }
  if (ref.domain === 'gcr.io' && ref.path.startsWith('distroless/') && /nonroot/.test(ref.tag ?? '')) {
    return true;
  }
  return ref.domain === 'cgr.dev' && ref.path.startsWith('chainguard/') && !/-dev$/.test(ref.tag ?? '');
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD104',
    name: 'final-user-root',
    family: 'security',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: { hadolint: ['DL3002'] },
    description: 'The final stage runs as root (no USER, or USER root/0).',
  },
  check({ model }) {
    const final = model.finalStage;
    if (!final) {
      return [];
    }
    const base = baseRef(final);
    if (base && exempt(base.ref)) {
      return [];
    }
    const chain = chainInstructions(final);
    const users = chain.filter((i) => i.keyword === 'USER');
    const last = users[users.length - 1];
    if (last) {
      const word = last.words[0];
      if (!word) {
        return [];
      }
      if (word.value.includes('$')) {
        return []; // USER $VAR: the user is decided at build time
      }
      if (/^(?:root|0)(?::.*)?$/.test(word.value)) {
        return [finding(word.range, `The image runs as ${word.value}; switch to an unprivileged user (e.g. USER 10001) after the steps that need root.`, undefined, 'DL3002')];
      }
      return [];
    }
    const alpine = base !== undefined && /(?:^|\/)alpine$/.test(base.ref.path);
    const create = alpine ? 'RUN adduser -D -u 10001 app' : 'RUN useradd -m -u 10001 app';
    const startup = chain.filter((i): i is Instruction => (i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT') && final.instructions.includes(i))[0];
    const lines = model.parsed.lines;
    const fix: Fix = {
      title: 'Add an unprivileged user (UID 10001)',
      edits: [startup ? insertLinesBefore(startup, `${create}\nUSER 10001`) : insertLinesAfter(final.instructions[final.instructions.length - 1] ?? final.from, lines, `${create}\nUSER 10001`)],
    };
    return [finding(fromAnchor(final), 'The final stage sets no USER, so the container runs as root; create an unprivileged user and add USER 10001 (numeric, so Kubernetes runAsNonRoot can verify it).', fix)];
  },
};
