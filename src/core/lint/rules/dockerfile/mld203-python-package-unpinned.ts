import type { PythonInstall } from '../../dockerfile/installs';
import { hasOption, hasVersionSpecifier, optionValues, pipxInstalls, pythonInstalls, requirementName } from '../../dockerfile/installs';
import type { Instruction } from '../../dockerfile/model';
import type { ShellWord } from '../../dockerfile/shell';
import { expandWith, valuesAt } from '../../dockerfile/scope-values';
import type { DockerfileModel, Stage } from '../../dockerfile/semantic';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';
import { branchSettingPrefix } from './branch-setting';
import { exportedBefore } from '../../dockerfile/shell';
import { satisfiedByBase } from './satisfied-by-base';

const defaultAllow = ['pip', 'setuptools', 'wheel', 'uv'];
const vcsRe = /^(?:git|hg|svn|bzr)\+/;
/** `peft@git+https://…`: a name and a VCS URL, written without the spaces around `@`. */
const namedVcsRe = /^[A-Za-z0-9][\w.-]*(?:\[[^\]]*\])?@(?:git|hg|svn|bzr)\+/;
/** A VCS URL, alone or after `name @`. */
const anyVcsRe = /^(?:[A-Za-z0-9][\w.-]*(?:\[[^\]]*\])?\s*@\s*)?(?:git|hg|svn|bzr)\+/;

/**
 * Refs that name a branch, which moves with every push: a VCS URL that names one installs whatever the branch holds
 * that day. Other single names (`v1.2.3`, a commit SHA, `stable`) are taken as a tag or commit, and so as pinned.
 */
const branchRefRe = /^(?:main|master|trunk|HEAD|dev(?:el(?:op(?:ment)?)?)?|dev[-_/].+)$/;

/** How a VCS requirement's ref moves: a branch (`main`), or a ref with a slash that is no tag (`release/2.1`, `refs/pull/1/head`). */
interface MovingRef {
  ref: string;
  branch: boolean;
}

