import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { isScalar, parseAllDocuments } from 'yaml';
import { directParse, fastParseOptions, generalParse, tryFastParse, type FastParseResult } from '../../../../src/core/lint/yaml/fast-parse';
import { keyIdentity } from '../../../../src/core/lint/yaml/fast-parse-keys';
import { LineIndex, parseYaml } from '../../../../src/core/lint/yaml/parse';
import { mutated } from '../property/support/mutate';
import { checkProperty, expensivePropertyRuns, timeoutFor } from '../property/support/runs';
import { seededRandom } from '../../support/seeded-random';

const repoRoot = path.resolve(__dirname, '../../../..');

/** The fields a fast-path node keeps its range in; they stand for the package's own `range` property. */
const rangeFields = new Set(['rangeStart', 'rangeValueEnd', 'rangeEnd']);

/** A value's own enumerable keys, a fast node's three range fields counted as the `range` they stand for. */
function comparableKeys(value: object): string[] {
  const keys = Object.keys(value);
  if (!keys.includes('rangeEnd') || keys.includes('range')) {
    return keys.sort();
  }
  return [...keys.filter((k) => !rangeFields.has(k)), 'range'].sort();
}

/**
 * The first structural difference between two values, '' when there is none: same classes, same own
 * enumerable keys (a fast node's range fields read as its `range`), equal primitives, recursively. On
 * `yaml` documents that covers node classes, ranges, values, scalar types and sources, flow flags,
 * comments, blank-line flags, document ranges, directives (docStart/docEnd), errors and warnings.
 */
