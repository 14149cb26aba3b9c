/** Everything Check Environment knows about the machine, gathered by infra and judged by core. */

export type DockerEndpointSource = 'setting' | 'DOCKER_HOST' | 'DOCKER_CONTEXT' | 'docker-config' | 'default';

export interface DockerEndpoint {
  /** e.g. unix:///var/run/docker.sock, tcp://127.0.0.1:2376, ssh://user@host, npipe:////./pipe/docker_engine */
  host: string;
  source: DockerEndpointSource;
  contextName?: string;
  tls?: { verify: boolean; certPath?: string };
}

export type DockerFailureKind =
  | 'socket-missing'
  | 'permission-denied'
  | 'connection-refused'
  | 'host-not-found'
  | 'timeout'
  | 'tls'
  | 'api-too-old'
  | 'unsupported-scheme'
  | 'other';

export interface SocketFacts {
  path: string;
  exists: boolean;
  mode?: number;
  ownerUid?: number;
  ownerGid?: number;
  groupName?: string;
  userInGroup?: boolean;
}

export type DockerProbe =
  | {
      ok: true;
      serverVersion: string;
      apiVersion: string;
      os: string;
      arch: string;
      runtimes: string[];
      defaultRuntime: string;
      /** Generic resources or device-capable plugins the engine reports; empty on CPU hosts. */
      gpuHints: string[];
    }
  | { ok: false; kind: DockerFailureKind; code?: string; message: string };

export interface DockerFacts {
  /** Problems met while reading the docker CLI configuration (config.json, context meta files). */
  configProblems: string[];
  configPath?: string;
  endpoint?: DockerEndpoint;
  socket?: SocketFacts;
  probe?: DockerProbe;
}

export interface KubeconfigFileFacts {
  path: string;
  exists: boolean;
  problem?: string;
}

export interface KubeContextFacts {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
  server?: string;
  /** The exec-auth command this context's user runs, if any. */
  execCommand?: string;
  authProvider?: string;
}

export interface ExecPluginFacts {
  command: string;
  users: string[];
  resolvedPath?: string;
}

export type ClusterProbe =
  | { ok: true; gitVersion: string; platform?: string }
  | { ok: false; kind: 'unreachable' | 'unauthorized' | 'forbidden' | 'tls' | 'timeout' | 'exec-plugin' | 'config' | 'other'; message: string };

export interface KubernetesFacts {
  source: 'setting' | 'KUBECONFIG' | 'default';
  files: KubeconfigFileFacts[];
  contexts: KubeContextFacts[];
  currentContext?: string;
  execPlugins: ExecPluginFacts[];
  probe?: ClusterProbe;
}

export interface WorkspaceFacts {
  /** undefined when not run inside VS Code (the CLI). */
  trusted?: boolean;
}

export interface DoctorFacts {
  gatheredAt: string;
  platform: string;
  docker: DockerFacts;
  kubernetes: KubernetesFacts;
  workspace: WorkspaceFacts;
}
