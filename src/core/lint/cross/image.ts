import type { Instruction } from '../dockerfile/model';
import { baseRef, chainInstructions } from '../dockerfile/semantic';
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

/** `--port N`, `--port=N` (and `-p N`) arguments of a command line. */
export function portArgs(words: readonly string[]): Set<string> {
  const out = new Set<string>();
  words.forEach((w, k) => {
    const eq = /^--(?:port|http-port|grpc-port)=(\d+)$/.exec(w);
    if (eq) {
      out.add(String(Number(eq[1])));
    } else if (/^--(?:port|http-port|grpc-port)$/.test(w) && /^\d+$/.test(words[k + 1] ?? '')) {
      out.add(String(Number(words[k + 1])));
    }
  });
  return out;
}

/** Words of the final stage's CMD and ENTRYPOINT (exec form as is, shell form split on blanks). */
export function dockerCommandWords(d: DockerfileEntry): string[] {
  return ['ENTRYPOINT', 'CMD'].flatMap((k) => {
    const last = finalInstructions(d, k).pop();
    return last ? (last.json ? last.json.map((a) => a.value) : last.words.map((w) => w.value)) : [];
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
