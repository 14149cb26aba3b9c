import type { Node, Scalar, YAMLMap } from 'yaml';
import { Scalar as ScalarClass } from 'yaml';
import type { ComposeContext } from '../../compose/rule';
import type { ComposeService } from '../../compose/model';
import { isInterpolated, mergedAt, mergedGet, mergedKeys, mergedPair, overrideDecides } from '../../compose/model';
import { composeReading, composeValue, interpolationDefault, readsWithheldEnv, serviceImage, serviceRepository, withProjectEnv } from '../../compose/image';
import type { Interpolated } from '../../compose/interpolate';
import { fromEnvNote, interpolateTraced, originNote, variablesRead } from '../../compose/interpolate';
import type { Fix, Range, TextEdit } from '../../types';
import type { YamlView } from '../../yaml/access';
import { distance, insertIntoMap, nearest } from '../kubernetes/helpers';
import { splitShortSyntax } from '../../compose/short-syntax';
import { seesOneGpu } from '../../compose/gpu-programs';
import { visibleDevices } from '../../compose/visible-devices';

export { finding } from '../../compose/rule';
export { isGpuExporter, isMediaServer } from '../../single-process-servers';
export { serviceRepository };

/** A device reservation for every GPU, as lines relative to the service's keys. */
export const allGpusReservation = ['deploy:', '  resources:', '    reservations:', '      devices:', '        - driver: nvidia', '          count: all', '          capabilities: [gpu]'];

/**
 * What names the program a service runs, for matching it against lists of known servers: its image repository and,
 * for a service built here (whose image name is the project's own, `sd-auto:62`), the last folder of its build
 * context, its Dockerfile's name and the service's name (`./services/AUTOMATIC1111`, `whisper-asr-webservice-gpu`).
 */
export function serviceNames(view: YamlView, service: ComposeService): string[] {
  const names = [serviceRepository(view, service)];
  const build = mergedGet(view, service, 'build');
  if (build === undefined) {
    return names;
  }
  const context = view.str(build) ?? view.text(build, 'context');
  const dockerfile = view.text(build, 'dockerfile');
  for (const p of [context, dockerfile]) {
    const last = p?.replace(/\/+$/, '').split('/').pop();
    if (last && last !== '.' && last !== '..' && !last.includes('${')) {
      names.push(last);
    }
  }
  names.push(service.name);
  return names.filter((n) => n !== '');
}

/** ` (NAME from .env)` for a finding's message when `.env` values decide it, else nothing. */
export function envNote(fromEnv: readonly string[]): string {
  return fromEnv.length > 0 ? ` ${fromEnvNote([...new Set(fromEnv)])}` : '';
}

/** A value read through composeReading that is still unknown: `${…}` left in it, or emptied by interpolation (`NAME=` in .env). */
export function unknownValue(written: string, value: string): boolean {
  return isInterpolated(value) || (value === '' && isInterpolated(written));
}

/** A value as Compose reads it (composeReading); undefined when a variable without a value or default leaves it unknown. */
export function knownValue(view: YamlView, written: string | undefined): string | undefined {
  const value = written !== undefined ? composeValue(view, written) : undefined;
  return written === undefined || value === undefined || unknownValue(written, value) ? undefined : value;
}

export function services(ctx: ComposeContext): ComposeService[] {
  return ctx.compose?.services ?? [];
}

/** A quoted scalar as written (single or double quotes). */
export function isQuoted(s: Scalar): boolean {
  return s.type === ScalarClass.QUOTE_DOUBLE || s.type === ScalarClass.QUOTE_SINGLE;
}

export function isPlain(s: Scalar): boolean {
  return s.type === ScalarClass.PLAIN;
}

/** The source text of a node (one line). */
export function sourceOf(view: YamlView, node: Node): string | undefined {
  const r = node.range;
  return r ? view.file.text.slice(r[0], r[1]) : undefined;
}

export function quoteFix(range: Range, raw: string): { title: string; edits: TextEdit[] } {
  return { title: `Quote "${raw}"`, edits: [{ range, newText: `"${raw}"` }] };
}

const wholeDefaultRe = /^(\$\{[A-Za-z_][A-Za-z0-9_]*:?-)[^${}]*\}$/;

/**
 * Writes `value` over a value Compose reads as `read` (composeReading): text written as is becomes `literal`, a whole
 * `${VAR:-default}` gets `value` as its default (the variable kept). None for other interpolations or a `.env` value,
 * which is set where the variable is.
 */
