import { Scalar, type Schema } from 'yaml';
import { flowScalar, setRange } from './fast-nodes';
import { unsupported, type FlowScalarToken } from './fast-parse-tokens';

interface ScalarTag {
  default?: boolean | 'key';
  test?: RegExp;
  format?: string;
  collection?: string;
  resolve(value: string, onError: (message: string) => void, options: unknown): unknown;
}

/** The package's key for the string tag a schema falls back to (nodes/identity.js). */
const SCALAR = Symbol.for('yaml.scalar');

/** The core schema's tests (yaml 2.x); while a schema has only these, a value `mayBeTyped` refuses is a string. */
const knownTests = new Set([
  '^(?:~|[Nn]ull|NULL)?$',
  '^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$',
  '^0o[0-7]+$',
  '^[-+]?[0-9]+$',
  '^0x[0-9a-fA-F]+$',
  '^(?:[-+]?\\.(?:inf|Inf|INF)|\\.nan|\\.NaN|\\.NAN)$',
  '^[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)[eE][-+]?[0-9]+$',
  '^[-+]?(?:\\.[0-9]+|[0-9]+\\.[0-9]*)$',
]);
/**
 * Whether any of those tests may match a plain value: it starts a number (`0-9` or `.`, or a sign `+-`
 * before one of those: arguments like `--port` are strings at a glance), or it has the first letter and
 * the length of one of the words `~`, `null` and `true` (four letters, in any case the tests take) and
 * `false` (five): keys like `name` or `template`, values like `nginx`, are strings at a glance.
 */
function mayBeTyped(value: string): boolean {
  const c = value.charCodeAt(0);
  if ((c >= 48 && c <= 57) || c === 46) {
    return true;
  }
  if (c === 43 || c === 45) {
    const next = value.charCodeAt(1);
    return (next >= 48 && next <= 57) || next === 46;
  }
  const n = value.length;
  return (c === 126 && n === 1) || (n === 4 && (c === 110 || c === 78 || c === 116 || c === 84)) || (n === 5 && (c === 102 || c === 70));
}

/** The tests of the core schema's null and bool tags: each passes a handful of words only. */
const wordTests = new Set(['^(?:~|[Nn]ull|NULL)?$', '^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$']);

/** The test of the core schema's integer tag, the only known test an all-digit value passes. */
const intTest = '^[-+]?[0-9]+$';

/**
 * What the known tests make of a value starting with a digit, by its characters alone: 'int' when all
 * are digits (only the integer test passes), 'string' when one is outside what any of them accepts
 * (`0-9`, `a-f`, `A-F`, `o`, `x`, `.`, `+`, `-`: quantities like `500m` or `2Gi`), else undefined.
 */
function digitLedKind(value: string): 'int' | 'string' | undefined {
  let digits = true;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      continue;
    }
    digits = false;
    const hexLetter = (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
    if (!hexLetter && c !== 111 && c !== 120 && c !== 46 && c !== 43 && c !== 45) {
      return 'string';
    }
  }
  return digits ? 'int' : undefined;
}

/** The tags last checked (every document has its own schema, usually with the same tag objects). */
let checkedTags: readonly ScalarTag[] = [];
let checkedPrefilter = false;

function prefilterApplies(tags: readonly ScalarTag[]): boolean {
  if (tags.length === checkedTags.length && tags.every((t, i) => t === checkedTags[i])) {
    return checkedPrefilter;
  }
  const tested = tags.filter((t) => t.default === true && t.test);
  checkedPrefilter = tags.every((t) => t.default !== 'key') && tested.every((t) => knownTests.has((t.test as RegExp).source) && (t.test as RegExp).flags === '');
  checkedTags = tags.slice();
  return checkedPrefilter;
}

/** Resolves plain and quoted scalar tokens to `Scalar` nodes the way compose-scalar.js does, for one schema. */
export class ScalarResolver {
  private readonly tags: ScalarTag[];
  private readonly stringTag: ScalarTag;
  /** The string tag's format, read once: tags are objects of many shapes, and most scalars are strings. */
  private readonly stringFormat: string | undefined;
  private readonly prefilter: boolean;
  /** With the prefilter: the tag an all-digit value resolves to (the first default tag with the integer test). */
  private readonly intTag: ScalarTag | undefined;
  /**
   * The default tags with a test, in order, and their tests: read from these arrays, not from the tags
   * (objects of many shapes, each read a lookup of its own), while the schema has the same tags.
   */
  private readonly tested: ScalarTag[];
  private readonly tests: RegExp[];
  private readonly tagCount: number;
  /** With the prefilter: the tags with a `wordTests` test. */
  private readonly wordTags: Set<ScalarTag>;
  /**
   * What those tags resolve each word to, when that is a plain Scalar holding nothing but its value:
   * the package's Scalar constructor defines a property (slow in V8), and a fast scalar can hold the value.
   */
  private readonly wordValues = new Map<string, { tag: ScalarTag; value: unknown }>();

