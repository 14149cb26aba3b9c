import type { YAMLMap } from 'yaml';
import type { ComposeContext, ComposeRule } from '../../compose/rule';
import type { ComposeService } from '../../compose/model';
import { isOverrideFile, mergedGet, mergedKeys } from '../../compose/model';
import { defaultComposeFileNames } from '../../compose/extends-files';
import type { NamedVolumeMount } from '../../compose/named-volume-mounts';
import { namedVolumeMount } from '../../compose/named-volume-mounts';
import { isFillInToken } from '../../placeholders';
import type { Fix, RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import { appendLines, finding, insertKey, services } from './helpers';
import { distance, nearest } from '../kubernetes/helpers';

/** What Docker's local volume driver accepts as a name; anything else fails even where it is declared. */
const volumeNameRe = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * Whether this file is the whole project whose top-level `volumes:` a service's named volumes must be in: not when
 * another file is merged with it (an override, the main file of a variant) or it is an override itself; with `include:`,
 * only when every included file was read (their volumes are then declared too).
 * A file that extends-only partners read (`extends: {file: common.yml}`, `-f a.yml -f b.yml`) need not be valid on its
 * own, so only a default Compose file name or a file that declares volumes of its own is judged.
 */
function judgesProject(ctx: ComposeContext): boolean {
  const compose = ctx.compose;
  const view = ctx.view;
  if (!compose || (view.pair(compose.root, 'include') !== undefined && ctx.includedVolumes === undefined) || isOverrideFile(ctx.path)) {
    return false;
  }
  if (compose.overrideServices.size > 0 || compose.baseServices.size > 0 || compose.services.some((s) => s.override !== undefined)) {
    return false;
  }
  const name = ctx.path?.split('/').pop();
  return name === undefined || defaultComposeFileNames.includes(name) || view.pair(compose.root, 'volumes') !== undefined;
}

/** Declares the volume under the top-level `volumes:`, added at the end when there is none. */
function declareFix(view: YamlView, root: YAMLMap, name: string): Fix | undefined {
  const top = view.pair(root, 'volumes');
  const topMap = top ? view.map(top.value) : undefined;
  const edit = root.flow ? undefined : !top ? appendLines(view, `volumes:\n  ${name}: {}`) : topMap && topMap.items.length > 0 && !topMap.flow ? insertKey(view, topMap, `${name}: {}`) : undefined;
  return edit && { title: `Declare the volume "${name}" under the top-level volumes:`, edits: [edit] };
}

/** The declared volume a mistyped name most likely meant: the nearest, a few edits away. */
function meantVolume(name: string, declared: readonly string[]): string | undefined {
  const near = nearest(name, declared);
  return near !== undefined && distance(name, near) <= Math.max(1, Math.floor(name.length / 4)) ? near : undefined;
}

function undeclaredMessage(s: ComposeService, name: string, near: string | undefined): string {
  const start = `Service "${s.name}" mounts the volume "${name}", which no top-level \`volumes:\` entry declares, so \`docker compose up\` fails ("refers to undefined volume")`;
  return near ? `${start}; did you mean "${near}"?` : `${start}; declare it there (\`${name}: {}\`) or mount a host folder instead (./${name}).`;
}

/** A source Compose reads as a volume name that no volume can have: a relative path without `./`, or a placeholder. */
function invalidNameMessage(s: ComposeService, name: string): string {
  const start = `Service "${s.name}" mounts "${name}"`;
  if (name.includes('/') && !/[<>]/.test(name)) {
    return `${start}, which Compose reads as a volume name, not a host path (one starts with ./ or /), so \`docker compose up\` fails; write ./${name}.`;
  }
  const folder = name.replace(/[^A-Za-z0-9_.-]+/g, '') || 'data';
  const what = isFillInToken(name) ? 'a placeholder that Compose reads as a volume name' : 'which is neither a host path (./ or /) nor a valid volume name';
  return `${start}, ${what}, so \`docker compose up\` fails; replace it with a host folder (./${folder}) or a volume declared under the top-level \`volumes:\`.`;
}

function fixFor(view: YamlView, root: YAMLMap, mount: NamedVolumeMount, near: string | undefined): Fix | undefined {
  if (near) {
    return { title: `Replace with "${near}"`, edits: [{ range: mount.range, newText: near }] };
  }
  if (!volumeNameRe.test(mount.name)) {
    return mount.name.includes('/') && !/[<>\s]/.test(mount.name) ? { title: `Mount the host folder ./${mount.name}`, edits: [{ range: mount.range, newText: `./${mount.name}` }] } : undefined;
  }
  return declareFix(view, root, mount.name);
}

export const rule: ComposeRule = {
  meta: {
    id: 'MLC011',
    name: 'volume-undefined',
    family: 'correctness',
    severity: 'error',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: {},
    description: 'A service mounts a named volume that no top-level `volumes:` entry declares, or a source that is neither a host path nor a valid volume name.',
  },
  check(ctx) {
    const view = ctx.view;
    const root = ctx.compose?.root;
    if (!root) {
      return [];
    }
    const declared = [...mergedKeys(view, view.get(root, 'volumes')), ...(view.pair(root, 'include') !== undefined ? (ctx.includedVolumes ?? []) : [])];
    const wholeProject = judgesProject(ctx);
    const out: RuleFinding[] = [];
    for (const s of services(ctx)) {
      for (const item of view.items(mergedGet(view, s, 'volumes'))) {
        const mount = namedVolumeMount(view, item);
        if (!mount || declared.includes(mount.name)) {
          continue;
        }
        // A valid name may be declared in a file merged with this one; a fragment's volumes are its extending file's.
        const valid = volumeNameRe.test(mount.name);
        if (valid && (!wholeProject || s.fragment)) {
          continue;
        }
        const near = valid ? meantVolume(mount.name, declared) : undefined;
        out.push(finding(mount.range, valid ? undeclaredMessage(s, mount.name, near) : invalidNameMessage(s, mount.name), fixFor(view, root, mount, near)));
      }
    }
    return out;
  },
};