export function valueEdit(range: Range, written: string, read: Interpolated, value: string, literal = value): TextEdit | undefined {
  if (!isInterpolated(written)) {
    return { range, newText: literal };
  }
  const open = read.fromEnv.length === 0 ? wholeDefaultRe.exec(written.trim()) : null;
  return open ? { range, newText: `"${open[1] ?? ''}${value}}"` } : undefined;
}

/** Replaces a value with the known one it most likely meant (valueEdit). */
export function replaceFix(range: Range, written: string, read: Interpolated, near: string): Fix | undefined {
  const edit = valueEdit(range, written, read, near);
  return edit && { title: `Replace with "${near}"`, edits: [edit] };
}

/**
 * Where the override file decides a service's `key` (see overrideDecides), the words saying so for a finding's message,
 * which then comes without an edit: a change to this file would not change what Compose runs.
 */
export function overrideNote(view: YamlView, service: ComposeService, key: string): string | undefined {
  const how = overrideDecides(view, service, key);
  return how === 'reset' ? `the override file resets ${key}, so change it there` : how === 'set' ? `${key} is set in the override file, which wins over this file, so change it there` : undefined;
}

/**
 * Inserts a new key into a mapping: after its first entry in a block mapping (`text` without
 * indentation, nested lines indented relative to the key), or as `key: value, ` first in a flow mapping.
 */
export function insertKey(view: YamlView, map: YAMLMap, text: string): TextEdit | undefined {
  const first = view.range(map.items[0]);
  if (!first) {
    return undefined;
  }
  const at = { start: first.start, end: first.start };
  if (map.flow) {
    return text.includes('\n') ? undefined : { range: at, newText: `${text}, ` };
  }
  return insertIntoMap(view, map, text);
}

/** Inserts `- text` as the first item of a block sequence whose items start their own lines. */
export function insertSeqItem(view: YamlView, seq: unknown, text: string): TextEdit | undefined {
  const first = view.items(seq)[0];
  const range = first ? view.range(first) : undefined;
  const s = view.seq(seq);
  if (!range || !s || s.flow) {
    return undefined;
  }
  const line = view.file.lines[range.start.line - 1] ?? '';
  const m = /^(\s*)-\s/.exec(line);
  if (!m || m[0].length !== range.start.column - 1) {
    return undefined;
  }
  return { range: { start: { line: range.start.line, column: 1 }, end: { line: range.start.line, column: 1 } }, newText: `${m[1] ?? ''}- ${text}\n` };
}

/** Appends lines at the end of the file (after a line break). */
export function appendLines(view: YamlView, text: string): TextEdit {
  const lines = view.file.lines;
  const last = lines.length;
  const lastText = lines[last - 1] ?? '';
  const at = { line: last, column: lastText.length + 1 };
  return { range: { start: at, end: at }, newText: lastText === '' ? `${text}\n` : `\n${text}\n` };
}

/** Whole lines [from, to] (1-based) as a range that deletes them. */
export function deleteLines(view: YamlView, from: number, to: number): Range {
  return to < view.file.lines.length ? { start: { line: from, column: 1 }, end: { line: to + 1, column: 1 } } : { start: { line: from, column: 1 }, end: { line: to, column: (view.file.lines[to - 1] ?? '').length + 1 } };
}

export interface PortEntry {
  node: Node;
  range: Range;
  /** Short syntax: the scalar as written. */
  scalar?: Scalar;
  hostIp?: string;
  /** Long syntax: where a host IP read from a variable's default came from, for a message (`the default of BIND_IP`; see hostIpOrigin). */
  hostIpOrigin?: string;
  /** Published host ports [first, last]; undefined when none is published. `[0, 0]`: an ephemeral host port, or a variable without a default. */
  host?: [number, number];
  /** The published host port as written (`8500`, `${PORT:-8080}`); undefined when none is written. */
  hostText?: string;
  container?: [number, number];
  protocol: string;
  /** Whether the host IP can be prefixed in place (short syntax, no host IP yet). */
  short: boolean;
  /** `${VAR}` sections (short syntax; long syntax's published and host_ip): hostIp, host and container hold the `.env` values (fromEnv) or the defaults, which the shell may override. */
  interpolated?: boolean;
  /** `${VAR}` sections read from the project's `.env` (these variables): what the entry publishes is theirs. */
  fromEnv?: string[];
}

