import type { ComposeBuildRef, ComposeEntry, WorkspaceModel } from '../../cross/model';
import { dirOf, joinPath } from '../../cross/paths';
import type { CrossFinding, CrossRule } from '../../cross/rule';
import { isPredefinedBuildArg, likelyArg } from './mlx020-arg-names';
import type { ComposeBuildArg } from './mlx020-compose-build-args';
import { composeBuildArgs, sameFileBaseName } from './mlx020-compose-build-args';
import { declaredArgs } from './mlx020-dockerfile-args';

/** A base in another file whose own base is in a further file is followed this many files deep, as cross/model does. */
const maxExtendsHops = 4;

/** A written build argument and the builds that pass it: the service's own, and those of services extending it. */
interface PassedArg {
  arg: ComposeBuildArg;
  path: string;
  builds: Set<ComposeBuildRef>;
}

/** The build arguments a build passes: its service's own, then those of the services it extends (`extends`). */
function argsOfBuild(ws: WorkspaceModel, b: ComposeBuildRef): { arg: ComposeBuildArg; path: string }[] {
  const out: { arg: ComposeBuildArg; path: string }[] = [];
  let entry: ComposeEntry | undefined = b.entry;
  let service = b.service;
  const seen = new Set([service]);
  for (let hop = 0; entry && hop <= maxExtendsHops; hop++) {
    const here: ComposeEntry = entry;
    composeBuildArgs(here.compose.view, service.node).forEach((arg) => out.push({ arg, path: here.path }));
    const baseName = sameFileBaseName(here.compose.view, service.node);
    const file = service.extendsFile;
    if (baseName === undefined && (!file || file.interpolated || service.extendsService === undefined)) {
      break;
    }
    const basePath = file && baseName === undefined ? joinPath(dirOf(file.path ?? here.path), file.value) : here.path;
    entry = ws.compose.find((e) => e.path === basePath);
    const base = entry?.compose.services.find((s) => s.name === (baseName ?? service.extendsService));
    if (!base || seen.has(base)) {
      break;
    }
    seen.add(base);
    service = base;
  }
  return out;
}

/** A build that names a frontend of its own (`BUILDKIT_SYNTAX`): that frontend may read any argument. */
function choosesFrontend(ws: WorkspaceModel, b: ComposeBuildRef): boolean {
  return argsOfBuild(ws, b).some(({ arg }) => arg.name === 'BUILDKIT_SYNTAX');
}

/** Each written build argument with the builds that pass it (an anchor or a base shared by several services). */
function passedArgs(ws: WorkspaceModel): Map<string, PassedArg> {
  const passed = new Map<string, PassedArg>();
  for (const b of ws.builds) {
    for (const { arg, path } of argsOfBuild(ws, b)) {
      const key = `${path}\0${arg.range.start.line}:${arg.range.start.column}`;
      const known = passed.get(key);
      if (known) {
        known.builds.add(b);
      } else {
        passed.set(key, { arg, path, builds: new Set([b]) });
      }
    }
  }
  return passed;
}

/** A Dockerfile a build reaches and the names its ARGs declare. */
interface Declaring {
  path: string;
  names: ReadonlySet<string>;
}

/**
 * The Dockerfiles a build reaches: its own, and those of same-named services in other Compose files of its folder
 * (overrides merged over it, `-f a.yaml -f b.yaml`). Undefined when one is not known (remote, inline, unread, another
 * frontend), or when the build is an override fragment that names neither context nor Dockerfile: the file it
 * overrides says which Dockerfile it builds.
 */
function reachedDockerfiles(ws: WorkspaceModel, b: ComposeBuildRef, named: readonly ComposeBuildRef[]): Declaring[] | undefined {
  const fragment = !b.service.build?.context && !b.service.build?.dockerfile && named.some((o) => o.entry !== b.entry);
  if (fragment) {
    return undefined;
  }
  const out: Declaring[] = [];
  for (const o of named.filter((n) => n === b || (n.entry !== b.entry && dirOf(n.entry.path) === dirOf(b.entry.path)))) {
    const entry = o.dockerfile !== undefined ? ws.dockerfiles.get(o.dockerfile) : undefined;
    const names = entry && !choosesFrontend(ws, o) ? declaredArgs(entry.model) : undefined;
    if (!entry || !names) {
      return undefined;
    }
    out.push({ path: entry.path, names });
  }
  return out;
}

function finding(ws: WorkspaceModel, { arg, path }: PassedArg, dockerfiles: readonly Declaring[]): CrossFinding {
  const paths = [...new Set(dockerfiles.map((d) => d.path))];
  const guess = likelyArg(arg.name, [...new Set(dockerfiles.flatMap((d) => [...d.names]))]);
  const first = paths[0] !== undefined ? ws.dockerfiles.get(paths[0]) : undefined;
  const advice = guess !== undefined ? `did you mean "${guess}"? Rename it here or in the Dockerfile.` : `declare it with \`ARG ${arg.name}\` in the stage that reads it, or remove it.`;
  return {
    path,
    range: arg.range,
    message: `build arg "${arg.name}" is declared by no ARG in ${paths.join(' or ')}, so the build ignores it without a warning; ${advice}`,
    ...(first ? { related: { file: first.path, range: first.model.stages[0]?.from.keywordRange ?? arg.range, message: 'the Dockerfile built by this service' } } : {}),
  };
}

export const rule: CrossRule = {
  meta: {
    id: 'MLX020',
    name: 'compose-build-arg-unused',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: {},
    description: 'A Compose build.args entry passes an argument that no ARG of the Dockerfile it builds declares: BuildKit ignores it silently.',
  },
  check(ws) {
    const passed = ws.builds.length > 0 ? passedArgs(ws) : undefined;
    if (!passed || passed.size === 0) {
      return [];
    }
    const byService = new Map<string, ComposeBuildRef[]>();
    for (const b of ws.builds) {
      const named = byService.get(b.service.name) ?? [];
      named.push(b);
      byService.set(b.service.name, named);
    }
    const reached = new Map<ComposeBuildRef, Declaring[] | undefined>();
    const dockerfilesOf = (b: ComposeBuildRef): Declaring[] | undefined => {
      if (!reached.has(b)) {
        reached.set(b, reachedDockerfiles(ws, b, byService.get(b.service.name) ?? [b]));
      }
      return reached.get(b);
    };
    const out: CrossFinding[] = [];
    for (const p of passed.values()) {
      const dockerfiles = isPredefinedBuildArg(p.arg.name) ? undefined : [...p.builds].map(dockerfilesOf);
      if (dockerfiles && dockerfiles.every((d): d is Declaring[] => d !== undefined && !d.some((f) => f.names.has(p.arg.name)))) {
        out.push(finding(ws, p, dockerfiles.flat()));
      }
    }
    return out;
  },
};