function difference(a: unknown, b: unknown, at = '$', seen = new Set<unknown>()): string {
  if (Object.is(a, b)) {
    return '';
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return `${at}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`;
  }
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) {
    return `${at}: a ${a.constructor.name} ≠ a ${b.constructor.name}`;
  }
  if (seen.has(a)) {
    return '';
  }
  seen.add(a);
  const keysA = comparableKeys(a);
  const keysB = comparableKeys(b);
  if (keysA.join() !== keysB.join()) {
    return `${at}: keys [${keysA.join()}] ≠ [${keysB.join()}]`;
  }
  for (const key of keysA) {
    const d = difference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${at}.${key}`, seen);
    if (d) {
      return d;
    }
  }
  return '';
}

/**
 * Asserts that each of the fast path's builders (direct, general, and the two chained as parseYaml
 * uses them) either declines `text` or builds exactly what the package builds; says whether the
 * chained fast path took it.
 */
function agreesOrDeclines(text: string): 'fast' | 'declined' {
  let expected: unknown;
  const check = (name: string, result: FastParseResult): boolean => {
    if ('declined' in result) {
      assert.ok(!result.declined.startsWith('internal error'), `${name} fast path faulted on ${JSON.stringify(text.slice(0, 300))}: ${result.declined}`);
      return false;
    }
    expected ??= parseAllDocuments(text, { ...fastParseOptions });
    const d = difference(result.documents, expected);
    assert.equal(d, '', `${name} fast path differs from parseAllDocuments on ${JSON.stringify(text.slice(0, 600))}: ${d}`);
    return true;
  };
  check('direct', directParse(text));
  check('general', generalParse(text));
  return check('chained', tryFastParse(text)) ? 'fast' : 'declined';
}

/**
 * Asserts that parseYaml reports as DUPLICATE_KEY exactly the keys the package's own uniqueKeys
 * check finds when it compares keys by parseYaml's key identity.
 */
function assertSameDuplicateKeys(text: string): void {
  const sameKey = (a: unknown, b: unknown): boolean => isScalar(a) && isScalar(b) && keyIdentity(a) !== undefined && keyIdentity(a) === keyIdentity(b);
  const docs = parseAllDocuments(text, { ...fastParseOptions, uniqueKeys: sameKey });
  const file = parseYaml(text);
  assert.ok(Array.isArray(docs), 'no documents');
  assert.equal(file.documents.length, docs.length);
  const index = new LineIndex(text);
  docs.forEach((doc, i) => {
    const expected = doc.errors.filter((e) => e.code === 'DUPLICATE_KEY').map((e) => index.linePos(e.pos[0])).map((p) => `${p.line}:${p.col}`);
    const actual = (file.documents[i]?.issues ?? []).filter((x) => x.code === 'DUPLICATE_KEY').map((x) => `${x.range.start.line}:${x.range.start.column}`);
    assert.deepEqual(actual.sort(), expected.sort(), `duplicate keys of document ${i} of ${JSON.stringify(text.slice(0, 600))}`);
  });
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(name) ? [p] : [];
  });
}

interface Corpus {
  rng(seed: number): () => number;
  manifest(r: () => number, minLines: number, first?: number): { text: string };
  compose(r: () => number, n: number): string;
}

describe('fast YAML path: the same documents as parseAllDocuments', function () {
  this.timeout(120_000);

  it('(the comparison notices a changed range, comment, scalar type, flow flag or document flag)', () => {
    const text = 'a: 1 # c\nb: [x]\n';
    const fresh = () => parseAllDocuments(text, { ...fastParseOptions }) as unknown as { contents: { items: { value: { range: number[]; comment?: string; type?: string; flow?: boolean } }[] }; directives: { docStart: boolean | null } }[];
    assert.equal(difference(fresh(), fresh()), '');
    const edits: ((docs: ReturnType<typeof fresh>) => void)[] = [
      (d) => { (d[0]?.contents.items[0]?.value.range as number[])[2] = 5; },
      (d) => { (d[0]?.contents.items[0]?.value as { comment?: string }).comment = ' other'; },
      (d) => { (d[0]?.contents.items[0]?.value as { type?: string }).type = 'QUOTE_DOUBLE'; },
      (d) => { (d[0]?.contents.items[1]?.value as { flow?: boolean }).flow = false; },
      (d) => { (d[0] as { directives: { docStart: boolean | null } }).directives.docStart = true; },
    ];
    for (const edit of edits) {
      const changed = fresh();
      edit(changed);
      assert.notEqual(difference(changed, fresh()), '', edit.toString());
    }
    // A fast node's range lives in fields: a changed field is a changed range.
    const fast = directParse(text);
    assert.ok(!('declined' in fast), 'the direct path builds this text');
    assert.equal(difference(fast.documents, fresh()), '');
    const value = (fast.documents[0] as unknown as ReturnType<typeof fresh>[number]).contents.items[0]?.value as unknown as { rangeEnd: number };
    value.rangeEnd = 5;
    assert.match(difference(fast.documents, fresh()), /\.range\.2: 5 ≠ 9/);
  });

  it('on every YAML file under test/fixtures/lint and examples/, most of them without the package', () => {
    const files = [...yamlFiles(path.join(repoRoot, 'test/fixtures/lint')), ...yamlFiles(path.join(repoRoot, 'examples'))];
    assert.ok(files.length > 100, `only ${files.length} fixture files found`);
    const fast = files.filter((f) => agreesOrDeclines(readFileSync(f, 'utf8')) === 'fast');
    assert.ok(fast.length >= files.length * 0.8, `only ${fast.length} of ${files.length} fixture files took the fast path`);
  });

  it('on the lint benchmark corpus (three seeds, small), every file without the package', async () => {
    const corpus = (await import(path.join(repoRoot, 'scripts/bench/lint-corpus.mjs'))) as Corpus;
    for (const seed of [1, 2, 3]) {
      const r = corpus.rng(seed);
      for (let i = 0; i < 4; i++) {
        assert.equal(agreesOrDeclines(corpus.manifest(r, 150, i * 10).text), 'fast', `manifest ${i} of seed ${seed} was declined`);
        assert.equal(agreesOrDeclines(corpus.compose(r, i)), 'fast', `compose file ${i} of seed ${seed} was declined`);
      }
    }
  });

  const supported: Record<string, string> = {
    'a manifest': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n    - name: a\n      image: nginx:1.2\n      args: ["--port", "8000"]\n',
    'a sequence not indented under its key': 'a:\n- 1\n- two\nb: 3\n',
    'nested compact sequences and maps': '- - a\n  - b\n- c: 1\n  d:\n  - e\n- - f: g\n',
    'every core-schema scalar': 'a: [null, Null, NULL, ~, true, False, TRUE, 0o17, 0x1F, 12, -3, +4, 1.5, -.5, 1e3, 2.5E-2, .inf, -.Inf, .nan, .NaN, 012, 1_000, yes, "1", \'2\']\nb:\nc: ""\n',
    'quoted scalars with escapes': 'a: "x\\ty\\n\\"q\\" \\\\ \\u00e9 \\x41 \\U0001F600 \\/ \\0 \\e"\nb: \'it\'\'s # not a comment\'\n"k k": \'v\'\n',
    'plain scalars with indicators inside': 'url: http://example.com/a#b\nimage: nginx:1.2\nport: "8000:80"\nx: a - b\ny: -x\nz: a: b\n'.replace('z: a: b\n', 'z: a:b\n'),
    'comments everywhere': '# head\n\n# more\na: 1 # one\n# between\nb:\n  # inside\n  c: 2\n    # deeper\n  d: 3\n# end of b\ne:\n  - x # x\n  # in seq\n  - y\n# tail\n',
    'blank lines and trailing spaces': 'a: 1   \n\n\nb:\n\n  c: 2  \n\n  d:  \n\ne: 3\n\n',
    'CRLF line breaks': 'a: 1\r\nb:\r\n  - x # c\r\n  - "y"\r\n\r\n# c\r\nc: [1, 2]\r\n',
    'document markers': '---\na: 1\n---\n# doc 2\nb: 2\n...\n---\nc: 3\n--- # four\n- 4\n',
    'an empty document and trailing markers': 'a: 1\n---\n---\nb: 2\n---\n',
    'flow collections of scalars': 'a: []\nb: {}\nc: [ a , "b" , \'c\' ]\nd: {x: 1, "y": two, z: \'3\'}\ne: [a b, c]\n',
    'keys with empty values': 'a:\nb:\n  c:\n  d:\ne:\n',
    'no final line break': 'a:\n  b: c',
    'a file of only a sequence': '- a\n- b\n',
    'spaces before the colon': 'a : 1\n"b" : 2\n',
    'literal and folded block scalars': 'a: |\n  x\n\n  y\nb: >-\n  one\n  two\n\n    more\n  three\nc: |+\n  kept\n\n\nd: | # note\n  z\n- '.replace(/\n- $/, '\n'),
    'block scalars in sequences, with indentation indicators, CRLF and no body': '- |2\r\n    x\r\n   y\r\n- >\r\n   a\r\n   b\r\n-  |-\r\nk:\r\n'.replace('k:\r\n', ''),
    'block scalars followed by comments': 'a: |\n  x\n # less indented\n# column 0\nb: >\n  y\n\n  # in the value\n',
  };
  for (const [name, text] of Object.entries(supported)) {
    it(`on ${name}, without the package`, () => {
      assert.equal(agreesOrDeclines(text), 'fast', `declined: ${JSON.stringify(tryFastParse(text))}`);
    });
  }

  const plain: Record<string, string> = {
    'the benchmark shape': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  ports:\n    - name: http\n      port: 80\n---\napiVersion: v1\nkind: Pod\n',
    'blank lines between items and documents': '\n\na: 1\n\nb:\n  c: 1\n   \n  d: [x]\n\n---\n\n- a\n\n- b: 1\n\n  c: 2\n\n- - x\n\n\n',
    'keys without values': 'a:\nb:\n  - c:\n    d:\ne:\n',
    'booleans and nulls repeated across documents, collections of one to six items': 'a: true\nb: ~\nc: null\nd:\n  - TRUE\n  - false\n---\na: true\nb: ~\nc: False\nd:\n  - 1\n  - 2\n  - 3\n  - 4\n  - 5\n  - 6\ne:\n  x: 1\n  y: 2\n  z: 3\n  w: 4\n',
  };
  for (const [name, text] of Object.entries(plain)) {
    it(`on ${name}, straight from the tokens`, () => {
      const result = directParse(text);
      assert.ok('documents' in result, `the direct builder declined: ${'declined' in result ? result.declined : ''}`);
      assert.equal(agreesOrDeclines(text), 'fast');
    });
  }

  it('gives each boolean and null its own scalar node, though it resolves each word once', () => {
    const result = directParse('a: true\nb: true\nc:\nd:\n');
    assert.ok('documents' in result);
    const values = (result.documents[0]?.contents as unknown as { items: { value: unknown }[] }).items.map((p) => p.value);
    assert.ok(values.every((v) => isScalar(v)));
    assert.deepEqual(values.map((v) => (v as { value: unknown }).value), [true, true, null, null]);
    assert.notEqual(values[0], values[1]);
    assert.notEqual(values[2], values[3]);
  });

  it('through parseYaml: the documents it returns are the fast path’s, and equal the package’s', () => {
    const text = supported['comments everywhere'] as string;
    const file = parseYaml(text);
    const expected = parseAllDocuments(text, { ...fastParseOptions });
    assert.equal(difference(file.documents.map((d) => d.doc), expected), '');
    assert.deepEqual(file.problems, []);
  });
});

describe('duplicate keys: parseYaml reports the keys the package’s own check finds', () => {
  const manyKeys = Array.from({ length: 40 }, (_, i) => `k${i}: ${i}`);
  const direct: Record<string, string> = {
    'a repeated top-level key': 'a: 1\nb: 2\na: 3\na: 4\n',
    'the same key in different maps (not a repeat) and in one nested map': 'a:\n  x: 1\n  x: 2\nb:\n  x: 3\n- '.replace(/\n- $/, '\n'),
    'numbers, nulls and booleans written differently': '1: a\n0x1: b\n1.0: c\n"1": d\nnull: e\n~: f\ntrue: g\nTrue: h\n\'true\': i\n',
    'a repeated key in a flow map': 'a: {x: 1, y: 2, x: 3, "y": 4}\n',
    'a repeat in a map of more than a few keys': [...manyKeys, 'k3: again', 'k39: again', 'k40: new', 'k40: again'].join('\n'),
    'maps in a sequence and in later documents': '- a: 1\n  a: 2\n- a: 3\n---\na: 1\n---\nb:\n  - c: 1\n    d: 2\n    c: 3\n',
  };
  for (const [name, text] of Object.entries(direct)) {
    it(`${name}, built straight from the tokens`, () => {
      assert.ok('documents' in directParse(text), `the direct builder declined ${JSON.stringify(text)}`);
      assertSameDuplicateKeys(text);
    });
  }
  it('also when the direct builder declines (the general fast path, the package)', () => {
    const general = 'a: |\n  x\nb: 1\na: 2\n';
    assert.ok('declined' in directParse(general) && 'documents' in generalParse(general));
    assertSameDuplicateKeys(general);
    const full = 'a: &x 1\nb: *x\nb: 2\n';
    assert.ok('declined' in tryFastParse(full));
    assertSameDuplicateKeys(full);
  });
  it('(the check notices a missing or an extra duplicate)', () => {
    const text = 'a: 1\na: 2\n';
    const file = parseYaml(text);
    assert.deepEqual(file.documents[0]?.issues.map((x) => x.code), ['DUPLICATE_KEY']);
    assert.deepEqual(file.documents[0]?.issues[0]?.range.start, { line: 2, column: 1 });
  });
});

describe('fast YAML path: declines what it does not support', () => {
  const unsupported: Record<string, string> = {
    'an anchor and an alias': 'a: &x 1\nb: *x\n',
    'a merge key with an alias': 'base: &b {x: 1}\nc:\n  <<: *b\n',
    'a tag': 'a: !!str 1\n',
    'a local tag': 'a: !thing x\n',
    'a %YAML directive': '%YAML 1.2\n---\na: 1\n',
    'a multi-line plain scalar': 'a: one\n  two\n',
    'a multi-line plain scalar in a sequence': '- one\n  two\n',
    'a multi-line double-quoted scalar': 'a: "one\n  two"\n',
    'a multi-line single-quoted scalar': "a: 'one\n  two'\n",
    'a complex key': '? a\n: b\n',
    'tabs in indentation': 'a:\n\tb: 1\n',
    'a tab inside a value': 'a: b\tc\n',
    'a block scalar with more-indented leading blank lines': 'a: |\n    \n  x\n',
    'a block scalar header with extra characters': 'a: |-x\n  y\n',
    'a block scalar less indented than its indicator says': 'a:\n  b: |4\n    x\n',
    'a block scalar at the document level': '--- |\n  x\n',
    'a document that is a scalar': 'just a string\n',
    'a document that is a flow collection': '[a, b]\n',
    'nested flow collections': 'a: [{b: 1}]\n',
    'a multi-line flow collection': 'a: [1,\n  2]\n',
    'a flow collection with a trailing comma': 'a: [1, 2,]\n',
    'a bad indentation': 'a:\n    b: 1\n  c: 2\n',
    'a key on the line of another key': 'a: b: c\n',
    'an unterminated quote': 'a: "b\n',
    'an invalid escape': 'a: "\\q"\n',
    'a comment without a space before it': 'a: "b"#c\n',
    'a byte-order mark': '\uFEFFa: 1\n',
    'a lone carriage return': 'a: 1\rb: 2\n',
    'only comments': '# nothing\n',
    'an empty stream': '',
    'a value on the line of a sequence key': 'a: - b\n',
    'a sequence item without indentation under a value': 'a: 1\n- b\n',
    'content after a document end marker': 'a: 1\n... x\n',
    'reserved characters': 'a: @b\nc: `d`\n',
    'a very long key': `${'k'.repeat(1100)}: 1\n`,
    'nesting deeper than the fast path goes': `${Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')} 1\n`,
  };
  for (const [name, text] of Object.entries(unsupported)) {
    it(`${name}`, () => {
      const result = tryFastParse(text);
      assert.ok('declined' in result, `took the fast path: ${JSON.stringify(text.slice(0, 100))}`);
      assert.ok(!result.declined.startsWith('internal error'), result.declined);
    });
  }

  it('and parseYaml still parses what it declines (through the package)', () => {
    const file = parseYaml(unsupported['an anchor and an alias'] as string);
    assert.equal(file.documents.length, 1);
    assert.equal(file.documents[0]?.anchors.has('x'), true);
  });
});