function portRange(text: string): [number, number] | undefined {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text.trim());
  if (!m) {
    return undefined;
  }
  const a = Number(m[1]);
  const b = m[2] !== undefined ? Number(m[2]) : a;
  return a <= b && b <= 65535 ? [a, b] : undefined;
}

/**
 * A short-syntax section judged by what Compose reads without a `.env` override: literal text as is,
 * `${VAR:-default}` / `${VAR-default}` as its default; undefined for other interpolations (`${VAR}`, `${VAR:?err}`, `a${B}`).
 */
function sectionDefault(text: string): string | undefined {
  if (!isInterpolated(text)) {
    return text;
  }
  const value = interpolationDefault(text);
  return value !== undefined && !isInterpolated(value) ? value : undefined;
}

/** `[HOST_IP:][HOST_PORT[-END]:]CONTAINER_PORT[-END]` split into sections; IPv6 host IPs in brackets or bare. */
function portSections(rest: string): { hostIp?: string; hostText?: string; containerText: string } | undefined {
  let hostIp: string | undefined;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']:');
    if (close < 0) {
      return undefined;
    }
    hostIp = rest.slice(1, close);
    rest = rest.slice(close + 2);
  }
  const parts = splitShortSyntax(rest);
  const containerText = parts[parts.length - 1] as string;
  if (parts.length === 1) {
    return { hostIp, containerText };
  }
  if (parts.length === 2) {
    return { hostIp, hostText: parts[0], containerText };
  }
  return hostIp === undefined ? { hostIp: parts.slice(0, -2).join(':'), hostText: parts[parts.length - 2], containerText } : undefined;
}

const noEnv = new Map<string, string>();

/** For a section read from a variable's default (`${BIND_IP:-0.0.0.0}`), words saying so: `the default of BIND_IP`. */
function defaultOrigin(text: string): string | undefined {
  const read = isInterpolated(text) ? interpolateTraced(text, noEnv) : undefined;
  const note = read ? originNote(read) : '';
  return note === '' ? undefined : note.slice(1, -1);
}

/**
 * Parses `[HOST_IP:][HOST_PORT[-END]:]CONTAINER_PORT[-END][/PROTOCOL]`; undefined for unparseable text.
 * Interpolated sections are split with Compose's rules and judged by their defaults (`${PORT:-8080}`);
 * a host port without a default (`${PORT}:80`) is published but unknown (`[0, 0]`), a container port without one is left
 * undefined, and other unknowns leave the entry out.
 */
export function parseShortPort(text: string): Omit<PortEntry, 'node' | 'range' | 'short'> | undefined {
  let rest = text.trim();
  let protocol = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0 && !rest.slice(slash).includes('}')) {
    protocol = rest.slice(slash + 1).toLowerCase();
    rest = rest.slice(0, slash);
  }
  const sections = portSections(rest);
  const containerText = sections ? sectionDefault(sections.containerText) : undefined;
  const container = containerText !== undefined ? portRange(containerText) : undefined;
  // A container port from a variable without a default (`${PORT}:${PORT}`) is unknown, but the host side still binds.
  if (!sections || (!container && (containerText !== undefined || !isInterpolated(sections.containerText) || !sections.hostText))) {
    return undefined;
  }
  const out: Omit<PortEntry, 'node' | 'range' | 'short'> = { ...(container ? { container } : {}), protocol, host: [0, 0] };
  if (isInterpolated(text)) {
    out.interpolated = true;
  }
  const { hostText } = sections;
  if (hostText !== undefined && hostText !== '') {
    const value = sectionDefault(hostText);
    const host = value !== undefined ? portRange(value) : [0, 0] as [number, number];
    if (!host) {
      return undefined;
    }
    out.host = host;
    out.hostText = hostText;
  }
  if (sections.hostIp !== undefined && sections.hostIp !== '') {
    const hostIp = sectionDefault(sections.hostIp);
    if (hostIp === undefined) {
      return undefined;
    }
    out.hostIp = hostIp;
  }
  return out;
}

/**
 * parseShortPort of the entry as Compose interpolates it with the project's `.env`, where a value of it takes part:
 * Compose interpolates before it splits, so `${ES_PORT}:9200` with ES_PORT=127.0.0.1:9200 binds 127.0.0.1 alone.
 * An entry reading a variable the `.env` withholds is unknown, even its split, so it is left out rather than read by its defaults.
 */
