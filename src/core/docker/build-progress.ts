/** The legacy builder's JSON progress stream (POST /build), parsed into events; pure. */
export type BuildEvent =
  | { kind: 'step'; step: number; total: number; instruction: string }
  | { kind: 'output'; text: string }
  /** The builder started an intermediate container for a step (" ---> Running in <id>"). */
  | { kind: 'container'; id: string }
  | { kind: 'container-removed'; id: string }
  | { kind: 'status'; status: string; id?: string; progress?: string }
  | { kind: 'built'; imageId: string }
  | { kind: 'error'; message: string; code?: number };

const stepRe = /^Step (\d+)\/(\d+) : (.*)$/;
const runningRe = /^ ---> Running in ([0-9a-f]{12,64})\s*$/;
const removingRe = /^Removing intermediate container ([0-9a-f]{12,64})\s*$/;
const builtRe = /^Successfully built ([0-9a-f]{12,64})\s*$/;

interface RawMessage {
  stream?: string;
  status?: string;
  id?: string;
  progress?: string;
  error?: string;
  errorDetail?: { message?: string; code?: number };
  aux?: { ID?: string };
}

/** Turns one decoded message into events (a `stream` text may hold several lines). */
export function buildEventsOf(msg: RawMessage): BuildEvent[] {
  const events: BuildEvent[] = [];
  if (msg.error !== undefined || msg.errorDetail) {
    const message = msg.errorDetail?.message ?? msg.error ?? 'the build failed';
    events.push({ kind: 'error', message, ...(msg.errorDetail?.code !== undefined ? { code: msg.errorDetail.code } : {}) });
    return events;
  }
  if (msg.aux?.ID) {
    events.push({ kind: 'built', imageId: msg.aux.ID });
  }
  if (msg.status !== undefined) {
    events.push({ kind: 'status', status: msg.status, ...(msg.id ? { id: msg.id } : {}), ...(msg.progress ? { progress: msg.progress } : {}) });
  }
  if (typeof msg.stream === 'string' && msg.stream !== '') {
    events.push({ kind: 'output', text: msg.stream });
    for (const line of msg.stream.split('\n')) {
      const step = stepRe.exec(line);
      const running = runningRe.exec(line);
      const removing = removingRe.exec(line);
      const built = builtRe.exec(line);
      if (step) {
        events.push({ kind: 'step', step: Number(step[1]), total: Number(step[2]), instruction: step[3] ?? '' });
      } else if (running?.[1]) {
        events.push({ kind: 'container', id: running[1] });
      } else if (removing?.[1]) {
        events.push({ kind: 'container-removed', id: removing[1] });
      } else if (built?.[1]) {
        events.push({ kind: 'built', imageId: built[1] });
      }
    }
  }
  return events;
}

/** Splits the byte stream into JSON messages; a message may arrive split across chunks. */
export class BuildStreamParser {
  private rest = '';

  push(chunk: string): BuildEvent[] {
    this.rest += chunk;
    const events: BuildEvent[] = [];
    let nl: number;
    while ((nl = this.rest.indexOf('\n')) >= 0) {
      const line = this.rest.slice(0, nl).trim();
      this.rest = this.rest.slice(nl + 1);
      events.push(...this.parseLine(line));
    }
    return events;
  }

  end(): BuildEvent[] {
    const line = this.rest.trim();
    this.rest = '';
    return this.parseLine(line);
  }

  private parseLine(line: string): BuildEvent[] {
    if (line === '') {
      return [];
    }
    try {
      return buildEventsOf(JSON.parse(line) as RawMessage);
    } catch {
      return [{ kind: 'output', text: `${line}\n` }];
    }
  }
}

/** Progress as the UI shows it: "Step 7/15: RUN pip install…" and the increment since the previous step. */
export function stepProgress(event: Extract<BuildEvent, { kind: 'step' }>, previousStep: number, maxInstructionChars = 60): { message: string; increment: number } {
  const instr = event.instruction.length > maxInstructionChars ? `${event.instruction.slice(0, maxInstructionChars)}…` : event.instruction;
  const total = Math.max(1, event.total);
  return { message: `Step ${event.step}/${event.total}: ${instr}`, increment: (Math.max(0, event.step - previousStep) / total) * 100 };
}
