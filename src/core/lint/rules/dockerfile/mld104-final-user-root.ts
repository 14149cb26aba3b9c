import type { ImageRef } from '../../dockerfile/image-ref';
import { isBusyboxImage } from '../../dockerfile/busybox-base';
import { isJupyterStackImage } from '../../dockerfile/jupyter-stacks';
import type { Instruction } from '../../dockerfile/model';
import type { RootOnlySetting } from '../../dockerfile/root-only-settings';
import { rootOnlySettings } from '../../dockerfile/root-only-settings';
import { knownRootImage } from '../../dockerfile/root-images';
import { expandWith, platformStages, rootImage, valuesAt } from '../../dockerfile/scope-values';
import type { DockerfileModel, Stage } from '../../dockerfile/semantic';
import { ancestry, chainInstructions } from '../../dockerfile/semantic';
import type { DockerfileRule } from '../../rule';
import type { Fix } from '../../types';
import { imageLabel } from './gpu-stack';
import { finding, fromAnchor, insertLinesAfter, insertLinesBefore } from './helpers';
import { buildsWindowsImage } from '../../dockerfile/windows';


/** Ray images run as `ray` (uid 1000), set by `USER $RAY_UID` in base-deps, which ray-deps and ray build on. */
function rayImage(ref: ImageRef): boolean {
  return ref.domain === 'docker.io' && /^rayproject\/(?:ray(?:-ml|-llm|-deps)?|base-deps)$/.test(ref.path);
}

/**
 * Kubeflow's notebook server images run as jovyan (uid 1000): kubeflownotebookswg/* and ghcr.io/kubeflow/kubeflow/notebook-servers/*
 * now, public.ecr.aws/j1r0q0g6/notebooks/notebook-servers/* (Kubeflow 1.4-1.7) and gcr.io/kubeflow-images-public/*-notebook-* before.
 */
function kubeflowNotebook(ref: ImageRef): boolean {
  return (
    (ref.domain === 'docker.io' && ref.path.startsWith('kubeflownotebookswg/')) ||
    (ref.domain === 'ghcr.io' && ref.path.startsWith('kubeflow/kubeflow/notebook-servers/')) ||
    (ref.domain === 'public.ecr.aws' && ref.path.startsWith('j1r0q0g6/notebooks/notebook-servers/')) ||
    (ref.domain === 'gcr.io' && /^kubeflow-images-public\/[a-z0-9.-]*notebook/.test(ref.path))
  );
}

/**
 * Images that end with a USER of their own: micromamba's `mambauser` (uid 57439), anibali/pytorch's `user`, and
 * Airflow's `USER ${AIRFLOW_UID}` (airflow, uid 50000).
 */
const nonRootImages = new Set(['mambaorg/micromamba', 'anibali/pytorch', 'apache/airflow']);

/**
 * Bitnami images whose Dockerfiles end with `USER 1001` (checked in bitnami/containers), published as `bitnami/*` and,
 * since the 2025 catalogue change, `bitnamilegacy/*`. Not all of them: bitnami/python, git and minideb set no USER and
 * moodle ends with `USER root`, so those still run as root.
 */
const bitnamiNonRoot = new Set(['pytorch', 'mlflow', 'jupyter-base-notebook', 'jupyterhub', 'spark', 'os-shell', 'postgresql', 'nginx', 'flink']);

function bitnamiNonRootImage(ref: ImageRef): boolean {
  if (ref.domain !== 'docker.io') {
    return false;
  }
  const slash = ref.path.indexOf('/');
  const namespace = ref.path.slice(0, slash);
  return (namespace === 'bitnami' || namespace === 'bitnamilegacy') && bitnamiNonRoot.has(ref.path.slice(slash + 1));
}

/** Bases known to run as a non-root user, or serving images documented to need root. */
function exempt(ref: ImageRef): boolean {
  if (ref.path === 'vllm/vllm-openai' || isJupyterStackImage(ref) || rayImage(ref) || kubeflowNotebook(ref) || (ref.domain === 'docker.io' && nonRootImages.has(ref.path)) || bitnamiNonRootImage(ref)) {
    return true;
  }
  if (ref.domain === 'gcr.io' && ref.path.startsWith('distroless/') && /nonroot/.test(ref.tag ?? '')) {
    return true;
  }
  // nginx's own unprivileged variant: USER 101, listening on 8080.
  if (ref.domain === 'docker.io' && ref.path === 'nginxinc/nginx-unprivileged') {
    return true;
  }
  return ref.domain === 'cgr.dev' && ref.path.startsWith('chainguard/') && !/-dev$/.test(ref.tag ?? '');
}

/**
 * Official images whose entrypoint starts as root and steps down to their own user with gosu or su-exec (`exec gosu
 * postgres "$@"`): an image built on one keeps that entrypoint unless it sets its own. Flink's entrypoint runs the
 * job and task managers through `$(drop_privs_cmd)` (gosu flink); Apache publishes the same image as apache/flink.
 */
