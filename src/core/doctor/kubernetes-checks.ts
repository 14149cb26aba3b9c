import type { KubernetesFacts } from './facts';
import type { Finding } from './finding';

const sourceText: Record<KubernetesFacts['source'], string> = {
  setting: 'the `mlc.kubernetes.kubeconfig` setting',
  KUBECONFIG: 'the KUBECONFIG environment variable',
  default: 'the default location',
};

export function checkKubeconfigFiles(kube: KubernetesFacts): Finding {
  const base = { id: 'kubernetes.kubeconfig', area: 'kubernetes', title: 'Kubeconfig files' } as const;
  const present = kube.files.filter((f) => f.exists);
  const broken = kube.files.filter((f) => f.problem);
  if (present.length === 0) {
    return {
      ...base,
      status: 'info',
      summary: `No kubeconfig file found (looked at ${kube.files.map((f) => f.path).join(', ') || 'nothing'}, from ${sourceText[kube.source]}). Kubernetes features stay idle until one exists.`,
      fix: 'Create one with your cluster provider\'s CLI (for example `gcloud container clusters get-credentials`, `aws eks update-kubeconfig`, `az aks get-credentials`) or point KUBECONFIG at it.',
    };
  }
  if (broken.length > 0) {
    return {
      ...base,
      status: 'error',
      summary: `${broken.length === 1 ? 'A kubeconfig file' : `${broken.length} kubeconfig files`} could not be used.`,
      fix: 'Fix the YAML (run `kubectl config view` to see what kubectl makes of it) or remove the file from KUBECONFIG.',
      details: broken.map((f) => `${f.path}: ${f.problem ?? ''}`),
    };
  }
  return {
    ...base,
    status: 'ok',
    summary: `${present.map((f) => f.path).join(', ')} (from ${sourceText[kube.source]}): ${kube.contexts.length} context${kube.contexts.length === 1 ? '' : 's'}${kube.contexts.length ? ` (${kube.contexts.map((c) => c.name).join(', ')})` : ''}.`,
  };
}

export function checkCurrentContext(kube: KubernetesFacts): Finding | undefined {
  const base = { id: 'kubernetes.context', area: 'kubernetes', title: 'Current context' } as const;
  if (!kube.files.some((f) => f.exists && !f.problem)) {
    return undefined;
  }
  if (!kube.currentContext) {
    return {
      ...base,
      status: kube.contexts.length ? 'warning' : 'info',
      summary: kube.contexts.length ? 'No current context is set.' : 'The kubeconfig defines no contexts.',
      ...(kube.contexts.length ? { fix: `Choose one: \`kubectl config use-context ${kube.contexts[0]?.name ?? 'NAME'}\`.` } : {}),
    };
  }
  const ctx = kube.contexts.find((c) => c.name === kube.currentContext);
  if (!ctx) {
    return {
      ...base,
      status: 'error',
      summary: `The current context "${kube.currentContext}" is not defined in any kubeconfig file.`,
      fix: `Switch to a defined context: ${kube.contexts.map((c) => `\`${c.name}\``).join(', ') || 'none is defined'}.`,
    };
  }
  return {
    ...base,
    status: 'ok',
    summary: `"${ctx.name}": cluster ${ctx.cluster}${ctx.server ? ` at ${ctx.server}` : ''}, user ${ctx.user}, namespace ${ctx.namespace ?? 'default'}.`,
  };
}

export function checkExecPlugins(kube: KubernetesFacts): Finding | undefined {
  if (kube.execPlugins.length === 0) {
    return undefined;
  }
  const base = { id: 'kubernetes.exec-plugins', area: 'kubernetes', title: 'Credential plugins' } as const;
  const missing = kube.execPlugins.filter((p) => !p.resolvedPath);
  if (missing.length === 0) {
    return {
      ...base,
      status: 'ok',
      summary: `Found ${kube.execPlugins.map((p) => `${p.command} (${p.resolvedPath ?? ''})`).join(', ')}.`,
    };
  }
  return {
    ...base,
    status: 'error',
    summary: `Missing from PATH: ${missing.map((p) => `\`${p.command}\` (used by ${p.users.join(', ')})`).join('; ')}. Contexts that use ${missing.length === 1 ? 'it' : 'them'} cannot authenticate.`,
    fix: 'Install the missing plugin (for example `gke-gcloud-auth-plugin`, `aws`, `kubelogin`), or give its absolute path in the kubeconfig\'s `exec.command`. VS Code started from a desktop launcher may have a shorter PATH than your shell.',
  };
}

export function checkCluster(kube: KubernetesFacts): Finding | undefined {
  const base = { id: 'kubernetes.cluster', area: 'kubernetes', title: 'Cluster' } as const;
  const probe = kube.probe;
  if (!probe) {
    return undefined;
  }
  if (probe.ok) {
    return {
      ...base,
      status: 'ok',
      summary: `The cluster of "${kube.currentContext ?? ''}" answers: Kubernetes ${probe.gitVersion}${probe.platform ? ` (${probe.platform})` : ''}.`,
    };
  }
  const fixes: Record<typeof probe.kind, string> = {
    unreachable: 'Check that the cluster is running and that its server address in the kubeconfig is right (VPN, tunnel, port).',
    unauthorized: 'The credentials were refused (expired token or certificate?): refresh them with your provider\'s CLI.',
    forbidden: 'The credentials were accepted but may not read /version: ask your cluster admin for access.',
    tls: 'The server certificate was not trusted: check `certificate-authority(-data)` in the kubeconfig.',
    timeout: 'The server did not answer in time: check network access to it.',
    'exec-plugin': 'The credential plugin failed: run it in a terminal to see why (often an expired login).',
    config: 'The context\'s cluster or user entry is incomplete: fix the kubeconfig.',
    other: 'See the details and the ML Containers log.',
  };
  return { ...base, status: 'error', summary: `The cluster of "${kube.currentContext ?? ''}" could not be reached.`, fix: fixes[probe.kind], details: [probe.message] };
}