/** The `@ref` a VCS requirement ends with (before any `#egg=…` fragment), past the URL's `user@`; undefined when none. */
function vcsRef(spec: string): string | undefined {
  const url = spec.replace(/^[A-Za-z0-9][\w.-]*(?:\[[^\]]*\])?\s*@\s*(?=(?:git|hg|svn|bzr)\+)/, '');
  if (!vcsRe.test(url)) {
    return /@([^/@\s#]+)(?:#.*)?$/.exec(spec.replace(/^[a-z+]+:\/\/[^@/]*@/, ''))?.[1];
  }
  // The ref follows the last @ of the path (a ref may hold slashes: release/2.1), past the scheme, user and host.
  const path = url.replace(/#.*$/, '').replace(/^[a-z+]+:\/\/[^/]*/i, '');
  const at = path.lastIndexOf('@');
  return at < 0 || at === path.length - 1 ? undefined : path.slice(at + 1);
}

/**
 * `git+…`, `name @ url` or `name@git+…`: a requirement that may name a VCS URL. Both expressions need a `+`, which
 * most package words lack: asked of every package, this spares them the expressions.
 */
function vcsRequirement(spec: string): boolean {
  return spec.includes(' @ ') || (spec.includes('+') && (vcsRe.test(spec) || namedVcsRe.test(spec)));
}

/** The branch (`main`, `dev`, `refs/heads/x`) or moving ref a VCS requirement follows, if it names one. */
function movingRef(spec: string): MovingRef | undefined {
  const ref = vcsRequirement(spec) ? vcsRef(spec) : undefined;
  if (ref === undefined) {
    return undefined;
  }
  const head = /^refs\/heads\/(.+)$/.exec(ref)?.[1];
  if (head !== undefined || branchRefRe.test(ref)) {
    return { ref: head ?? ref, branch: true };
  }
  return ref.includes('/') && !ref.startsWith('refs/tags/') ? { ref, branch: false } : undefined;
}

/** Arguments that are pinned by construction: paths, archives, VCS URLs with @ref (a tag or commit, not a branch), variables. */
function pinnedByConstruction(spec: string): boolean {
  if (spec.includes('$') || spec === '.' || spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('~')) {
    return true;
  }
  if (/\.(?:whl|tar\.gz|tgz|zip|tar\.bz2|conda)$/i.test(spec)) {
    return true;
  }
  if (vcsRequirement(spec)) {
    return vcsRef(spec) !== undefined && movingRef(spec) === undefined;
  }
  return (spec.includes('://') && /^[a-z]+:\/\//i.test(spec)) || (spec.includes('/') && !spec.includes('::'));
}

/** NVIDIA's per-release conda channel, e.g. `nvidia/label/cuda-12.3.2`: it holds the packages of that one CUDA release. */
const cudaLabelRe = /^nvidia\/label\/cuda-\d+\.\d+(?:\.\d+)?$/;

/**
 * A CUDA component (`cuda-nvcc`, `cuda-libraries-dev`) that conda takes from a CUDA release label, named
 * with `-c` or as `<label>::<pkg>` (jupyter/docker-stacks' tensorflow-notebook/cuda12): the label pins it.
 */
function pinnedByCudaLabel(install: PythonInstall, value: string): boolean {
  const [channel, name] = value.includes('::') ? value.split('::') : [undefined, value];
  if (!/^cuda(?:-|$)/.test(requirementName(name ?? ''))) {
    return false;
  }
  return channel !== undefined ? cudaLabelRe.test(channel) : optionValues(install, '-c', '--channel').some((c) => cudaLabelRe.test(c.value));
}

/**
 * PyTorch's companion packages: each release requires one exact torch version (`torch==2.3.1` for torchvision
 * 0.18.1), so beside an exactly pinned torch in the same install, pip can pick only the matching release.
 */
const torchCompanions = new Set(['torchvision', 'torchaudio', 'torchtext', 'torchdata']);
const exactTorchRe = /^torch\s*===?\s*[\w.+!-]+$/i;
/** `torch==${PYTORCH}`: an exact pin whose version is a variable (axolotl's docker/Dockerfile-base). */
const variableTorchRe = /^torch\s*===?\s*(?:[\w.+!-]|\$\w+|\$\{[^}]+\})+$/i;

/** torch pinned to one version, a variable's value when the stage knows it, else whatever version the build passes. */
function exactTorch(spec: string, expand: (text: string) => string | undefined): boolean {
  if (exactTorchRe.test(spec)) {
    return true;
  }
  if (!spec.includes('$') || !variableTorchRe.test(spec)) {
    return false;
  }
  const expanded = expand(spec);
  return expanded === undefined || exactTorchRe.test(expanded);
}

/** Shell reserved words: pip is handed `fi` when a `\` swallows the line break before it (sglang's docker/Dockerfile). */
const reservedWords = new Set(['!', '{', '}', 'case', 'do', 'done', 'elif', 'else', 'esac', 'fi', 'for', 'if', 'in', 'then', 'until', 'while', ';;']);
/** A torch wheel file, local or remote, whose name carries the version (`/cache/torch-2.0.1-cp310-cp310-linux_x86_64.whl`). */
const torchWheelRe = /(?:^|[/@\s])torch-\d[\w.!+%]*-[^/]*\.whl$/i;

/** A constraints file among the arguments pipx hands pip (`--pip-args "-c /c.txt"`). */
const pipArgsConstraintRe = /(?:^|\s)(?:-c|--constraint)\b/;

/** The variable pip (`PIP_CONSTRAINT`) or uv (`UV_CONSTRAINT`) reads a constraints file from. */
const constraintEnv = { pip: 'PIP_CONSTRAINT', uv: 'UV_CONSTRAINT' } as const;

/**
 * The install runs under a constraints file, which fixes the versions of the packages it names: `-c`/`--constraint`
 * (uv also `--constraints`), or the tool's variable set inline, by an earlier `export` in the same RUN, or by ENV/ARG
 * (instructlab: `pip install -c /tmp/constraints.txt flash-attn`).
 */
export function constrained(install: PythonInstall, model: DockerfileModel, stage: Stage, instr: Instruction): boolean {
  if (install.tool === 'conda') {
    return false;
  }
  if (install.pipx ? optionValues(install, '--pip-args').some((v) => pipArgsConstraintRe.test(v.value)) : hasOption(install, '-c', '--constraint', '--constraints')) {
    return true;
  }
  const name = constraintEnv[install.tool];
  const inShell = install.command.assignments.find((a) => a.value.startsWith(`${name}=`))?.value.slice(name.length + 1) ?? exportedBefore(install.script, install.command, name);
  if (inShell !== undefined) {
    return inShell !== '';
  }
  // An ENV/ARG whose value is unknown here (a build arg) still names a constraints file; an empty one names none.
  const values = valuesAt(model, stage, instr);
  return values.has(name) && values.get(name) !== '';
}

/** A nightly index's path (PyTorch's `/whl/nightly/cu128`, vLLM's `wheels.vllm.ai/nightly`). */
const nightlyIndexRe = /\/nightly(?:[/_-]|$)/i;

/**
 * A pre-release install from a nightly index (`pip install --pre torch --index-url …/whl/nightly/cu128`, uv's
 * `--prerelease allow`): it follows the nightly channel, often on purpose, so the message says so and offers a dated
 * pin (`torch==2.3.0.dev20240126`) rather than a release.
 */
function installsNightly(install: PythonInstall): boolean {
  if (install.tool === 'conda') {
    return false;
  }
  const prerelease = hasOption(install, '--pre') || optionValues(install, '--prerelease').some((v) => v.value === 'allow');
  return prerelease && optionValues(install, '--index-url', '-i', '--extra-index-url', '--index', '--default-index', '-f', '--find-links').some((v) => nightlyIndexRe.test(v.value));
}

/** How to pin `spec`: a VCS URL takes `@<ref>` before any `#fragment`; a name takes a version (conda keeps any `channel::`). */
function pinExample(spec: string, conda: boolean): string {
  const url = spec.includes(' @ ') ? spec.slice(spec.indexOf(' @ ') + 3) : spec.includes('@') && namedVcsRe.test(spec) ? spec.slice(spec.indexOf('@') + 1) : spec;
  const moving = movingRef(spec);
  if (moving !== undefined) {
    const at = spec.replace(/#.*$/, '').lastIndexOf('@');
    const fragment = spec.indexOf('#', at);
    return `${spec.slice(0, at)}@<commit-or-tag>${fragment < 0 ? '' : spec.slice(fragment)}`;
  }
  if (vcsRe.test(url)) {
    const hash = spec.indexOf('#');
    return hash < 0 ? `${spec}@<commit-or-tag>` : `${spec.slice(0, hash)}@<commit-or-tag>${spec.slice(hash)}`;
  }
  return conda ? `${spec}=<version>` : `${spec}==<version>`;
}

/** How many package names a message lists before "and N more". */
const listed = 4;

/** `a`, `a and b`, `a, b, c and 2 more`. */
function nameList(specs: readonly string[]): string {
  const shown = specs.slice(0, listed);
  const more = specs.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.length === 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** What moving VCS requirements follow: `branch main`, `the default branch (HEAD)`, `ref release/2.1`, `branches main and dev`. */
function followed(refs: readonly MovingRef[]): string {
  const one = (m: MovingRef): string => (m.ref === 'HEAD' ? 'the default branch (HEAD)' : m.branch ? `branch ${m.ref}` : `ref ${m.ref}`);
  const distinct = [...new Map(refs.map((m) => [one(m), m])).values()];
  if (distinct.length === 1) {
    return one(distinct[0] as MovingRef);
  }
  return distinct.every((m) => m.branch && m.ref !== 'HEAD') ? `branches ${nameList(distinct.map((m) => m.ref))}` : `moving refs (${nameList(distinct.map((m) => m.ref))})`;
}

/** One example of each pin form that occurs among `specs` (a name takes a version, a VCS URL a ref). */
function pinExamples(specs: readonly string[], conda: boolean): string[] {
  const examples: string[] = [];
  let vcs = false;
  let named = false;
  for (const spec of specs) {
    const example = pinExample(spec, conda);
    const isVcs = example.includes('@<commit-or-tag>');
    if (isVcs ? !vcs : !named) {
      examples.push(example);
      vcs ||= isVcs;
      named ||= !isVcs;
    }
    if (vcs && named) {
      break; // one of each form found: later specs add none
    }
  }
  return examples;
}

/**
 * One message for all the unpinned packages of an install: the names (the first few), and how to pin them, with one
 * example of each form that occurs. A VCS URL on a branch (`@main`) is said to track it: it installs new code, not a
 * new release, with every push.
 */
function message(unpinned: readonly string[], conda: boolean, pipx: boolean): string {
  const file = conda ? 'an environment file that pins versions' : pipx ? 'a constraints file (--pip-args "-c <file>")' : 'a requirements/constraints file';
  const first = unpinned[0] ?? '';
  const moving = unpinned.map((spec) => movingRef(spec));
  const tracking = unpinned.filter((_, k) => moving[k] !== undefined);
  const loose = unpinned.filter((_, k) => moving[k] === undefined);
  if (tracking.length > 0) {
    const refs = followed(moving.filter((m): m is MovingRef => m !== undefined));
    const examples = pinExamples([...loose, ...tracking], conda).join(', ');
    if (loose.length === 0) {
      const verb = tracking.length === 1 ? 'tracks' : 'track';
      const pin = tracking.length === 1 ? `pin a commit SHA or tag (${examples})` : `pin each to a commit SHA or tag (e.g. ${examples})`;
      return `${nameList(tracking)} ${verb} ${refs}, so each rebuild can install different code; ${pin} or install from ${file}.`;
    }
    const looseVerb = loose.length === 1 ? 'is' : 'are';
    const trackVerb = tracking.length === 1 ? 'tracks' : 'track';
    return `${nameList(loose)} ${looseVerb} not pinned and ${nameList(tracking)} ${trackVerb} ${refs}, so rebuilds can pick up different releases and code; pin each (e.g. ${examples}) or install from ${file}.`;
  }
  if (unpinned.length === 1) {
    return `${first} is not pinned, so rebuilds can pick up a different release; pin it (${pinExample(first, conda)}) or install from ${file}.`;
  }
  return `${nameList(unpinned)} are not pinned, so rebuilds can pick up different releases; pin each (e.g. ${pinExamples(unpinned, conda).join(', ')}) or install from ${file}.`;
}

/** The packages a nightly install leaves unpinned: it tracks the channel, which a dated pin or a suppression settles. */
function nightlyMessage(unpinned: readonly string[]): string {
  const first = unpinned[0] ?? '';
  const names = unpinned.length === 1 ? `${first} follows` : `${unpinned.slice(0, listed).join(', ')}${unpinned.length > listed ? ' and more' : ''} follow`;
  return `${names} the nightly channel (--pre from a nightly index), so each rebuild installs that day's build; pin a dated build (${first}==<version>.dev<YYYYMMDD>) or, if tracking nightlies is the point, suppress this.`;
}

interface Where {
  model: DockerfileModel;
  stage: Stage;
  instr: Instruction;
  /** Package names never reported (installer self-upgrades, or the configured list). */
  allow: ReadonlySet<string>;
}

/**
 * The install's unpinned packages, as one finding at the first (as hadolint's DL3013 gives one per RUN); an unquoted
 * `>=` keeps its own finding, since the fix there is quoting, not pinning.
 */
function reportUnpinned(install: PythonInstall, { model, stage, instr, allow }: Where, out: RuleFinding[]): void {
  if (constrained(install, model, stage, instr)) {
    return;
  }
  // hadolint's DL3013 reads pip's own command line, not the one pipx runs.
  const anchor = install.tool === 'pip' && !install.pipx ? 'DL3013' : undefined;
  const expand = (text: string): string | undefined => expandWith(model, text, valuesAt(model, stage, instr));
  const torchPinned = install.tool !== 'conda' && install.packages.some((p) => exactTorch(p.value, expand) || torchWheelRe.test(p.value));
  let first: ShellWord | undefined;
  let unpinned: string[] | undefined;
  for (const pkg of install.packages) {
    const spec = install.tool === 'conda' ? pkg.value.replace(/^[\w.-]+::/, '') : pkg.value;
    if (reservedWords.has(spec) || pinnedByConstruction(spec) || (hasVersionSpecifier(spec) && !(spec.includes('+') && anyVcsRe.test(spec))) || allow.has(requirementName(spec)) || (install.tool === 'conda' && pinnedByCudaLabel(install, pkg.value))) {
      continue;
    }
    if (torchPinned && torchCompanions.has(requirementName(spec))) {
      continue;
    }
    if (satisfiedByBase(install, spec, model, stage, instr)) {
      continue; // "Requirement already satisfied" by the base image's own build
    }
    // `pip install flash-attn>=2.0` unquoted: the shell writes the output to a file `=2.0` (lm-sys/FastChat, mlflow/mlflow).
    const redirect = install.script.text.text.charCodeAt(pkg.end) === 62 ? /^>=?\d[^\s;&|()]*/.exec(install.script.text.text.slice(pkg.end))?.[0] : undefined;
    if (redirect) {
      out.push(
        finding(pkg.range, `${spec}${redirect} is no version pin: the shell reads > as a redirection, so ${spec} installs unpinned; quote the requirement ("${spec}${redirect}").`, undefined, anchor),
      );
      continue;
    }
    if (first === undefined) {
      first = pkg;
      unpinned = [pkg.value];
    } else {
      unpinned?.push(pkg.value);
    }
  }
  if (first !== undefined && unpinned !== undefined) {
    const text = installsNightly(install) ? nightlyMessage(unpinned) : message(unpinned, install.tool === 'conda', install.pipx === true);
    // An install in a branch the ARG defaults skip still runs when the build passes the setting: say which.
    out.push(finding(first.range, `${branchSettingPrefix(install.script, install.command, model, stage, instr)}${text}`, undefined, anchor));
  }
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD203',
    name: 'python-package-unpinned',
    family: 'reproducibility',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: { hadolint: ['DL3013'] },
    description: 'A pip/uv/conda/pipx install names a package without a version.',
  },
  check({ model, settings }) {
    const out: RuleFinding[] = [];
    if (model.nonPosixShell) {
      return out;
    }
    const configured = settings.ruleOptions.MLD203?.allow;
    const allow = new Set(Array.isArray(configured) ? configured.filter((a): a is string => typeof a === 'string') : defaultAllow);
    for (const stage of model.stages) {
      if (stage.nonPosixShell) {
        continue;
      }
      for (const instr of stage.instructions) {
        for (const install of pythonInstalls(instr)) {
          reportUnpinned(install, { model, stage, instr, allow }, out);
        }
        for (const install of pipxInstalls(instr)) {
          reportUnpinned(install, { model, stage, instr, allow }, out);
        }
      }
    }
    return out;
  },
};
