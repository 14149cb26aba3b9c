const sizeUnits = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];

/** Sizes as `docker images` prints them: decimal units, three significant digits ("1.98MB"). */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) {
    return '?';
  }
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < sizeUnits.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${Number(value.toPrecision(3))}${sizeUnits[unit] ?? ''}`;
}

const ageSteps: [number, string][] = [
  [365 * 24 * 3600, 'year'],
  [30 * 24 * 3600, 'month'],
  [7 * 24 * 3600, 'week'],
  [24 * 3600, 'day'],
  [3600, 'hour'],
  [60, 'minute'],
];

/** "3 days ago", "just now": the age of a unix-seconds timestamp at `nowMs`. */
export function formatAge(createdSeconds: number, nowMs: number): string {
  const seconds = Math.max(0, Math.floor(nowMs / 1000 - createdSeconds));
  for (const [step, name] of ageSteps) {
    if (seconds >= step) {
      const n = Math.floor(seconds / step);
      return `${n} ${name}${n === 1 ? '' : 's'} ago`;
    }
  }
  return seconds < 10 ? 'just now' : `${seconds} seconds ago`;
}

export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}
