/** The push progress stream (POST /images/{name}/push), per layer; and push errors in plain words. Pure. */
export interface PushMessage {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
  aux?: { Tag?: string; Digest?: string; Size?: number };
}

export interface LayerState {
  id: string;
  status: string;
  current?: number;
  total?: number;
}

export class PushProgress {
  readonly layers = new Map<string, LayerState>();
  error: string | undefined;
  digest: string | undefined;

  /** Applies one message; returns the layer it changed, if any. */
  apply(msg: PushMessage): LayerState | undefined {
    if (msg.error !== undefined || msg.errorDetail) {
      this.error = msg.errorDetail?.message ?? msg.error ?? 'the push failed';
      return undefined;
    }
    if (msg.aux?.Digest) {
      this.digest = msg.aux.Digest;
    }
    if (!msg.id || !msg.status || !/^[0-9a-f]{12,64}$/.test(msg.id)) {
      return undefined;
    }
    const layer: LayerState = { id: msg.id, status: msg.status, ...(msg.progressDetail?.current !== undefined ? { current: msg.progressDetail.current } : {}), ...(msg.progressDetail?.total !== undefined ? { total: msg.progressDetail.total } : {}) };
    this.layers.set(msg.id, layer);
    return layer;
  }

  /** "2/5 layers pushed" style summary. */
  summary(): string {
    const all = [...this.layers.values()];
    const done = all.filter((l) => /^(Pushed|Layer already exists|Mounted from)/.test(l.status)).length;
    return `${done}/${all.length} layer(s) pushed`;
  }
}

/** Turns the engine's push error into one sentence with the fix; unknown errors pass through. */
export function explainPushError(raw: string, registry: string): string {
  const m = raw.toLowerCase();
  if (m.includes('connection refused')) {
    return `Cannot reach the registry ${registry}: connection refused. Is the registry running and is the address (host:port) right?`;
  }
  if (m.includes('no such host') || m.includes('server misbehaving')) {
    return `Cannot resolve the registry host ${registry}. Check the image name's registry part.`;
  }
  if (m.includes('i/o timeout') || m.includes('deadline exceeded')) {
    return `The registry ${registry} did not answer in time. Check the network or proxy settings of the Docker daemon.`;
  }
  if (m.includes('server gave http response to https client')) {
    return `The registry ${registry} speaks plain HTTP: add it to "insecure-registries" in the daemon's daemon.json, or serve it over TLS.`;
  }
  if (m.includes('x509') || m.includes('certificate')) {
    return `The registry ${registry}'s TLS certificate is not trusted by the Docker daemon (${raw}). Install its CA under /etc/docker/certs.d/${registry}/.`;
  }
  if (m.includes('no basic auth credentials') || m.includes('unauthorized') || m.includes('authentication required')) {
    return `The registry ${registry} needs you to log in: run \`docker login ${registry}\`, then push again.`;
  }
  if (m.includes('denied')) {
    return `The registry ${registry} denied the push: the account has no write access to this repository, or the repository name is wrong.`;
  }
  if (m.includes('does not exist locally')) {
    return `${raw}. Tag the image first (Tag Image…).`;
  }
  return raw;
}
