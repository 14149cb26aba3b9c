import { memoOn, memoSlot } from './memo';
import type { Instruction, Word } from './model';

/** One `key=value` (or legacy `key value`) pair of ENV, ARG or LABEL. */
export interface KeyValue {
  key: string;
  value?: string;
  keyWord: Word;
  /** The whole `key=value` word (or the key word in legacy form). */
  word: Word;
  legacy: boolean;
}

const keyValuesSlot = memoSlot();

/** Pairs of ENV/LABEL/ARG; the legacy `ENV key value` form yields one pair (cached per instruction). */
export function keyValues(instr: Instruction): KeyValue[] {
  return memoOn(instr, keyValuesSlot, computeKeyValues);
}

function computeKeyValues(instr: Instruction): KeyValue[] {
  const words = instr.words;
  const first = words[0];
  if (!first) {
    return [];
  }
  if (instr.keyword !== 'ARG' && !first.raw.includes('=')) {
    // Legacy form: the rest of the line is the value.
    const rest = words.slice(1);
    const value = rest.length > 0 ? instr.args.text.slice((rest[0] as Word).start, (rest[rest.length - 1] as Word).end) : undefined;
    const kv: KeyValue = { key: first.value, keyWord: first, word: first, legacy: true };
    if (value !== undefined) {
      kv.value = rest.map((w) => w.value).join(' ');
    }
    return [kv];
  }
  return words.map((w) => {
    const eq = w.value.indexOf('=');
    const key = eq < 0 ? w.value : w.value.slice(0, eq);
    const rawEq = w.raw.indexOf('=');
    const keyWord: Word = {
      raw: rawEq < 0 ? w.raw : w.raw.slice(0, rawEq),
      value: key,
      start: w.start,
      end: rawEq < 0 ? w.end : w.start + rawEq,
      range: instr.args.range(w.start, rawEq < 0 ? w.end : w.start + Math.max(1, rawEq)),
    };
    const kv: KeyValue = { key, keyWord, word: w, legacy: false };
    if (eq >= 0) {
      kv.value = w.value.slice(eq + 1);
    }
    return kv;
  });
}
