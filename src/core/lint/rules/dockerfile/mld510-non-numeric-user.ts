import type { ImageRef } from '../../dockerfile/image-ref';
import type { Instruction } from '../../dockerfile/model';
import { rootImage } from '../../dockerfile/scope-values';
import { chainInstructions } from '../../dockerfile/semantic';
import { buildsWindowsImage } from '../../dockerfile/windows';
import type { DockerfileRule } from '../../rule';
import type { Fix } from '../../types';
import { finding } from './helpers';
import { posixRunCommandsNamed } from './posix-runs';
import { useraddUid } from './mld309-useradd-without-no-log-init';

/** distroless and Chainguard images ship the user `nonroot` (and group) as 65532. */
function namesNonroot65532(ref: ImageRef | undefined): boolean {
  return (ref?.domain === 'gcr.io' && ref.path.startsWith('distroless/')) || (ref?.domain === 'cgr.dev' && ref.path.startsWith('chainguard/'));
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD510',
    name: 'non-numeric-user',
    family: 'style',
    severity: 'info',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { hadolint: ['DL3066'] },
    description: 'The final stage runs as a named USER, which Kubernetes runAsNonRoot cannot verify.',
  },
  check({ model }) {
    const final = model.finalStage;
    if (!final) {
      return [];
    }
    const user = [...chainInstructions(final)].reverse().find((i: Instruction) => i.keyword === 'USER');
    const word = user?.words[0];
    if (!word) {
      return [];
    }
    const name = word.value.split(':')[0] ?? '';
    // root is MLD104's finding; variables cannot be judged. Windows users are names (ContainerUser): Kubernetes takes
    // them through windowsOptions.runAsUserName.
    if (name === '' || /^\d+$/.test(name) || name === 'root' || name.includes('$') || buildsWindowsImage(model, final)) {
      return [];
    }
    let uid: string | undefined;
    for (const c of posixRunCommandsNamed(model, ['useradd', 'adduser'])) {
      const last = c.args.at(-1);
      // useradd NAME, and adduser NAME (Debian's `adduser --system --uid 1001 nextjs`, BusyBox's `adduser -D -u 1001 app`).
      if (last?.value === name) {
        uid = useraddUid(c.args)?.value ?? uid;
      }
    }
    let rest = word.value.slice(name.length);
    const base = rootImage(model, final);
    if (uid === undefined && name === 'nonroot' && namesNonroot65532(base)) {
      uid = '65532';
      rest = rest === ':nonroot' ? ':65532' : rest;
    } else if (uid === undefined && name === 'node' && base?.domain === 'docker.io' && base.path === 'library/node') {
      // The node images create `node` as 1000:1000.
      uid = '1000';
      rest = rest === ':node' ? ':1000' : rest;
    } else if (uid === undefined && name === 'nobody') {
      // Debian, Ubuntu, Alpine, BusyBox and distroless all give nobody UID 65534.
      uid = '65534';
    }
    const fix: Fix | undefined = uid !== undefined && /^\d+$/.test(uid) && word.raw === word.value ? { title: `Use the numeric UID ${uid}`, edits: [{ range: word.range, newText: `${uid}${rest}` }] } : undefined;
    return [finding(word.range, `USER ${name} is a name, so Kubernetes runAsNonRoot cannot verify it is not root; use the numeric UID${uid !== undefined ? ` (USER ${uid}${rest})` : ' (e.g. USER 10001)'}.`, fix)];
  },
};
