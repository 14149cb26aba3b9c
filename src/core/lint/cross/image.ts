import type { Instruction } from '../dockerfile/model';
import { baseRef, chainInstructions, envValue } from '../dockerfile/semantic';
import { baseCudaVersion } from '../dockerfile/cuda';
import type { ContainerRef, PodSpecRef } from '../kubernetes/model';
import { commandWords } from '../kubernetes/gpu';
import { splitExpose } from '../rules/dockerfile/expose';
import { containersOf } from './kube';
import type { DockerfileEntry, ObjectEntry, WorkspaceModel } from './model';
import { mappedDockerfile } from './model';

/** A Kubernetes container whose image maps to a workspace Dockerfile (§1.4 image map). */
export interface MappedContainer {
  entry: ObjectEntry;
  pod: PodSpecRef;
  c: ContainerRef;
  dockerfile: DockerfileEntry;
}

const mapped = new WeakMap<WorkspaceModel, readonly MappedContainer[]>();

/** The containers (and init containers) whose image maps to a workspace Dockerfile; found once per workspace model. Shared: do not modify. */
export function mappedContainers(ws: WorkspaceModel): readonly MappedContainer[] {
  if (ws.imageMap.size === 0) {
    return [];
  }
  let out = mapped.get(ws);
  if (!out) {
    out = findMappedContainers(ws);
    mapped.set(ws, out);
  }
  return out;
}

function findMappedContainers(ws: WorkspaceModel): MappedContainer[] {
  const out: MappedContainer[] = [];
  // Many containers share an image: each is parsed once.
  const byImage = new Map<string, DockerfileEntry | undefined>();
  for (const entry of ws.objects) {
    for (const { pod, c } of containersOf(entry, ['containers', 'initContainers'])) {
      const image = entry.obj.view.text(c.node, 'image');
      if (image === undefined) {
        continue;
      }
      if (!byImage.has(image)) {
        byImage.set(image, mappedDockerfile(ws, image));
      }
      const dockerfile = byImage.get(image);
      if (dockerfile?.model.finalStage) {
        out.push({ entry, pod, c, dockerfile });
      }
    }
  }
  return out;
}

function finalInstructions(d: DockerfileEntry, keyword: string): Instruction[] {
  const stage = d.model.finalStage;
  return stage ? chainInstructions(stage).filter((i) => i.keyword === keyword) : [];
}

/** The final stage's effective USER (last one in its in-file ancestry); undefined when none is set. */
export function finalUser(d: DockerfileEntry): { user: string; instruction: Instruction } | undefined {
  const instruction = finalInstructions(d, 'USER').pop();
  const user = instruction?.words[0]?.value;
  return instruction && user !== undefined ? { user, instruction } : undefined;
}

/** Ports the final stage EXPOSEs (single numeric ports; ranges and variables are left out). */
export function exposedPorts(d: DockerfileEntry): Set<string> {
  const out = new Set<string>();
  for (const i of finalInstructions(d, 'EXPOSE')) {
    for (const w of i.words) {
      const ports = splitExpose(w.value).ports;
      if (/^\d+$/.test(ports)) {
        out.add(String(Number(ports)));
      }
    }
  }
  return out;
}

/** What a command line's port arguments say: the ports they name, and whether one names a variable whose value is not known. */
export interface PortArgs {
  ports: Set<string>;
  unresolved: boolean;
}

/**
 * A variable's value as a command line sees it (`kubelet`: Kubernetes' own `$(NAME)` form, which only the
 * container's env feeds); null when it is set to a value not known here, undefined when it is not set.
 */
export type PortVariables = (name: string, kubelet: boolean) => string | null | undefined;

const portFlagRe = /^--(?:port|http-port|grpc-port)$/;
const portFlagValueRe = /^--(?:port|http-port|grpc-port)=(.*)$/;
// `$NAME`, `${NAME}`, `${NAME:-8080}` / `${NAME-8080}` (shell), `$(NAME)` (Kubernetes).
const portVariableRe = /^(?:\$([A-Za-z_]\w*)|\$\{([A-Za-z_]\w*)(?::?-(\d+))?\}|\$\(([A-Za-z_]\w*)\))$/;

