/** Lines with their `\n` (a last line without one has none). */
function linesOf(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** How far ahead a changed stretch is looked past for the lines to agree again (fixes change a few lines at a time). */
const window = 200;

interface Change {
  /** 0-based start in the old and new lines, and how many lines each side has. */
  oldAt: number;
  oldCount: number;
  newAt: number;
  newCount: number;
}

/**
 * The changed stretches between two line lists. Equal lines are taken as they come; at a difference the
 * nearest point where two lines in a row agree again (fewest lines skipped first) ends the change. Not
 * always the shortest diff, but a correct one, in time linear in the lines for the small, scattered
 * changes quick fixes make (a whole-file diff algorithm took minutes on a 5,000-document manifest).
 */
function changes(a: readonly string[], b: readonly string[]): Change[] {
  const out: Change[] = [];
  let i = 0;
  let j = 0;
  const agree = (x: number, y: number): boolean => a[x] === b[y] && (x + 1 >= a.length || y + 1 >= b.length || a[x + 1] === b[y + 1]);
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    let found: [number, number] | undefined;
    for (let d = 1; d <= 2 * window && !found; d++) {
      for (let x = 0; x <= d; x++) {
        const y = d - x;
        if (x <= window && y <= window && i + x <= a.length && j + y <= b.length && (i + x === a.length ? j + y === b.length : j + y < b.length && agree(i + x, j + y))) {
          found = [x, y];
          break;
        }
      }
    }
    const [x, y] = found ?? [a.length - i, b.length - j];
    out.push({ oldAt: i, oldCount: x, newAt: j, newCount: y });
    i += x;
    j += y;
  }
  return out;
}

function range(at: number, count: number): string {
  return `${count === 0 ? at : at + 1},${count}`;
}

function emit(prefix: string, line: string, out: string[]): void {
  out.push(line.endsWith('\n') ? `${prefix}${line}` : `${prefix}${line}\n\\ No newline at end of file\n`);
}

/** A unified diff (3 lines of context) from `before` to `after`, as `git apply` and `patch -p1` read it; '' when they are equal. */
export function unifiedDiff(before: string, after: string, oldName: string, newName: string, context = 3): string {
  const a = linesOf(before);
  const b = linesOf(after);
  const all = changes(a, b);
  if (all.length === 0) {
    return '';
  }
  const out = [`--- ${oldName}\n`, `+++ ${newName}\n`];
  let k = 0;
  while (k < all.length) {
    // Changes closer than twice the context share a hunk.
    let last = k;
    while (last + 1 < all.length && (all[last + 1] as Change).oldAt - ((all[last] as Change).oldAt + (all[last] as Change).oldCount) <= 2 * context) {
      last++;
    }
    const first = all[k] as Change;
    const end = all[last] as Change;
    const oldStart = Math.max(0, first.oldAt - context);
    const oldEnd = Math.min(a.length, end.oldAt + end.oldCount + context);
    const lead = first.oldAt - oldStart;
    const newStart = first.newAt - lead;
    const newEnd = end.newAt + end.newCount + (oldEnd - (end.oldAt + end.oldCount));
    out.push(`@@ -${range(oldStart, oldEnd - oldStart)} +${range(newStart, newEnd - newStart)} @@\n`);
    let at = oldStart;
    for (let c = k; c <= last; c++) {
      const ch = all[c] as Change;
      for (; at < ch.oldAt; at++) {
        emit(' ', a[at] as string, out);
      }
      for (let x = 0; x < ch.oldCount; x++) {
        emit('-', a[ch.oldAt + x] as string, out);
      }
      for (let y = 0; y < ch.newCount; y++) {
        emit('+', b[ch.newAt + y] as string, out);
      }
      at = ch.oldAt + ch.oldCount;
    }
    for (; at < oldEnd; at++) {
      emit(' ', a[at] as string, out);
    }
    k = last + 1;
  }
  return out.join('');
}