const stepDownImages = new Set([
  'library/postgres',
  'library/redis',
  'library/mysql',
  'library/mariadb',
  'library/mongo',
  'library/rabbitmq',
  'library/cassandra',
  'library/zookeeper',
  'library/flink',
  'apache/flink',
]);

/** gosu or su-exec as a word: installed, downloaded, copied in or run by the image (docker-library's step-down pattern). */
const stepDownRe = /(?:^|[^\w.-])(?:gosu|su-exec)(?:$|[^\w-])/;

/**
 * The stage drops root at run time: its entrypoint (own or the base's) switches to an unprivileged user with gosu or
 * su-exec, as the postgres and redis images do, so it must start as root.
 */
function stepsDown(chain: readonly Instruction[], base: ImageRef | undefined): boolean {
  const entrypoint = chain.some((i) => i.keyword === 'ENTRYPOINT');
  if (base?.domain === 'docker.io' && stepDownImages.has(base.path) && !entrypoint) {
    return true;
  }
  return chain.some(
    (i) =>
      (i.keyword === 'RUN' || i.keyword === 'COPY' || i.keyword === 'ADD' || i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT') &&
      (stepDownRe.test(i.args.text) || i.heredocs.some((h) => stepDownRe.test(h.body.text))),
  ) && (entrypoint || chain.some((i) => i.keyword === 'CMD' && stepDownRe.test(i.args.text)));
}

/** The stage serves with nginx: the nginx image, or a CMD/ENTRYPOINT that runs nginx. */
function servesNginx(chain: readonly Instruction[], base: ImageRef | undefined): boolean {
  if (base?.domain === 'docker.io' && base.path === 'library/nginx') {
    return true;
  }
  const start = [...chain].reverse().find((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
  const program = start?.json ? start.json[0]?.value : start?.words[0]?.value;
  return program !== undefined && /(?:^|\/)nginx$/.test(program);
}

/**
 * What to move before running as a user of one's own, or '' when nothing: the fix is then withheld, since USER 10001
 * would break the image (TGI's `ENV PORT=80`, a Hugging Face cache under /root).
 */
function rootOnlyCaveat(settings: readonly RootOnlySetting[], scratch: boolean): string {
  const shown = (kind: RootOnlySetting['kind']): string[] => settings.filter((s) => s.kind === kind).map((s) => s.shown);
  const list = (items: string[]): string => (items.length > 2 ? `${items.slice(0, 2).join(', ')} and ${items.length - 2} more` : items.join(', '));
  const parts: string[] = [];
  if (shown('port').length > 0) {
    parts.push(`serve on port 1024 or above (${list(shown('port'))}: by default Kubernetes lets only root bind lower ports)`);
  }
  if (shown('root-path').length > 0) {
    // On scratch, /root is only what COPY made: root's, but open to read.
    const why = scratch ? 'only root can write there' : '/root is closed to other users, and HOME is no longer /root';
    parts.push(`move what is under /root to a directory the new user owns (${list(shown('root-path'))}: ${why})`);
  }
  return parts.length === 0 ? '' : `; before that, ${parts.join(', and ')}`;
}

/** `.devcontainer/Dockerfile` (or any file under a `.devcontainer` folder), which VS Code and Codespaces build. */
const devContainerRe = /(?:^|\/)\.devcontainer\//;

/** The user part of a `USER $UID:$GID` word from the ARG/ENV defaults in scope, if those are known. */
function userValue(model: DockerfileModel, final: Stage, user: Instruction, text: string): string | undefined {
  const stage = ancestry(final).find((s) => s.instructions.includes(user)) ?? final;
  const name = /^(?:\$\{[^}]*\}|[^:])*/.exec(text)?.[0] ?? text;
  return expandWith(model, name, valuesAt(model, stage, user));
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
  check({ model, path }) {
    const final = model.finalStage;
    // A dev container's user is devcontainer.json's remoteUser/containerUser, not the image's USER, and it is never deployed.
    if (!final || (path !== undefined && devContainerRe.test(path))) {
      return [];
    }
    const base = rootImage(model, final);
    // Silent even with an explicit USER root: a serving image documented to need root, and notebook images whose
    // start scripts switch a root container to jovyan (docker-stacks' start.sh, Kubeflow's s6 services).
    if (base && (base.path === 'vllm/vllm-openai' || isJupyterStackImage(base) || kubeflowNotebook(base))) {
      return [];
    }
    const chain = chainInstructions(final);
    const users = chain.filter((i) => i.keyword === 'USER');
    const last = users[users.length - 1];
    // A base known to run as non-root keeps its user unless this file switches away from it (USER root is still reported).
    if (!last && base && exempt(base)) {
      return [];
    }
    if (last) {
      const word = last.words[0];
      if (!word) {
        return [];
      }
      // USER $VAR counts only when ARG/ENV defaults decide it; otherwise the user is chosen at build time.
      const user = word.value.includes('$') ? userValue(model, final, last, word.value) : word.value;
      if (user !== undefined && /^containeradministrator$/i.test(user) && buildsWindowsImage(model, final)) {
        return [finding(word.range, `The Windows container runs as ${word.value}, its administrator; use USER ContainerUser after the steps that need it.`, undefined, 'DL3002')];
      }
      if (user !== undefined && /^(?:root|0)(?::.*)?$/.test(user)) {
        const shown = user === word.value ? word.value : `${word.value} (= ${user})`;
        return [finding(word.range, `The image runs as ${shown}; switch to an unprivileged user (e.g. USER 10001) after the steps that need root.`, undefined, 'DL3002')];
      }
      return [];
    }
    // FROM $VAR whose value cannot be resolved to an image (no default, or a placeholder such as
    // kubeflow's `ARG BASE_IMG=<jupyter>` that the Makefile replaces): the base, and so its USER, is unknown.
    if (!base && ancestry(final).pop()?.imageWord?.value.includes('$')) {
      return [];
    }
    // `FROM runtime-${TARGETARCH}`: the stage the platform picks may set the user; judge only when none of them does.
    const candidates = platformStages(model, ancestry(final).pop() ?? final);
    if (candidates?.some((c) => chainInstructions(c).some((i) => i.keyword === 'USER'))) {
      return [];
    }
    // An artifact stage (`FROM scratch`, files only, for `docker build --output`) has nothing to run as anyone.
    if (ancestry(final).pop()?.imageWord?.value.toLowerCase() === 'scratch' && !chain.some((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT')) {
      return [];
    }
    // Windows containers run as ContainerAdministrator unless told otherwise; their unprivileged user is a name.
    if (buildsWindowsImage(model, final)) {
      return [finding(fromAnchor(final), 'The final stage sets no USER, so the Windows container runs as ContainerAdministrator; add USER ContainerUser (in Kubernetes, securityContext.windowsOptions.runAsUserName).')];
    }
    // gosu/su-exec entrypoints need root to start: they switch to the image's own user before the server runs.
    if (stepsDown(chain, base)) {
      return [];
    }
    const startup = chain.filter((i): i is Instruction => (i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT') && final.instructions.includes(i))[0];
    const lines = model.parsed.lines;
    const insert = (text: string): Fix['edits'][number] => (startup ? insertLinesBefore(startup, text) : insertLinesAfter(final.instructions[final.instructions.length - 1] ?? final.from, lines, text));
    if (servesNginx(chain, base)) {
      return [
        finding(
          fromAnchor(final),
          "The final stage sets no USER, so nginx's master process runs as root (its workers switch to the nginx user); to run unprivileged (Kubernetes runAsNonRoot), build on nginxinc/nginx-unprivileged, which runs as UID 101 and listens on 8080, since a plain USER breaks nginx's port 80 and cache directories.",
        ),
      ];
    }
    // No shell in the image: nothing can run useradd, and a numeric USER needs no /etc/passwd entry.
    const root = ancestry(final).pop();
    const scratch = root?.imageWord?.value.toLowerCase() === 'scratch';
    const caveat = rootOnlyCaveat(rootOnlySettings(chain), scratch);
    const unlessCaveat = (fix: Fix): Fix | undefined => (caveat === '' ? fix : undefined);
    if (base?.domain === 'gcr.io' && base.path.startsWith('distroless/')) {
      const fix = unlessCaveat({ title: 'Run as distroless nonroot (UID 65532)', edits: [insert('USER 65532:65532')] });
      return [finding(fromAnchor(final), `The final stage sets no USER, so the distroless container runs as root; use the :nonroot tag or add USER 65532:65532 (distroless's nonroot user; the image has no shell to create one)${caveat}.`, fix)];
    }
    if (scratch) {
      const fix = unlessCaveat({ title: 'Run as UID 10001', edits: [insert('USER 10001')] });
      return [finding(fromAnchor(final), `The final stage sets no USER, so the container runs as root; add USER 10001 (scratch has no useradd, and a numeric UID needs no /etc/passwd entry)${caveat}.`, fix)];
    }
    const create = isBusyboxImage(base) ? 'RUN adduser -D -u 10001 app' : 'RUN useradd -m -u 10001 app';
    const fix = unlessCaveat({ title: 'Add an unprivileged user (UID 10001)', edits: [insert(`${create}\nUSER 10001`)] });
    const advice = `create an unprivileged user and add USER 10001 (numeric, so Kubernetes runAsNonRoot can verify it)${caveat}`;
    if (base === undefined || !knownRootImage(base)) {
      // An image the linter knows nothing about (a team's own base, one another build publishes) may end with a USER of its own.
      const image = base === undefined ? (root?.imageWord?.value ?? 'the base image') : imageLabel(base);
      return [finding(fromAnchor(final), `The final stage sets no USER, so the container runs as its base image's user: root unless ${image} sets a USER of its own; if it does not, ${advice}.`, fix)];
    }
    return [finding(fromAnchor(final), `The final stage sets no USER, so the container runs as root; ${advice}.`, fix)];
  },
};
