import type { KubeObject } from './model';

/** Seconds per unit of a Go duration (time.ParseDuration). */
const unitSeconds: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, μs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

const goDurationPart = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/** A Go duration (`90s`, `1h30m`, `1.5h`, `0`) in seconds; undefined for text time.ParseDuration refuses. */
export function goDurationSeconds(text: string): number | undefined {
  const sign = text.startsWith('-') ? -1 : 1;
  const body = /^[-+]/.test(text) ? text.slice(1) : text;
  if (body === '0') {
    return 0;
  }
  let seconds = 0;
  goDurationPart.lastIndex = 0;
  while (goDurationPart.lastIndex < body.length) {
    const at = goDurationPart.lastIndex;
    const part = goDurationPart.exec(body);
    if (!part || part.index !== at) {
      return undefined;
    }
    seconds += Number(part[1]) * (unitSeconds[part[2] as string] as number);
  }
  return body === '' ? undefined : sign * seconds;
}

/** The AppWrapper controller's default FailureGracePeriod (project-codeflare/appwrapper's pkg/config). */
const defaultFailureGraceSeconds = 60;

/**
 * How long the AppWrapper gives a workload with a failed pod before it resets it: its
 * `workload.codeflare.dev.appwrapper/failureGracePeriodDuration` annotation, else (unset or malformed, as the
 * controller reads it) the default minute.
 */
export function failureGraceSeconds(appWrapper: KubeObject): number {
  const view = appWrapper.view;
  const text = view.text(view.at(appWrapper.root, ['metadata', 'annotations']), 'workload.codeflare.dev.appwrapper/failureGracePeriodDuration');
  const seconds = text === undefined ? undefined : goDurationSeconds(text);
  return seconds === undefined ? defaultFailureGraceSeconds : Math.max(0, seconds);
}

/**
 * Whether the AppWrapper resets its component at the controller's default pace or sooner once a pod fails: the
 * component's own retries then get a minute at most before the whole workload is reset.
 */
export function resetsPromptly(appWrapper: KubeObject): boolean {
  return failureGraceSeconds(appWrapper) <= defaultFailureGraceSeconds;
}