function shortPortWithEnv(view: YamlView, text: string): Omit<PortEntry, 'node' | 'range' | 'short'> | undefined {
  const env = withProjectEnv(view, text);
  if (env) {
    const parsed = parseShortPort(env.value);
    return parsed && { ...parsed, interpolated: true, fromEnv: env.fromEnv };
  }
  return readsWithheldEnv(view, text) ? undefined : parseShortPort(text);
}

/** The service runs in the host's network namespace (`network_mode: host`), where Docker discards published ports. */
function usesHostNetwork(view: YamlView, service: ComposeService): boolean {
  const mode = view.str(mergedGet(view, service, 'network_mode'));
  return mode !== undefined && composeValue(view, mode) === 'host';
}

/** The service's `ports:` entries, short and long syntax; none under `network_mode: host`, which publishes nothing. */
export function portEntries(view: YamlView, service: ComposeService): PortEntry[] {
  const out: PortEntry[] = [];
  if (usesHostNetwork(view, service)) {
    return out;
  }
  for (const item of view.items(mergedGet(view, service, 'ports'))) {
    const range = view.lineRange(item);
    if (!range) {
      continue;
    }
    const scalar = view.scalar(item);
    if (scalar) {
      const text = view.str(scalar);
      const parsed = text !== undefined ? shortPortWithEnv(view, text) : undefined;
      if (parsed) {
        out.push({ node: item, range: view.range(item) ?? range, scalar, short: true, ...parsed });
      }
      continue;
    }
    const entry = longPort(view, item, range);
    if (entry) {
      out.push(entry);
    }
  }
  return out;
}

/** A long-syntax port field as Compose reads it (composeReading), with the text as written. */
function longPortField(view: YamlView, item: Node, key: string): (Interpolated & { written: string }) | undefined {
  const written = view.str(view.get(item, key));
  return written === undefined ? undefined : { ...composeReading(view, written), written };
}

/**
 * A long-syntax entry (`target:`, `published:`, `host_ip:`, `protocol:`), each read as Compose interpolates it
 * (composeReading), with the `.env` variables published and host_ip used (`fromEnv`); a host port read from a variable
 * is `interpolated`. A target from a variable without a value or default leaves the entry out.
 */
function longPort(view: YamlView, item: Node, range: Range): PortEntry | undefined {
  const target = knownValue(view, view.str(view.get(item, 'target')));
  const container = target !== undefined ? portRange(target) : undefined;
  if (!container) {
    return undefined;
  }
  const protocol = knownValue(view, view.text(item, 'protocol')) ?? 'tcp';
  const entry: PortEntry = { node: item, range: view.valueRange(item, 'published') ?? range, container, protocol: protocol.toLowerCase(), short: false };
  const ip = longPortField(view, item, 'host_ip');
  if (ip !== undefined && ip.value !== '') {
    entry.hostIp = ip.value;
    const origin = ip.fromEnv.length === 0 ? defaultOrigin(ip.written) : undefined;
    if (origin !== undefined) {
      entry.hostIpOrigin = origin;
    }
  }
  const port = longPortField(view, item, 'published');
  const host = port ? portRange(port.value) : undefined;
  if (host && port) {
    entry.host = host;
    // As short syntax shows it: a `.env` value as read, a default as written.
    entry.hostText = port.fromEnv.length > 0 ? port.value : port.written;
    if (isInterpolated(port.written)) {
      entry.interpolated = true;
    }
  } else if (port === undefined && view.text(item, 'mode') !== 'host') {
    entry.host = [0, 0];
  }
  const fromEnv = [...(ip?.fromEnv ?? []), ...(port?.fromEnv ?? [])];
  if (fromEnv.length > 0) {
    entry.fromEnv = [...new Set(fromEnv)];
  }
  return entry;
}

const wholeVariableRe = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?\?[^}]*)?\}|([A-Za-z_][A-Za-z0-9_]*))$/;

/**
 * The variable a short-syntax host port is read from, when it has no default (`${ES_PORT}:9200`). Compose interpolates
 * before it splits the entry, so the value may carry a host IP as well: Elastic's .env sets ES_PORT=127.0.0.1:9200.
 * Not when the entry reads it again as the container port (`${POSTGRES_PORT}:${POSTGRES_PORT}`), which holds a port alone.
 */
