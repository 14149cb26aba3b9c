import type { DockerFacts, DockerFailureKind } from './facts';
import type { Finding } from './finding';

export function checkDockerConfig(docker: DockerFacts): Finding {
  if (docker.configProblems.length === 0) {
    return {
      id: 'docker.config',
      area: 'docker',
      status: 'ok',
      title: 'Docker CLI configuration',
      summary: docker.configPath ? `Read ${docker.configPath} without problems.` : 'No docker CLI configuration file; defaults apply.',
    };
  }
  return {
    id: 'docker.config',
    area: 'docker',
    status: 'warning',
    title: 'Docker CLI configuration',
    summary: `The docker CLI configuration has ${docker.configProblems.length === 1 ? 'a problem' : `${docker.configProblems.length} problems`}; the endpoint was resolved without the unreadable parts.`,
    fix: 'Correct the file (it must be valid JSON), or move it aside so the docker CLI and ML Containers fall back to defaults.',
    details: docker.configProblems,
  };
}

export function checkDockerEndpoint(docker: DockerFacts): Finding {
  const ep = docker.endpoint;
  if (!ep) {
    return {
      id: 'docker.endpoint',
      area: 'docker',
      status: 'error',
      title: 'Docker endpoint',
      summary: 'No Docker endpoint could be resolved.',
      fix: 'Set DOCKER_HOST, select a context with `docker context use`, or set `mlc.docker.host`.',
    };
  }
  const from: Record<typeof ep.source, string> = {
    setting: 'the `mlc.docker.host` setting',
    DOCKER_HOST: 'the DOCKER_HOST environment variable',
    DOCKER_CONTEXT: `the DOCKER_CONTEXT environment variable (context "${ep.contextName ?? ''}")`,
    'docker-config': `the current docker context "${ep.contextName ?? ''}"`,
    default: 'the platform default',
  };
  return {
    id: 'docker.endpoint',
    area: 'docker',
    status: 'info',
    title: 'Docker endpoint',
    summary: `${ep.host} (from ${from[ep.source]}${ep.tls ? `, TLS${ep.tls.verify ? ' with verification' : ''}` : ''}).`,
  };
}

const failureText: Record<DockerFailureKind, { summary: string; fix: string }> = {
  'socket-missing': {
    summary: 'The Docker socket does not exist: the Docker daemon is not running (or not installed).',
    fix: 'Start the daemon (`sudo systemctl start docker`, or start Docker Desktop), then retry.',
  },
  'permission-denied': {
    summary: 'The Docker socket exists but this user may not open it (permission denied).',
    fix: 'Add your user to the socket\'s group (`sudo usermod -aG docker $USER`), then log out and back in (or run `newgrp docker`). Avoid making the socket world-writable.',
  },
  'connection-refused': {
    summary: 'Nothing accepts connections at the Docker endpoint: the daemon is not running there.',
    fix: 'Start the Docker daemon, or point DOCKER_HOST / the docker context / `mlc.docker.host` at the right endpoint.',
  },
  'host-not-found': {
    summary: 'The Docker host name does not resolve: the endpoint is wrong.',
    fix: 'Check DOCKER_HOST, the current docker context (`docker context ls`) or `mlc.docker.host`.',
  },
  timeout: {
    summary: 'The Docker endpoint did not answer in time.',
    fix: 'Check that the host is up and that no firewall drops the connection; for remote engines prefer `ssh://` contexts.',
  },
  tls: {
    summary: 'The TLS handshake with the Docker endpoint failed.',
    fix: 'Check DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem) and DOCKER_TLS_VERIFY, or the TLS material of the docker context.',
  },
  'api-too-old': {
    summary: 'The Docker Engine is too old for this extension (it needs API 1.41, Docker 20.10, or newer).',
    fix: 'Upgrade the Docker Engine.',
  },
  'unsupported-scheme': {
    summary: 'The Docker endpoint uses a scheme this check cannot probe.',
    fix: 'Use a unix://, tcp:// or ssh:// endpoint.',
  },
  other: {
    summary: 'The Docker Engine could not be reached.',
    fix: 'Run `docker version` in a terminal to see what the docker CLI reports, and check the ML Containers log.',
  },
};