/* Random documents from the supported subset, rendered with random layout. */

type Tree = { scalar: string } | { map: [string, Tree][] } | { seq: Tree[] } | { flow: string[]; isMap: boolean } | { block: string[]; header: string };

const supportedScalar = fc.oneof(
  fc.constantFrom('a', 'hello world', 'nginx:1.2', 'http://x.y/z#q', 'a#b', 'x-y', '-x', '.5', '1', '-1', '+7', '012', '0x1F', '0o17', '1.5', '1e3', '.inf', '-.Inf', '.nan', 'true', 'False', 'null', '~', 'NULL', 'yes', '250m', '64Gi', '8000'),
  fc.constantFrom('"q"', '""', "''", "'it''s'", '"a\\tb\\"c\\u00e9"', '"8000:80"', "'# no'", '"\\x41\\\\"'),
  fc.stringMatching(/^[a-z][a-z0-9./_-]{0,10}$/),
);
/** Outside the subset: the fast path must decline these (or agree). */
const otherScalar = fc.constantFrom('&a x', '*a', '!t x', '|', '>-', '@x', '"unterminated', 'a: b', '[x, [y]]', '{a: {b: c}}', 'a\tb');
const supportedKey = fc.oneof({ arbitrary: fc.stringMatching(/^[a-z][a-zA-Z0-9._/-]{0,12}$/), weight: 8 }, { arbitrary: fc.constantFrom('"quoted key"', "'k'", '1', 'true', 'null', '~', 'a b'), weight: 1 });
const otherKey = fc.constantFrom('? k', '- k', '&k k', '[k]', 'k:k:');
const plainItem = fc.oneof(fc.stringMatching(/^[a-z0-9][a-z0-9.]{0,6}$/), fc.constantFrom('"q"', "'s'", '1', 'true', 'null', 'a b', '-1'));
const blockHeader = fc.constantFrom('|', '|-', '|+', '>', '>-', '>+', '|2', '>1-', '|+3', '|0', '|-x', '| # c', '|#c');
/** A body line: words, more-indented words, or blank (maybe with spaces). */
const blockLine = fc.oneof(fc.constantFrom('text', 'more words here', '  indented', '    deeper', '', ' ', '      ', '# not a comment', 'key: value', '- item'), fc.stringMatching(/^[a-z ]{1,12}$/));