export function hostPortVariable(p: PortEntry): string | undefined {
  const m = p.short && p.hostIp === undefined && p.hostText !== undefined ? wholeVariableRe.exec(p.hostText.trim()) : null;
  const variable = m ? m[1] ?? m[2] : undefined;
  const text = typeof p.scalar?.value === 'string' ? p.scalar.value : '';
  const reads = variablesRead(text).filter((name) => name === variable).length;
  return reads === 1 ? variable : undefined;
}

/**
 * `every interface`, and when the host port is a variable that may hold a host IP too, what the bind depends on; with
 * the variables the project's `.env` gave the entry, when it did.
 */
export function everyInterfaceText(p: PortEntry): string {
  if (p.fromEnv && p.fromEnv.length > 0) {
    return `every interface ${fromEnvNote(p.fromEnv)}`;
  }
  const variable = hostPortVariable(p);
  const port = p.container ? String(p.container[0]) : '<port>';
  return variable === undefined
    ? 'every interface'
    : `every interface if ${variable} holds only a port (a value with a host IP, such as ${variable}=127.0.0.1:${port} in an .env file, binds that IP alone)`;
}

/** Where a host IP read from a variable's default came from (`the default of BIND_IP`), in either syntax. */
function hostIpOrigin(p: PortEntry): string | undefined {
  if (!p.short || typeof p.scalar?.value !== 'string' || !isInterpolated(p.scalar.value)) {
    return p.hostIpOrigin;
  }
  const text = p.scalar.value.trim();
  const slash = text.lastIndexOf('/');
  const hostIp = portSections(slash >= 0 && !text.slice(slash).includes('}') ? text.slice(0, slash) : text)?.hostIp;
  return hostIp !== undefined ? defaultOrigin(hostIp) : undefined;
}

/**
 * The interfaces a published port binds, for a finding's message: its host IP with where it came from (`0.0.0.0 (the
 * default of BIND_IP)`, `0.0.0.0 (BIND_IP from .env)`), `::` in words; without a host IP, everyInterfaceText.
 */
export function bindText(p: PortEntry): string {
  if (p.hostIp === undefined) {
    return everyInterfaceText(p);
  }
  // fromEnvNote's words, without their parentheses.
  const fromEnv = p.fromEnv && p.fromEnv.length > 0 ? fromEnvNote([...new Set(p.fromEnv)]).slice(1, -1) : undefined;
  const origin = fromEnv ?? hostIpOrigin(p);
  // Docker binds `::` on every interface's IPv6 addresses (and `0.0.0.0` on their IPv4 ones).
  const note = origin !== undefined ? ` (${origin})` : '';
  return p.hostIp === '::' ? `every interface over IPv6 (::${origin !== undefined ? `, ${origin}` : ''})` : `${p.hostIp}${note}`;
}


export function isLoopback(ip: string | undefined): boolean {
  return ip !== undefined && (/^127\./.test(ip) || ip === '::1' || ip === 'localhost');
}

/** Words of `command` and `entrypoint` (string or list form). */
export function commandWords(view: YamlView, service: ComposeService): string[] {
  const words: string[] = [];
  for (const key of ['entrypoint', 'command']) {
    const node = mergedGet(view, service, key);
    const texts = view.seq(node) ? view.items(node).map((i) => view.str(i)) : [view.str(node)];
    for (const t of texts) {
      if (t !== undefined) {
        words.push(...t.split(/\s+/).filter((w) => w !== ''));
      }
    }
  }
  return words;
}

/**
 * The service's `profiles`; empty when it has none (it then always starts). `""` is kept: it is a profile
 * too, the one `docker compose up` enables when COMPOSE_PROFILES is unset (its split yields `[""]`).
 */
export function profilesOf(view: YamlView, s: ComposeService): string[] {
  return view.items(mergedGet(view, s, 'profiles')).map((p) => view.str(p)).filter((p): p is string => p !== undefined);
}

/**
 * Whether two services can run together under the profiles one usually enables: a service without profiles
 * always starts; two services whose profile lists share none are alternatives (`--profile cuda` vs `--profile cpu`).
 */
export function canRunTogether(a: readonly string[], b: readonly string[]): boolean {
  return a.length === 0 || b.length === 0 || a.some((p) => b.includes(p));
}

