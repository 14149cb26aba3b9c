import { YamlView } from '../yaml/access';
import type { YamlFile } from '../yaml/parse';
import type { ContainerRef, KubeObject } from './model';
import { apiGroupOf } from './operator-pods';

/** A device class of GPUs or GPU slices: NVIDIA's DRA driver (gpu.nvidia.com, mig.nvidia.com), Intel's and AMD's, the example driver's. */
const gpuDeviceClassRe = /gpu|mig\.nvidia\.com/i;

/**
 * Device classes of accelerators that are no GPUs, with the extended resource their vendor's device plugin hands out
 * the same devices as: AWS Neuron's DRA driver (neuron.aws.com) allocates what the Neuron device plugin counts as
 * aws.amazon.com/neuron, and the rules read them alike.
 */
const acceleratorDeviceClasses: ReadonlyMap<string, string> = new Map([['neuron.aws.com', 'aws.amazon.com/neuron']]);

/** One request for GPUs or other accelerators: how many, of which device class (and, not for GPUs, the resource it stands for). */
interface DeviceRequest {
  count: number;
  deviceClass: string;
  resource?: string;
}

/** The GPU and accelerator requests of one ResourceClaimTemplate or ResourceClaim, by request name. */
type DeviceRequests = ReadonlyMap<string, DeviceRequest>;

/** The claim templates and claims of a file that ask for GPUs or other accelerators, by `namespace/name` (namespace '' when unset). */
export interface DraGpuClaims {
  templates: ReadonlyMap<string, DeviceRequests>;
  claims: ReadonlyMap<string, DeviceRequests>;
}

/** How many devices a request asks for: `count` (default 1); `allocationMode: All` is at least one. */
function requestCount(view: YamlView, request: unknown): number {
  const count = Number(view.text(request, 'count'));
  return view.text(request, 'allocationMode') === 'All' || !Number.isInteger(count) || count < 1 ? 1 : count;
}

/**
 * The GPU and accelerator requests of a claim spec (`devices.requests`): v1's `exactly` (or the first of
 * `firstAvailable`), v1beta1's fields on the request itself.
 */
function deviceRequestsOf(view: YamlView, claimSpec: unknown): DeviceRequests {
  const out = new Map<string, DeviceRequest>();
  for (const request of view.list(view.at(claimSpec, ['devices', 'requests']))) {
    const name = view.text(request, 'name');
    const exact = view.get(request, 'exactly') ?? view.list(view.get(request, 'firstAvailable'))[0] ?? request;
    const deviceClass = view.text(exact, 'deviceClassName');
    if (name === undefined || deviceClass === undefined) {
      continue;
    }
    const resource = acceleratorDeviceClasses.get(deviceClass);
    if (resource !== undefined || gpuDeviceClassRe.test(deviceClass)) {
      out.set(name, { count: requestCount(view, exact), deviceClass, ...(resource !== undefined ? { resource } : {}) });
    }
  }
  return out;
}

const claimsOf = Symbol('draGpuClaims');

/** Kept on the file, not in a WeakMap keyed by files (see document-object.ts: such maps kept parse trees alive longer). */
type FileWithClaims = YamlFile & { [claimsOf]?: DraGpuClaims | null };

/** Whether a text may hold ResourceClaimTemplates or ResourceClaims (a cheap test before parsing it for them). */
export function mayDeclareDraClaims(text: string): boolean {
  return text.includes('resource.k8s.io') && text.includes('ResourceClaim');
}

/**
 * The claims of several files in one: a key the first of them declares keeps its requests (a file lists
 * its own first).
 */
export function mergeDraGpuClaims(all: readonly DraGpuClaims[]): DraGpuClaims {
  const templates = new Map<string, DeviceRequests>();
  const claims = new Map<string, DeviceRequests>();
  for (const c of all) {
    c.templates.forEach((v, k) => templates.has(k) || templates.set(k, v));
    c.claims.forEach((v, k) => claims.has(k) || claims.set(k, v));
  }
  return { templates, claims };
}

/**
 * Adds the GPU claims other files declare (a ResourceClaimTemplate in `claims.yaml` beside the Deployment
 * that names it) to what the file's own objects read. Call before the file's objects are built.
 */
export function addDraGpuClaims(file: YamlFile, others: DraGpuClaims): void {
  const own = draGpuClaims(file);
  (file as FileWithClaims)[claimsOf] = own ? mergeDraGpuClaims([own, others]) : others;
}

/** The file's ResourceClaimTemplates and ResourceClaims that ask for GPUs or other accelerators (read once per file); undefined when it has none. */
export function draGpuClaims(file: YamlFile): DraGpuClaims | undefined {
  const kept = file as FileWithClaims;
  let known = kept[claimsOf];
  if (known === undefined) {
    known = mayDeclareDraClaims(file.text) ? collect(file) : null;
    kept[claimsOf] = known;
  }
  return known ?? undefined;
}