/** Random trees; `wide` adds block scalars and scalars and keys outside the subset. */
function treeArb(wide: boolean): fc.Arbitrary<Tree> {
  const scalarText = wide ? fc.oneof({ arbitrary: supportedScalar, weight: 6 }, { arbitrary: otherScalar, weight: 1 }) : supportedScalar;
  const keyText = wide ? fc.oneof({ arbitrary: supportedKey, weight: 12 }, { arbitrary: otherKey, weight: 1 }) : supportedKey;
  return fc.letrec<{ tree: Tree }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { arbitrary: scalarText.map((scalar) => ({ scalar })), weight: 5 },
      { arbitrary: fc.array(fc.tuple(keyText, tie('tree')), { minLength: 1, maxLength: 4 }).map((map) => ({ map })), weight: 3 },
      { arbitrary: fc.array(tie('tree'), { minLength: 1, maxLength: 3 }).map((seq) => ({ seq })), weight: 2 },
      { arbitrary: fc.record({ flow: fc.array(plainItem, { maxLength: 3 }), isMap: fc.boolean() }), weight: 1 },
      { arbitrary: fc.record({ block: fc.array(blockLine, { maxLength: 5 }), header: blockHeader }), weight: wide ? 1 : 0 },
    ),
  })).tree;
}