export const minimumDockerApi = '1.41';

export function compareApiVersions(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split('.').map((n) => Number.parseInt(n, 10) || 0);
  const [bMajor = 0, bMinor = 0] = b.split('.').map((n) => Number.parseInt(n, 10) || 0);
  return aMajor !== bMajor ? aMajor - bMajor : aMinor - bMinor;
}

export function checkDockerReachable(docker: DockerFacts): Finding {
  const probe = docker.probe;
  const base = { id: 'docker.reachable', area: 'docker', title: 'Docker Engine' } as const;
  if (!probe) {
    return { ...base, status: 'error', summary: 'The Docker Engine was not probed because no endpoint was resolved.' };
  }
  if (probe.ok) {
    if (compareApiVersions(probe.apiVersion, minimumDockerApi) < 0) {
      const text = failureText['api-too-old'];
      return { ...base, status: 'error', summary: `Docker Engine ${probe.serverVersion} (API ${probe.apiVersion}). ${text.summary}`, fix: text.fix };
    }
    return {
      ...base,
      status: 'ok',
      summary: `Docker Engine ${probe.serverVersion} (API ${probe.apiVersion}, ${probe.os}/${probe.arch}) answers.`,
    };
  }
  const text = failureText[probe.kind];
  const details = [`${probe.code ? `${probe.code}: ` : ''}${probe.message}`];
  const socket = docker.socket;
  let fix = text.fix;
  if (probe.kind === 'permission-denied' && socket?.exists) {
    const owner = socket.groupName ?? (socket.ownerGid !== undefined ? `gid ${socket.ownerGid}` : undefined);
    if (socket.mode !== undefined) {
      details.push(`${socket.path} has mode ${(socket.mode & 0o777).toString(8)}${owner ? ` and group ${owner}` : ''}.`);
    }
    if (socket.groupName) {
      fix = `Add your user to the "${socket.groupName}" group (\`sudo usermod -aG ${socket.groupName} $USER\`), then log out and back in (or run \`newgrp ${socket.groupName}\`). Avoid making the socket world-writable.`;
    }
  }
  return { ...base, status: 'error', summary: text.summary, fix, details };
}

export function checkGpuRuntime(docker: DockerFacts): Finding {
  const base = { id: 'gpu.runtime', area: 'gpu', title: 'GPU support in Docker' } as const;
  const probe = docker.probe;
  if (!probe?.ok) {
    return { ...base, status: 'info', summary: 'Unknown: the Docker Engine could not be asked which runtimes it has.' };
  }
  const nvidia = probe.runtimes.filter((r) => r.startsWith('nvidia'));
  if (nvidia.length === 0) {
    return {
      ...base,
      status: 'warning',
      summary: `No NVIDIA runtime is registered with the engine (runtimes: ${probe.runtimes.join(', ') || 'none'}): containers that request GPUs will fail to start with "could not select device driver". CPU containers work.`,
      fix: 'On a host with an NVIDIA GPU, install the NVIDIA Container Toolkit and run `sudo nvidia-ctk runtime configure --runtime=docker`, then restart Docker. On a CPU-only host, use the CPU run profile.',
    };
  }
  const isDefault = probe.defaultRuntime.startsWith('nvidia');
  return {
    ...base,
    status: 'ok',
    summary: `NVIDIA runtime present (${nvidia.join(', ')}); the default runtime is ${probe.defaultRuntime}${isDefault ? ', so every container sees the GPUs unless told otherwise' : ', so GPUs are given to containers that request them'}.`,
    ...(probe.gpuHints.length > 0 ? { details: probe.gpuHints } : {}),
  };
}