export interface Dependency {
  /** The service depended on; undefined for a non-string list item. */
  name: string | undefined;
  /** The list item, or the map key (inside the anchor for an entry merged in with `<<`). */
  node: Node;
  /** The map form's value (`condition:`, `required:`…). */
  value?: unknown;
}

/** `depends_on` entries, list or map form; map entries merged in with `<<: *anchor` count, and `<<` itself is no service. */
export function dependencies(view: YamlView, service: ComposeService): Dependency[] {
  const deps = mergedGet(view, service, 'depends_on');
  if (view.seq(deps)) {
    return view.items(deps).map((item) => ({ name: view.str(item), node: item }));
  }
  const out: Dependency[] = [];
  for (const name of mergedKeys(view, deps)) {
    const pair = mergedPair(view, deps, name);
    if (pair) {
      out.push({ name, node: pair.key as Node, value: pair.value });
    }
  }
  return out;
}

/** `deploy.resources.reservations.devices` entries. */
export function deviceReservations(view: YamlView, service: ComposeService): Node[] {
  return view.items(mergedAt(view, service, ['deploy', 'resources', 'reservations', 'devices']));
}

function capabilities(view: YamlView, device: Node): string[] {
  return view.items(view.get(device, 'capabilities')).map((c) => view.str(c) ?? '');
}

/** An NVIDIA GPU's CDI name (`nvidia.com/gpu=all`, `nvidia.com/gpu=0`, `nvidia.com/gpu=GPU-…`); group 1 names the GPUs. */
const nvidiaCdiRe = /^nvidia\.com\/gpu=(.+)$/;

/** A device reservation's driver as Compose reads it (knownValue); undefined when none is written or it is unknown. */
export function reservationDriver(view: YamlView, device: Node): string | undefined {
  return knownValue(view, view.str(mergedGet(view, device, 'driver')));
}

/** The GPUs of a CDI reservation's device_ids (`driver: cdi`, `device_ids: [nvidia.com/gpu=all]`), as written after `=`. */
function cdiReservationGpus(view: YamlView, device: Node): string[] {
  const out: string[] = [];
  if (view.str(view.get(device, 'driver')) !== 'cdi') {
    return out;
  }
  for (const id of view.items(view.get(device, 'device_ids'))) {
    const m = nvidiaCdiRe.exec((view.str(id) ?? '').trim());
    if (m) {
      out.push(m[1] as string);
    }
  }
  return out;
}

/**
 * The GPUs a service's `devices:` entries (the node given) name by CDI (`devices: [nvidia.com/gpu=all]`: Docker 25+ with
 * CDI enabled, and Podman), as written after `=`.
 */
export function cdiGpuDevices(view: YamlView, devices: unknown): string[] {
  const out: string[] = [];
  for (const item of view.items(devices)) {
    const m = nvidiaCdiRe.exec((view.str(item) ?? view.text(item, 'source') ?? '').trim());
    if (m) {
      out.push(m[1] as string);
    }
  }
  return out;
}

/**
 * A GPU device reservation: the `gpu` capability, the `nvidia` driver (Fooocus: `driver: nvidia`, `capabilities:
 * [compute, utility]`), or the `cdi` driver naming NVIDIA GPUs (`device_ids: [nvidia.com/gpu=all]`, no capability).
 */
export function isGpuReservation(view: YamlView, device: Node): boolean {
  return capabilities(view, device).includes('gpu') || view.str(view.get(device, 'driver')) === 'nvidia' || cdiReservationGpus(view, device).length > 0;
}

/**
 * A service the GPU rules judge: a whole one, or a variant file's part of the main file's service that itself adds the
 * GPUs (a `docker-compose.gpu.yml` reservation, a `docker-compose.rocm.yml` /dev/kfd); then the merged service is judged,
 * in the variant file.
 */
export function judgedForGpu(view: YamlView, service: ComposeService): boolean {
  if (!service.fragment) {
    return true;
  }
  const own = service.node;
  const devices = view.get(own, 'devices');
  return service.completesMain === true && (view.get(own, 'gpus') !== undefined || view.str(view.get(own, 'runtime')) === 'nvidia' || view.at(own, ['deploy', 'resources', 'reservations', 'devices']) !== undefined || cdiGpuDevices(view, devices).length > 0 || mapsRocmDevices(view, devices));
}

