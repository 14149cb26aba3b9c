import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { splitExpose } from './expose';
import { finding } from './helpers';

function portProblem(ports: string): string | undefined {
  const m = /^(\d+)(?:-(\d+))?$/.exec(ports);
  if (!m) {
    return `"${ports}" is not a port or port range`;
  }
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  if (start > 65535 || end > 65535) {
    return `port ${Math.max(start, end)} is outside 0-65535`;
  }
  if (end < start) {
    return `the range ${ports} ends before it starts`;
  }
  return undefined;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD019',
    name: 'expose-port-invalid',
    family: 'correctness',
    severity: 'error',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { hadolint: ['DL3011'], dockerfileUtils: ['INVALID_PORT', 'INVALID_PROTO'] },
    description: 'An EXPOSE port is out of range, a range is malformed, or the protocol is unknown.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const instr of model.parsed.instructions) {
      if (instr.keyword !== 'EXPOSE') {
        continue;
      }
      for (const w of instr.words) {
        if (w.value.includes('$')) {
          continue;
        }
        const spec = splitExpose(w.value);
        const problem = portProblem(spec.ports) ?? (spec.protocol !== undefined && !['tcp', 'udp', 'sctp'].includes(spec.protocol.toLowerCase()) ? `"${spec.protocol}" is not tcp, udp or sctp` : undefined);
        if (problem) {
          out.push(finding(w.range, `EXPOSE ${w.value}: ${problem}; write <port>[-<end>][/tcp|udp|sctp].`));
        }
      }
    }
    return out;
  },
};
