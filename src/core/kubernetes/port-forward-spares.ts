/**
 * Tunnels opened ahead of need, each tied to the pod it reaches, so an accepted local connection
 * starts on one at once. Holds no I/O: the forward opens and closes what this hands back.
 */
export class SpareTunnels<T> {
  private spares: { pod: string; item: T; since: number }[] = [];
  private opening = new Map<string, number>();

  constructor(readonly size: number) {}

  /** How many more to open for `pod`, counting those already waiting or on their way. */
  wanted(pod: string): number {
    const waiting = this.spares.filter((s) => s.pod === pod).length;
    return Math.max(0, this.size - waiting - (this.opening.get(pod) ?? 0));
  }

  openStarted(pod: string): void {
    this.opening.set(pod, (this.opening.get(pod) ?? 0) + 1);
  }

  openEnded(pod: string): void {
    const n = (this.opening.get(pod) ?? 0) - 1;
    if (n > 0) {
      this.opening.set(pod, n);
    } else {
      this.opening.delete(pod);
    }
  }

  add(pod: string, item: T, now: number): void {
    this.spares.push({ pod, item, since: now });
  }

  /**
   * The longest-waiting spare to `pod`: the first connection the pod's server accepted, which a
   * server serving one client at a time (a debugger) answers while later ones wait in its backlog.
   */
  take(pod: string): T | undefined {
    const i = this.spares.findIndex((s) => s.pod === pod);
    return i >= 0 ? this.spares.splice(i, 1)[0]?.item : undefined;
  }

  /** Forgets a spare that closed while waiting; false when it was already taken or dropped. */
  remove(item: T): boolean {
    const i = this.spares.findIndex((s) => s.item === item);
    if (i >= 0) {
      this.spares.splice(i, 1);
    }
    return i >= 0;
  }

  /** Removes and returns the spares that reach any pod but `pod`: the target moved on. */
  dropAllBut(pod: string | undefined): T[] {
    return this.drop((s) => s.pod !== pod);
  }

  /** Removes and returns the spares that waited longer than `idleMs`. */
  dropIdle(now: number, idleMs: number): T[] {
    return this.drop((s) => now - s.since > idleMs);
  }

  get count(): number {
    return this.spares.length;
  }

  private drop(which: (s: { pod: string; since: number }) => boolean): T[] {
    const out = this.spares.filter(which);
    this.spares = this.spares.filter((s) => !which(s));
    return out.map((s) => s.item);
  }
}
