/** A `namePrefix` and `nameSuffix` some levels of a build gave an object's name: the outer level's prefix goes first, its suffix last. */
export interface NameAffixes {
  prefix: string;
  suffix: string;
}

/** A kustomization on one way down that renames (`namePrefix`, `nameSuffix`) or patches, and those above it on that way. */
export interface Level extends NameAffixes {
  /** Equal ids: the same levels in the same order. */
  id: number;
  dir: string;
  /** It has patches or replacements of its own (their names are wanted). */
  patches: boolean;
  outer?: Level;
}

/** What the levels of one way do to the names of the objects listed at its innermost level. */
export interface LevelNames {
  /** Every name they get on the way up, besides their own (kustomize remembers the earlier ones too). */
  names: readonly NameAffixes[];
  /** Per kustomization on the way: the names they have had when its patches run (before its own prefix and suffix). */
  beforeDir: ReadonlyMap<string, readonly NameAffixes[]>;
  /** … and when its replacements and JSON 6902 patches run (after them). */
  afterDir: ReadonlyMap<string, readonly NameAffixes[]>;
}

/** Most names kept per way: a deep tree of prefixed overlays stays bounded. */
const maxNames = 32;

export function isAffixed(affixes: NameAffixes): boolean {
  return affixes.prefix !== '' || affixes.suffix !== '';
}

export function affixesKey(affixes: NameAffixes): string {
  return `${affixes.prefix}\0${affixes.suffix}`;
}

/** Interns the levels of the ways a walk takes: a level is shared by the ways below it, and equal ways have equal ids. */
export class Levels {
  private readonly interned = new Map<string, Level>();

  /** The levels of a way that reaches `dir` (with its own affixes) below `outer`. */
  below(outer: Level | undefined, dir: string, affixes: NameAffixes, patches: boolean): Level {
    const key = `${outer?.id ?? -1}\0${dir}`;
    let level = this.interned.get(key);
    if (!level) {
      level = { id: this.interned.size, dir, prefix: affixes.prefix, suffix: affixes.suffix, patches, ...(outer ? { outer } : {}) };
      this.interned.set(key, level);
    }
    return level;
  }

  /** Folds the levels from the innermost up, as kustomize renames: each level's affixes go around the name so far. */
  names(level: Level | undefined): LevelNames {
    const names: NameAffixes[] = [];
    const seen = new Set<string>();
    const beforeDir = new Map<string, readonly NameAffixes[]>();
    const afterDir = new Map<string, readonly NameAffixes[]>();
    // A snapshot of `names` is taken again only after it grows.
    let snapshot: readonly NameAffixes[] = [];
    let current: NameAffixes = { prefix: '', suffix: '' };
    for (let l = level; l; l = l.outer) {
      if (l.patches && !beforeDir.has(l.dir)) {
        beforeDir.set(l.dir, snapshot);
      }
      if (isAffixed(l)) {
        current = { prefix: `${l.prefix}${current.prefix}`, suffix: `${current.suffix}${l.suffix}` };
        const key = affixesKey(current);
        if (names.length < maxNames && !seen.has(key)) {
          seen.add(key);
          names.push(current);
          snapshot = [...names];
        }
      }
      if (l.patches && !afterDir.has(l.dir)) {
        afterDir.set(l.dir, snapshot);
      }
    }
    return { names: snapshot, beforeDir, afterDir };
  }
}
