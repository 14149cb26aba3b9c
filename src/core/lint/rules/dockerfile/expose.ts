/** One EXPOSE argument split into its parts (for MLD019 and MLD020). */
export interface ExposeSpec {
  host?: string;
  ports: string;
  protocol?: string;
}

/** `[ip:][hostPort:]containerPort[-end][/proto]` as written; IPv6 in brackets. */
export function splitExpose(value: string): ExposeSpec {
  const slash = value.lastIndexOf('/');
  const protocol = slash >= 0 ? value.slice(slash + 1) : undefined;
  const main = slash >= 0 ? value.slice(0, slash) : value;
  const colon = main.lastIndexOf(':');
  const spec: ExposeSpec = { ports: colon >= 0 ? main.slice(colon + 1) : main };
  if (colon >= 0) {
    spec.host = main.slice(0, colon);
  }
  if (protocol !== undefined) {
    spec.protocol = protocol;
  }
  return spec;
}