interface Style {
  /** Comments, blank lines and trailing spaces between and after lines. */
  decorate: boolean;
  /** Without `decorate`: blank lines (maybe of spaces) between items, never after a key without a value. */
  blanks: boolean;
  /** Without `decorate`: comment lines at the column of the next item, and comments after values. */
  comments: boolean;
  step: number;
  seqUnderKey: boolean;
  crlf: boolean;
  random: () => number;
}

function inline(t: Tree): string | undefined {
  if ('scalar' in t) {
    return t.scalar;
  }
  if ('flow' in t) {
    return t.isMap ? `{${t.flow.map((v, i) => `k${i}: ${v}`).join(', ')}}` : `[${t.flow.join(', ')}]`;
  }
  return undefined;
}

/** Trailing decoration of a content line: maybe spaces, maybe a comment. */
function lineEnd(s: Style, isValue = false): string {
  if (!s.decorate) {
    return s.comments && isValue && s.random() < 0.15 ? ' # after' : '';
  }
  const r = s.random();
  return r < 0.1 ? ' # note' : r < 0.15 ? '  ' : r < 0.18 ? ' #' : '';
}

/**
 * Lines between items: maybe a blank line, maybe a comment at some indentation. `at`: before an
 * item at `indent`, after a key without a value, or at a document's start or end.
 */