/** The objects of a document: its root, and the items of a v1 List (`kubectl get -o yaml`). */
function rootsOf(view: YamlView): unknown[] {
  const root = view.root;
  const items = view.text(root, 'kind') === 'List' && view.text(root, 'apiVersion') === 'v1' ? view.seq(view.get(root, 'items')) : undefined;
  return items ? items.items : [root];
}

function collect(file: YamlFile): DraGpuClaims | null {
  const templates = new Map<string, DeviceRequests>();
  const claims = new Map<string, DeviceRequests>();
  for (const document of file.documents) {
    if (document.skipped !== undefined) {
      continue;
    }
    const view = new YamlView(file, document);
    for (const root of rootsOf(view)) {
      const kind = view.text(root, 'kind');
      if (apiGroupOf(view.text(root, 'apiVersion')) !== 'resource.k8s.io' || (kind !== 'ResourceClaimTemplate' && kind !== 'ResourceClaim')) {
        continue;
      }
      const metadata = view.get(root, 'metadata');
      const key = `${view.text(metadata, 'namespace') ?? ''}/${view.text(metadata, 'name') ?? ''}`;
      const requests = deviceRequestsOf(view, kind === 'ResourceClaimTemplate' ? view.at(root, ['spec', 'spec']) : view.get(root, 'spec'));
      if (requests.size > 0) {
        (kind === 'ResourceClaimTemplate' ? templates : claims).set(key, requests);
      }
    }
  }
  return templates.size > 0 || claims.size > 0 ? { templates, claims } : null;
}

/** The GPU and accelerator requests a claim names, in the object's namespace, or in any when one side leaves it unset (a kustomization may set both). */
function lookup(known: ReadonlyMap<string, DeviceRequests>, namespace: string | undefined, name: string): DeviceRequests | undefined {
  const exact = known.get(`${namespace ?? ''}/${name}`);
  if (exact || namespace === undefined) {
    return exact ?? [...known].find(([key]) => key.endsWith(`/${name}`))?.[1];
  }
  return known.get(`/${name}`);
}

/**
 * Marks the containers of the object that get GPUs (or other accelerators) through Dynamic Resource Allocation: a
 * container's `resources.claims` entry names a pod `resourceClaims` entry whose ResourceClaimTemplate or ResourceClaim,
 * in the same file, requests devices of a GPU class (or another accelerator's). The count is the claimed request's (all
 * the GPU and accelerator requests' without `request`).
 */
export function markDraGpus(file: YamlFile, obj: KubeObject): void {
  const known = obj.podSpecs.length > 0 ? draGpuClaims(file) : undefined;
  if (!known) {
    return;
  }
  const view = obj.view;
  for (const pod of obj.podSpecs) {
    const podClaims = new Map<string, DeviceRequests>();
    for (const entry of view.list(view.get(pod.spec, 'resourceClaims'))) {
      const name = view.text(entry, 'name');
      const template = view.text(entry, 'resourceClaimTemplateName');
      const claim = view.text(entry, 'resourceClaimName');
      const requests = template !== undefined ? lookup(known.templates, obj.namespace, template) : claim !== undefined ? lookup(known.claims, obj.namespace, claim) : undefined;
      if (name !== undefined && requests) {
        podClaims.set(name, requests);
      }
    }
    if (podClaims.size === 0) {
      continue;
    }
    for (const c of pod.containers) {
      markContainer(view, c, podClaims);
    }
  }
}

/** Sets the container's claimed GPUs (draGpus, draGpuClasses) and other accelerators (draAccelerators, draAcceleratorResources). */
function markContainer(view: YamlView, c: ContainerRef, podClaims: ReadonlyMap<string, DeviceRequests>): void {
  let gpus = 0;
  let accelerators = 0;
  const classes = new Set<string>();
  const resources = new Set<string>();
  for (const ref of view.list(view.at(c.node, ['resources', 'claims']))) {
    const requests = podClaims.get(view.text(ref, 'name') ?? '');
    const request = view.text(ref, 'request');
    const one = request !== undefined ? requests?.get(request) : undefined;
    const claimed = requests === undefined ? [] : request === undefined ? [...requests.values()] : one ? [one] : [];
    for (const r of claimed) {
      if (r.resource !== undefined) {
        accelerators += r.count;
        resources.add(r.resource);
      } else {
        gpus += r.count;
        classes.add(r.deviceClass);
      }
    }
  }
  if (gpus > 0) {
    c.draGpus = gpus;
    c.draGpuClasses = [...classes];
  }
  if (accelerators > 0) {
    c.draAccelerators = accelerators;
    c.draAcceleratorResources = [...resources];
  }
}
