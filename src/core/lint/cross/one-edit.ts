/** `value` without its character at `i`. */
function deletion(value: string, i: number): string {
  return value.slice(0, i) + value.slice(i + 1);
}

/** One value filed under one of its deletions: the deleted character's position. */
interface Filed<T> {
  value: string;
  item: T;
  at: number;
}

/**
 * Values (each with an item) one edit away from a query, without comparing the query against every
 * value: each value is filed under its one-character deletions, so a value one edit from the query
 * is the query less one character (a lookup), the query plus one (filed under the query), or the
 * query with one character replaced (filed under the same deletion, at the same position).
 */
export class OneEditIndex<T> {
  /** A deletion → the values filed under it (one entry, the common case, or several). */
  private readonly byDeletion = new Map<string, Filed<T> | Filed<T>[]>();

  /** `values`: distinct values and their items. */
  constructor(private readonly values: ReadonlyMap<string, T>) {
    values.forEach((item, value) => {
      for (let at = 0; at < value.length; at++) {
        const key = deletion(value, at);
        const filed = { value, item, at };
        const list = this.byDeletion.get(key);
        if (list === undefined) {
          this.byDeletion.set(key, filed);
        } else if (Array.isArray(list)) {
          list.push(filed);
        } else {
          this.byDeletion.set(key, [list, filed]);
        }
      }
    });
  }

  /** Calls `visit` for the indexed values exactly one edit from `query` (never `query` itself); a value may come more than once. */
  visitNear(query: string, visit: (item: T, value: string) => void): void {
    const indexed = this.values.has(query);
    this.visitFiled(query, -1, indexed, query, visit);
    for (let at = 0; at < query.length; at++) {
      const key = deletion(query, at);
      const shorter = this.values.get(key);
      if (shorter !== undefined || this.values.has(key)) {
        visit(shorter as T, key);
      }
      this.visitFiled(key, at, indexed, query, visit);
    }
  }

  /** The values filed under `key`: all of them (`at` -1: the query plus one character), else those deleted at `at` (a replacement). */
  private visitFiled(key: string, at: number, indexed: boolean, query: string, visit: (item: T, value: string) => void): void {
    const list = this.byDeletion.get(key);
    if (list === undefined) {
      return;
    }
    if (!Array.isArray(list)) {
      this.visitIf(list, at, indexed, query, visit);
      return;
    }
    for (const filed of list) {
      this.visitIf(filed, at, indexed, query, visit);
    }
  }

  private visitIf(filed: Filed<T>, at: number, indexed: boolean, query: string, visit: (item: T, value: string) => void): void {
    if (at === -1 || (filed.at === at && !(indexed && filed.value === query))) {
      visit(filed.item, filed.value);
    }
  }
}