function between(s: Style, indent: number, out: string[], at: 'item' | 'after-key' | 'doc-start' | 'prelude' | 'doc-end'): void {
  if (!s.decorate) {
    if (s.blanks && at !== 'after-key' && s.random() < 0.2) {
      out.push(s.random() < 0.7 ? '' : ' '.repeat(1 + Math.floor(s.random() * 6)));
    }
    if (s.comments && (at === 'prelude' || at === 'doc-end') && s.random() < 0.3) {
      out.push('# about the document', ...(s.random() < 0.3 ? ['', '#'] : []));
    }
    if (s.comments && at === 'item' && s.random() < 0.2) {
      out.push(`${' '.repeat(indent)}# about the next item`);
      if (s.random() < 0.3) {
        out.push(s.random() < 0.5 ? '' : `${' '.repeat(indent)}#`);
      }
    }
    return;
  }
  const r = s.random();
  if (r < 0.08) {
    out.push('');
  } else if (r < 0.16) {
    const at = [0, indent, indent + s.step, Math.max(0, indent - s.step)][Math.floor(s.random() * 4)] as number;
    out.push(`${' '.repeat(at)}# c${out.length}`);
  } else if (r < 0.18) {
    out.push(' '.repeat(Math.floor(s.random() * 6)));
  }
}