/** A port argument's value (quotes of a `sh -c` string taken off): its number, null for a variable not known, else undefined (not a port). */
function portValue(raw: string, variables: PortVariables | undefined): string | null | undefined {
  const text = raw.replace(/^(["'])(.*)\1$/, '$2');
  if (/^\d+$/.test(text)) {
    return String(Number(text));
  }
  const v = portVariableRe.exec(text);
  if (!v) {
    return undefined;
  }
  const set = variables?.(v[1] ?? v[2] ?? (v[4] as string), v[4] !== undefined);
  // `${PORT:-8080}` falls back to its default only when the variable is not set (or, with `:-`, empty).
  const value = set === undefined || (set === '' && text.includes(':-')) ? v[3] : set;
  return typeof value === 'string' && /^\d+$/.test(value) ? String(Number(value)) : null;
}

/** `--port N`, `--port=N` (and `--http-port`, `--grpc-port`) arguments of a command line; variables resolved through `variables`. */
export function portArgs(words: readonly string[], variables?: PortVariables): PortArgs {
  const out: PortArgs = { ports: new Set(), unresolved: false };
  const add = (raw: string): void => {
    const port = portValue(raw, variables);
    if (port === null) {
      out.unresolved = true;
    } else if (port !== undefined) {
      out.ports.add(port);
    }
  };
  words.forEach((w, k) => {
    const eq = w.startsWith('--') ? portFlagValueRe.exec(w) : null;
    if (eq) {
      add(eq[1] as string);
    } else if (portFlagRe.test(w) && k + 1 < words.length) {
      add(words[k + 1] as string);
    }
  });
  return out;
}

/**
 * The variables a container's command lines see: its own `env` values first (a `valueFrom` or `$(…)` value is not
 * known, and hides the image's), then, for the shell forms, the final stage's ENV; with `envFrom`, only its own `env`.
 */
export function containerVariables(entry: ObjectEntry, c: ContainerRef, d: DockerfileEntry): PortVariables {
  const view = entry.obj.view;
  let own: Map<string, string | null> | undefined;
  for (const item of view.list(view.get(c.node, 'env'))) {
    const name = view.text(item, 'name');
    if (name !== undefined) {
      const value = view.get(item, 'valueFrom') === undefined ? (view.text(item, 'value') ?? '') : undefined;
      (own ??= new Map()).set(name, value !== undefined && !value.includes('$') ? value : null);
    }
  }
  // `envFrom` may set any name: one not in `env` is not known.
  const envFrom = view.get(c.node, 'envFrom') !== undefined;
  const stage = d.model.finalStage;
  return (name, kubelet) => {
    const mine = own?.get(name);
    if (mine !== undefined) {
      return mine;
    }
    if (envFrom) {
      return null;
    }
    const value = !kubelet && stage ? envValue(stage, name) : undefined;
    return value === undefined ? undefined : value.includes('$') ? null : value;
  };
}

/**
 * Words of the final stage's CMD and ENTRYPOINT, each argument split on blanks (a `sh -c "uvicorn app --port $PORT"`
 * string of the exec or the shell form), as the Kubernetes side splits command and args.
 */
export function dockerCommandWords(d: DockerfileEntry): string[] {
  return ['ENTRYPOINT', 'CMD'].flatMap((k) => {
    const last = finalInstructions(d, k).pop();
    const args = last ? (last.json ? last.json.map((a) => a.value) : last.words.map((w) => w.value)) : [];
    return args.flatMap((a) => a.match(/\S+/g) ?? []);
  });
}

export function containerCommandWords(entry: ObjectEntry, c: ContainerRef): string[] {
  return commandWords(entry.obj.view, c.node);
}

/** The final stage's HEALTHCHECK, unless it is `HEALTHCHECK NONE`. */
export function finalHealthcheck(d: DockerfileEntry): Instruction | undefined {
  const last = finalInstructions(d, 'HEALTHCHECK').pop();
  return last && last.words[0]?.value.toUpperCase() !== 'NONE' ? last : undefined;
}

export function finalCudaMajor(d: DockerfileEntry): number | undefined {
  const stage = d.model.finalStage;
  const base = stage ? baseRef(stage) : undefined;
  return base ? baseCudaVersion(base.ref)?.major : undefined;
}
