import { containerCommandWords, containerVariables, dockerCommandWords, exposedPorts, mappedContainers, portArgs } from '../../cross/image';
import type { CrossFinding, CrossRule } from '../../cross/rule';
import type { Range } from '../../types';

export const rule: CrossRule = {
  meta: {
    id: 'MLX501',
    name: 'probe-port-not-exposed',
    family: 'style',
    severity: 'info',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: {},
    description: "A containerPort or probe port matches neither the mapped Dockerfile's EXPOSE nor a --port argument.",
  },
  check(ws) {
    const out: CrossFinding[] = [];
    for (const { entry, c, dockerfile } of mappedContainers(ws)) {
      if (c.kind !== 'containers') {
        continue;
      }
      const view = entry.obj.view;
      // `--port $PORT`: the container's env (value:, not valueFrom) and the image's ENV say what the variable is.
      const variables = containerVariables(entry, c, dockerfile);
      const fromImage = portArgs(dockerCommandWords(dockerfile), variables);
      const fromPod = portArgs(containerCommandWords(entry, c), variables);
      // A --port whose variable is not known may name any port: nothing to compare with.
      if (fromImage.unresolved || fromPod.unresolved) {
        continue;
      }
      const known = new Set([...exposedPorts(dockerfile), ...fromImage.ports, ...fromPod.ports]);
      // Without any EXPOSE or --port the Dockerfile says nothing about its ports.
      if (known.size === 0) {
        continue;
      }
      const used: { port: string; range: Range; what: string }[] = [];
      for (const p of view.items(view.get(c.node, 'ports'))) {
        const port = view.text(p, 'containerPort');
        const range = view.valueRange(p, 'containerPort');
        if (port !== undefined && range) {
          used.push({ port, range, what: 'containerPort' });
        }
      }
      for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
        for (const handler of ['httpGet', 'tcpSocket', 'grpc']) {
          const h = view.at(c.node, [probe, handler]);
          const port = view.text(h, 'port');
          const range = view.valueRange(h, 'port');
          if (port !== undefined && /^\d+$/.test(port) && range) {
            used.push({ port, range, what: `${probe} port` });
          }
        }
      }
      for (const u of used) {
        if (known.has(String(Number(u.port)))) {
          continue;
        }
        out.push({
          path: entry.path,
          range: u.range,
          object: entry.obj,
          message: `${u.what} ${u.port} is neither EXPOSEd by ${dockerfile.path} nor passed as --port (the image uses ${[...known].join(', ')}); use the port the server listens on.`,
          related: { file: dockerfile.path, range: dockerfile.model.finalStage?.from.keywordRange ?? u.range, message: 'the image\'s Dockerfile' },
        });
      }
    }
    return out;
  },
};