function renderMap(entries: [string, Tree][], indent: number, s: Style, out: string[], firstPrefix?: string): void {
  entries.forEach(([key, value], i) => {
    const lead = i === 0 && firstPrefix !== undefined ? firstPrefix : ' '.repeat(indent);
    if (i > 0) {
      between(s, indent, out, 'item');
    }
    const text = inline(value);
    if (text !== undefined) {
      out.push(`${lead}${key}: ${text}${lineEnd(s, true)}`);
    } else if ('map' in value) {
      out.push(`${lead}${key}:${lineEnd(s)}`);
      between(s, indent + s.step, out, 'after-key');
      renderMap(value.map, indent + s.step, s, out);
    } else if ('seq' in value) {
      out.push(`${lead}${key}:${lineEnd(s)}`);
      renderSeq(value.seq, s.seqUnderKey ? indent + s.step : indent, s, out);
    } else if ('block' in value) {
      renderBlock(value, `${lead}${key}: `, indent, s, out);
    }
  });
}

/** A block scalar value: the header after `lead`, then the body one step deeper (blank lines as given). */
function renderBlock(t: { block: string[]; header: string }, lead: string, indent: number, s: Style, out: string[]): void {
  out.push(`${lead}${t.header}`);
  for (const line of t.block) {
    out.push(line.trim() === '' ? line : `${' '.repeat(indent + s.step)}${line}`);
  }
}

function renderSeq(items: Tree[], indent: number, s: Style, out: string[], firstPrefix?: string): void {
  items.forEach((item, i) => {
    const lead = i === 0 && firstPrefix !== undefined ? firstPrefix : ' '.repeat(indent);
    if (i > 0) {
      between(s, indent, out, 'item');
    }
    const text = inline(item);
    if (text !== undefined) {
      out.push(`${lead}- ${text}${lineEnd(s, true)}`);
    } else if ('map' in item) {
      renderMap(item.map, indent + 2, s, out, `${lead}- `);
    } else if ('seq' in item) {
      renderSeq(item.seq, indent + 2, s, out, `${lead}- `);
    } else if ('block' in item) {
      renderBlock(item, `${lead}- `, indent, s, out);
    }
  });
}

function renderDocument(t: Tree, s: Style): string[] {
  const out: string[] = [];
  if ('map' in t) {
    renderMap(t.map, 0, s, out);
  } else if ('seq' in t) {
    renderSeq(t.seq, 0, s, out);
  } else if ('block' in t) {
    renderBlock(t, 'value: ', 0, s, out);
  } else {
    out.push(`value: ${inline(t) ?? ''}`);
  }
  return out;
}