  constructor(
    schema: Schema,
    private readonly options: unknown,
  ) {
    if ((schema as { compat?: unknown }).compat) {
      unsupported('a schema with compatibility tags');
    }
    this.tags = schema.tags as unknown as ScalarTag[];
    this.stringTag = (schema as unknown as Record<symbol, ScalarTag>)[SCALAR] as ScalarTag;
    this.stringFormat = this.stringTag.format;
    this.prefilter = prefilterApplies(this.tags);
    this.intTag = this.tags.find((t) => t.default === true && t.test?.source === intTest);
    this.tagCount = this.tags.length;
    this.tested = this.tags.filter((t) => t.default === true && t.test != null);
    this.tests = this.tested.map((t) => t.test as RegExp);
    this.wordTags = new Set(this.prefilter ? this.tested.filter((t) => wordTests.has((t.test as RegExp).source)) : []);
  }

  compose(token: FlowScalarToken, start: number, valueEnd: number, end: number): Scalar {
    return this.composeSource(token.type, token.source, start, valueEnd, end);
  }

  /** `compose` without a token object. */
  composeSource(tokenType: FlowScalarToken['type'], source: string, start: number, valueEnd: number, end: number): Scalar {
    let value: string;
    let type: Scalar.Type;
    let tag = this.stringTag;
    switch (tokenType) {
      case 'scalar':
        value = source;
        type = Scalar.PLAIN;
        tag = this.tagOf(value);
        break;
      case 'single-quoted-scalar':
        value = source.slice(1, -1).replace(/''/g, "'");
        type = Scalar.QUOTE_SINGLE;
        break;
      default:
        value = doubleQuotedValue(source);
        type = Scalar.QUOTE_DOUBLE;
    }
    const isString = tag === this.stringTag;
    const res = isString ? this.resolveString(value) : this.wordTags.has(tag) ? this.resolveWord(tag, value) : tag.resolve(value, refuseUnresolved, this.options);
    let scalar: Scalar;
    if (res instanceof Scalar) {
      scalar = res;
      setRange(scalar, start, valueEnd, end);
      scalar.source = value;
      scalar.type = type;
    } else {
      scalar = flowScalar(res, start, valueEnd, end, value, type);
    }
    const format = isString ? this.stringFormat : tag.format;
    if (format) {
      scalar.format = format;
    }
    return scalar;
  }

  /** The string tag's `resolve`, called from a place that sees only that tag. */
  private resolveString(value: string): unknown {
    return this.stringTag.resolve(value, refuseUnresolved, this.options);
  }

  /** `tag.resolve(word)`, or the value of the bare Scalar it gives (see `wordValues`). */
  private resolveWord(tag: ScalarTag, word: string): unknown {
    const known = this.wordValues.get(word);
    if (known?.tag === tag) {
      return known.value;
    }
    const res = tag.resolve(word, refuseUnresolved, this.options);
    if (res instanceof Scalar && Object.getPrototypeOf(res) === Scalar.prototype && Object.keys(res).length === 1) {
      this.wordValues.set(word, { tag, value: res.value });
      return res.value;
    }
    return res;
  }

  private tagOf(value: string): ScalarTag {
    if (this.prefilter && value !== '') {
      if (!mayBeTyped(value)) {
        return this.stringTag;
      }
      const c = value.charCodeAt(0);
      const kind = c >= 48 && c <= 57 ? digitLedKind(value) : undefined;
      if (kind === 'string') {
        return this.stringTag;
      }
      if (kind === 'int' && this.intTag) {
        return this.intTag;
      }
    }
    if (this.tags.length === this.tagCount) {
      const tests = this.tests;
      for (let i = 0; i < tests.length; i++) {
        if ((tests[i] as RegExp).test(value)) {
          return this.tested[i] as ScalarTag;
        }
      }
      return this.stringTag;
    }
    for (const t of this.tags) {
      if (t.default === true && t.test?.test(value)) {
        return t;
      }
    }
    return this.stringTag;
  }
}

function refuseUnresolved(message: string): never {
  return unsupported(`a scalar the schema cannot resolve: ${message}`);
}

const escapeCodes: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
};

/** The value of a one-line double-quoted scalar (resolve-flow-scalar.js), refusing invalid escapes. */
function doubleQuotedValue(source: string): string {
  if (!source.includes('\\')) {
    return source.slice(1, -1);
  }
  let res = '';
  for (let i = 1; i < source.length - 1; ++i) {
    const ch = source[i] as string;
    if (ch !== '\\') {
      res += ch;
      continue;
    }
    const next = source[++i] as string;
    const code = escapeCodes[next];
    if (code !== undefined) {
      res += code;
    } else if (next === 'x' || next === 'u' || next === 'U') {
      const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
      const hex = source.substr(i + 1, length);
      const cp = hex.length === length && /^[0-9a-fA-F]+$/.test(hex) ? parseInt(hex, 16) : NaN;
      if (!(cp <= 0x10ffff)) {
        unsupported('an invalid escape in a double-quoted scalar');
      }
      res += String.fromCodePoint(cp);
      i += length;
    } else {
      unsupported('an invalid escape in a double-quoted scalar');
    }
  }
  return res;
}