/** The service requests GPUs the current way: a GPU device reservation, `gpus:`, or CDI device names (`devices: [nvidia.com/gpu=all]`). */
export function requestsGpus(view: YamlView, service: ComposeService): boolean {
  return deviceReservations(view, service).some((d) => isGpuReservation(view, d)) || mergedGet(view, service, 'gpus') !== undefined || cdiGpuDevices(view, mergedGet(view, service, 'devices')).length > 0;
}

/** A `devices:` entry's host path (`/dev/kfd`, `/dev/kfd:/dev/kfd:rwm`, or the long syntax's `source`). */
function deviceHostPath(view: YamlView, item: unknown): string {
  return (view.str(item)?.split(':')[0] ?? view.text(item, 'source') ?? '').trim().replace(/\/+$/, '');
}

/**
 * The `devices:` entries (the node given) map AMD's compute interface `/dev/kfd`, which only ROCm (HIP, RCCL, PyTorch's
 * ROCm build) opens: the service computes on AMD GPUs, beside the `/dev/dri` render nodes it maps with it. `/dev/dri`
 * alone is not enough: media servers map it for VA-API and Quick Sync video.
 */
export function mapsRocmDevices(view: YamlView, devices: unknown): boolean {
  return view.items(devices).some((item) => deviceHostPath(view, item) === '/dev/kfd');
}

/** The service computes on AMD GPUs through ROCm: it maps /dev/kfd (mapsRocmDevices). */
export function usesRocmGpus(view: YamlView, service: ComposeService): boolean {
  return mapsRocmDevices(view, mergedGet(view, service, 'devices'));
}

/**
 * The collective library the service's GPUs talk through: RCCL (ROCm's NCCL) for AMD GPUs, mapped through /dev/kfd or
 * reserved with the `amd` driver; NCCL otherwise.
 */
export function gpuCollectives(view: YamlView, service: ComposeService): 'NCCL' | 'RCCL' {
  return usesRocmGpus(view, service) || deviceReservations(view, service).some((d) => reservationDriver(view, d) === 'amd') ? 'RCCL' : 'NCCL';
}

/** §1.4 GPU workload in Compose: a GPU request (requestsGpus), or `runtime: nvidia`. */
export function isGpuService(view: YamlView, service: ComposeService): boolean {
  return requestsGpus(view, service) || view.str(mergedGet(view, service, 'runtime')) === 'nvidia';
}

/**
 * The GPUs a device entry's `device_ids` name: each item, and each comma-separated ID in one (`['0,1,2,3']` reaches the
 * NVIDIA runtime as NVIDIA_VISIBLE_DEVICES=0,1,2,3, four GPUs).
 */
function deviceIdCount(view: YamlView, entry: Node): number {
  let n = 0;
  for (const id of view.items(view.get(entry, 'device_ids'))) {
    const text = view.str(id) ?? '';
    n += 1;
    for (let i = text.indexOf(','); i !== -1; i = text.indexOf(',', i + 1)) {
      n += 1;
    }
  }
  return n;
}

/**
 * A count that reserves every GPU: `all` in any case, or a negative number (Compose reads `all` as -1, and Docker gives a
 * request with a count below zero every GPU).
 */
const everyGpuCountRe = /^(?:all|-\d+)$/i;

/**
 * A device entry's device_ids name `all` (`device_ids: ["all"]`, or `all` in a comma-separated list): the NVIDIA runtime
 * reads NVIDIA_VISIBLE_DEVICES=all from them and exposes every GPU. Not for the cdi driver, whose IDs are CDI names.
 */
function namesEveryDevice(view: YamlView, entry: Node): boolean {
  if (view.str(view.get(entry, 'driver')) === 'cdi') {
    return false;
  }
  return view.items(view.get(entry, 'device_ids')).some((id) => (view.str(id) ?? '').split(',').some((part) => part.trim() === 'all'));
}