/** YAML texts of 1–3 documents; `wide`: with comments, blank lines, markers and constructs outside the subset. */
function documentArb(wide: boolean): fc.Arbitrary<string> {
  return fc.record({
  docs: fc.array(treeArb(wide), { minLength: 1, maxLength: 3 }),
  decorate: wide ? fc.boolean() : fc.constant(false),
  blanks: fc.boolean(),
  comments: wide ? fc.constant(false) : fc.boolean(),
  step: fc.constantFrom(2, 4),
  seqUnderKey: fc.boolean(),
  crlf: fc.boolean(),
  leadingMarker: fc.boolean(),
  endMarker: wide ? fc.boolean() : fc.constant(false),
  finalBreak: fc.boolean(),
  seed: fc.integer(),
}).map((d) => {
  const s: Style = { decorate: d.decorate, blanks: d.blanks, comments: d.comments, step: d.step, seqUnderKey: d.seqUnderKey, crlf: d.crlf, random: seededRandom(d.seed) };
  const lines: string[] = [];
  d.docs.forEach((t, i) => {
    if (i > 0 || d.leadingMarker) {
      between(s, 0, lines, 'doc-end');
      lines.push(d.decorate && s.random() < 0.2 ? '--- # doc' : '---');
    }
    between(s, 0, lines, i === 0 && !d.leadingMarker ? 'prelude' : 'doc-start');
    lines.push(...renderDocument(t, s));
  });
  between(s, 0, lines, 'doc-end');
  if (d.endMarker) {
    lines.push('...');
  }
  const text = lines.join(d.crlf ? '\r\n' : '\n');
  return d.finalBreak ? `${text}${d.crlf ? '\r\n' : '\n'}` : text;
});
}
const document = documentArb(true);

describe('property: fast YAML path on random documents and mutations of them', function () {
  this.timeout(timeoutFor(expensivePropertyRuns * 2, 100));

  it('agrees exactly with parseAllDocuments or declines, and takes the fast path for many of the unmutated ones', () => {
    let fast = 0;
    let total = 0;
    checkProperty('fast-parse: random documents', document, (text) => {
      total++;
      if (agreesOrDeclines(text) === 'fast') {
        fast++;
        assertSameDuplicateKeys(text);
      }
    }, expensivePropertyRuns);
    assert.ok(fast >= total * 0.25, `only ${fast} of ${total} generated documents took the fast path: the property would test little`);
  });

  it('builds plain documents (no markers but ---; blank lines, comments after values, comment lines at the next item\'s column or at column 0 before and after a document) straight from the tokens, exactly as the package does', () => {
    checkProperty('fast-parse: plain documents', documentArb(false), (text) => {
      const result = directParse(text);
      assert.ok('documents' in result || result.declined === 'a comment line at the column of a sequence that ends there', `the direct builder declined ${JSON.stringify(text)}: ${'declined' in result ? result.declined : ''}`);
      agreesOrDeclines(text);
      assertSameDuplicateKeys(text);
    }, expensivePropertyRuns);
  });

  it('agrees exactly or declines on mutated documents (indentation, indicators, junk, line breaks)', () => {
    const indicators = fc.constantFrom(' ', '  ', ':', ': ', '- ', '-', '#', ' #', '"', "'", '[', ']', '{', '}', ',', '\n', '\r\n', '  \n', '---\n', '...\n', '&a ', '*a', '!', '|', '>', '?', '%', '\\', 'a');
    const yamlMutation = fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), indicators, fc.nat(3));
    const arb = fc.tuple(mutated(document, 2, 50), fc.array(yamlMutation, { maxLength: 3 })).map(([text, edits]) =>
      edits.reduce((t, [at, piece, cut]) => {
        const i = Math.floor(at * (t.length + 1));
        return t.slice(0, i) + piece + t.slice(i + cut);
      }, text),
    );
    checkProperty('fast-parse: mutated documents', arb, (text) => {
      agreesOrDeclines(text);
    }, expensivePropertyRuns);
  });
});
