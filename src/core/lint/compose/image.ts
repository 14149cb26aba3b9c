import type { YamlView } from '../yaml/access';
import { imageRepository } from '../kubernetes/gpu';
import type { ComposeService } from './model';
import { mergedGet, projectEnv } from './model';
import type { DotEnv, Interpolated } from './interpolate';
import { interpolateTraced, interpolateWithEnv, variablesRead } from './interpolate';

const defaultOpenRe = /^\$\{[A-Za-z_][A-Za-z0-9_]*:?-/;

/**
 * What text written as one whole `${NAME:-default}` / `${NAME-default}` gives without a `.env` override: its default,
 * nested whole defaults resolved too (`${A:-${B:-x}}` gives `x`); undefined for other text or an empty default.
 */
export function interpolationDefault(text: string): string | undefined {
  let value = text.trim();
  let found = false;
  for (let depth = 0; depth < 8; depth++) {
    const open = defaultOpenRe.exec(value);
    if (!open) {
      break;
    }
    // The `${` must close at the very end (not `${A:-x}${B:-y}`).
    let braces = 0;
    let close = -1;
    for (let i = 1; i < value.length; i++) {
      braces += value[i] === '{' ? 1 : value[i] === '}' ? -1 : 0;
      if (braces === 0) {
        close = i;
        break;
      }
    }
    if (close !== value.length - 1) {
      break;
    }
    value = value.slice(open[0].length, -1).trim();
    found = true;
  }
  return found && value !== '' ? value : undefined;
}

/** Text of the document `view` shows as Compose interpolates it with the project's `.env`, where a value of it takes part. */
export function withProjectEnv(view: YamlView, text: string): Interpolated | undefined {
  return interpolateWithEnv(text, projectEnv(view));
}

/** The text reads a variable the `.env` sets to a value the linter does not know or may not show (a secret's). */
function readsWithheld(text: string, env: DotEnv | undefined): boolean {
  return env !== undefined && variablesRead(text).some((name) => env.has(name) && env.get(name) === undefined);
}

/** readsWithheld with the project's `.env` of the document `view` shows. */
export function readsWithheldEnv(view: YamlView, text: string): boolean {
  return text.includes('$') && readsWithheld(text, projectEnv(view));
}

const noEnv: DotEnv = new Map();

/**
 * A value as Compose reads it, with the `.env` variables it used and the sections that gave it (interpolateTraced): each
 * `${VAR}` interpolated with the project's `.env`, a variable it does not set by its default
 * (`postgres:${POSTGRES_VERSION:-latest}` reads `postgres:latest`). Text with a variable that has neither, or one the
 * `.env` sets to an unknown value, stays as written (unknown), as does text that reads as nothing but was not written so.
 */
export function composeReading(view: YamlView, text: string): Interpolated {
  if (!text.includes('$')) {
    return { value: text, fromEnv: [] };
  }
  const read = interpolateTraced(text, projectEnv(view) ?? noEnv);
  return read && (read.value !== '' || read.fromEnv.length > 0) ? read : { value: text, fromEnv: [] };
}

/** composeReading's value. */
export function composeValue(view: YamlView, text: string): string {
  return composeReading(view, text).value;
}

/** The service's image as Compose runs it (composeValue): `${VLLM_IMAGE:-vllm/vllm-openai:v0.8.0}` gives its default without a `.env` value. */
export function serviceImage(view: YamlView, service: ComposeService): string | undefined {
  const image = view.str(mergedGet(view, service, 'image'));
  return image === undefined ? undefined : composeValue(view, image);
}

const innermostInterpolationRe = /\$\{[^${}]*\}/g;

/**
 * The repository of the service's image (serviceImage), without registry host, tag or digest; '' without an image. `${…}`
 * sections left are masked first, so an interpolated tag (`immich-machine-learning:${IMMICH_VERSION:-release}-cuda`) is no part of it.
 */
export function serviceRepository(view: YamlView, service: ComposeService): string {
  let image = serviceImage(view, service);
  if (image === undefined) {
    return '';
  }
  for (let depth = 0; depth < 8 && image.includes('${'); depth++) {
    image = image.replace(innermostInterpolationRe, '_');
  }
  return imageRepository(image);
}

const sectionDefaultRe = /^\$\{[A-Za-z_][A-Za-z0-9_]*:?-(.*)\}$/s;

/**
 * The repository as Compose reads the image (serviceImage), each `${…}` section left as its default
 * (`${REGISTRY:-opea}/chatqna` gives `opea/chatqna`; a section without one stays masked). What the file shows the image
 * to be by default, to tell a known other server by; serviceRepository, not this, names the program for an exemption.
 */
export function defaultRepository(view: YamlView, service: ComposeService): string {
  let image = serviceImage(view, service);
  if (image === undefined) {
    return '';
  }
  for (let depth = 0; depth < 8 && image.includes('${'); depth++) {
    image = image.replace(innermostInterpolationRe, (section) => sectionDefaultRe.exec(section)?.[1] || '_');
  }
  return imageRepository(image);
}