/** How many GPUs a service asks for: a number, `all`, or undefined when it cannot be told. */
export function gpuCount(view: YamlView, service: ComposeService): number | 'all' | undefined {
  const entries = [...deviceReservations(view, service).filter((d) => isGpuReservation(view, d))];
  const gpus = mergedGet(view, service, 'gpus');
  if (everyGpuCountRe.test(view.str(gpus) ?? '')) {
    return 'all';
  }
  entries.push(...view.items(gpus));
  let total = 0;
  for (const e of entries) {
    const count = view.str(view.get(e, 'count'))?.trim();
    if ((count !== undefined && everyGpuCountRe.test(count)) || cdiReservationGpus(view, e).includes('all') || namesEveryDevice(view, e)) {
      return 'all';
    }
    const n = count !== undefined && /^\d+$/.test(count) ? Number(count) : deviceIdCount(view, e);
    total += n;
  }
  // CDI device names: `nvidia.com/gpu=all` is every GPU, any other one GPU.
  const cdi = cdiGpuDevices(view, mergedGet(view, service, 'devices'));
  for (const name of cdi) {
    if (name === 'all') {
      return 'all';
    }
    total += 1;
  }
  return total > 0 ? total : entries.length === 0 && gpus === undefined && cdi.length === 0 ? legacyRuntimeGpus(view, service) : undefined;
}

/**
 * The GPUs `runtime: nvidia` exposes to a service that asks Docker for none: those its NVIDIA_VISIBLE_DEVICES names
 * (`all`, or a list); undefined when the image decides (unset) or it cannot be told.
 */
function legacyRuntimeGpus(view: YamlView, service: ComposeService): number | 'all' | undefined {
  if (view.str(mergedGet(view, service, 'runtime')) !== 'nvidia') {
    return undefined;
  }
  const devices = visibleDevices(view, service);
  return devices.kind === 'all' ? 'all' : devices.kind === 'ids' ? devices.ids.length : undefined;
}

/** A ROCm device node for one GPU's render interface (`/dev/dri/renderD128`); `/dev/dri` itself maps every GPU. */
const renderNodeRe = /^\/dev\/dri\/renderD\d+$/;

/**
 * How many GPUs the service's programs can use: one when they see one (seesOneGpu: CUDA_VISIBLE_DEVICES=0), the render
 * nodes a ROCm service maps beside /dev/kfd (`/dev/dri/renderD128`: one GPU), else gpuCount.
 */
export function gpusInUse(view: YamlView, service: ComposeService): number | 'all' | undefined {
  if (seesOneGpu(view, service)) {
    return 1;
  }
  const devices = mergedGet(view, service, 'devices');
  if (!requestsGpus(view, service) && mapsRocmDevices(view, devices)) {
    const paths = view.items(devices).map((item) => deviceHostPath(view, item));
    const renderNodes = new Set(paths.filter((p) => renderNodeRe.test(p))).size;
    return renderNodes > 0 && !paths.includes('/dev/dri') ? renderNodes : undefined;
  }
  return gpuCount(view, service);
}

/** The service name a mistyped one most likely meant: the nearest, when it is a few edits away (else undefined). */
export function meantService(name: string, candidates: readonly string[]): string | undefined {
  const near = nearest(name, candidates);
  return near !== undefined && distance(name, near) <= Math.max(2, Math.floor(name.length / 3)) ? near : undefined;
}

const jetsonWord = /jetson|l4t|tegra/i;
const jetsonImage = /(?:^|\/)l4t-|^dustynv\/|deepstream-l4t|jetson/i;
const jetsonTag = /jetson|jetpack|l4t/i;

/**
 * The service targets a Jetson (L4T/JetPack), where NVIDIA's docs and jetson-containers use the nvidia runtime and
 * device reservations take a CSV-mode path not recommended there, and whose one integrated GPU has no NCCL peers: the
 * file's name (`docker-compose.l4t.yml`), the build context or Dockerfile path, or the image (`nvcr.io/nvidia/l4t-pytorch`,
 * `dustynv/…`, `deepstream-l4t`, `savant-deepstream-l4t`) says so.
 */
export function targetsJetson(view: YamlView, service: ComposeService, path: string | undefined): boolean {
  const build = mergedGet(view, service, 'build');
  const names = [path?.split('/').pop() ?? '', view.str(build) ?? view.text(build, 'context') ?? '', view.text(build, 'dockerfile') ?? ''];
  const image = serviceImage(view, service) ?? '';
  const tag = image.slice(image.lastIndexOf('/') + 1).split('@')[0]?.split(':')[1] ?? '';
  // A Jetson build of a general image says so in its tag (`ultralytics/ultralytics:latest-jetson-jetpack6`).
  return names.some((n) => jetsonWord.test(n)) || jetsonImage.test(serviceRepository(view, service)) || jetsonTag.test(tag);
}
