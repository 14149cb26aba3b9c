/**
 * Which documents read which other files (the bases their `extends` name, their override file), so that a change to
 * one of those files can lint again the documents that read it. Documents and files are plain keys (a URI, a path).
 */
export class ReadersIndex {
  private readonly filesByReader = new Map<string, ReadonlySet<string>>();
  private readonly readersByFile = new Map<string, Set<string>>();

  /**
   * Records the files `reader` reads now, in place of those it read before. Gives the files no document read before
   * (to start watching) and those no document reads any more (to stop watching).
   */
  set(reader: string, files: Iterable<string>): { added: string[]; removed: string[] } {
    const now = new Set(files);
    const before = this.filesByReader.get(reader) ?? new Set<string>();
    const added: string[] = [];
    const removed: string[] = [];
    for (const file of now) {
      if (before.has(file)) {
        continue;
      }
      const readers = this.readersByFile.get(file) ?? new Set<string>();
      if (readers.size === 0) {
        added.push(file);
      }
      this.readersByFile.set(file, readers.add(reader));
    }
    for (const file of before) {
      const readers = this.readersByFile.get(file);
      if (now.has(file) || !readers) {
        continue;
      }
      readers.delete(reader);
      if (readers.size === 0) {
        this.readersByFile.delete(file);
        removed.push(file);
      }
    }
    if (now.size > 0) {
      this.filesByReader.set(reader, now);
    } else {
      this.filesByReader.delete(reader);
    }
    return { added, removed };
  }

  /** Forgets a document (closed, or no longer a Compose file); gives the files no document reads any more. */
  forget(reader: string): string[] {
    return this.set(reader, []).removed;
  }

  /** The documents that read `file`. */
  readersOf(file: string): string[] {
    return [...(this.readersByFile.get(file) ?? [])];
  }
}
