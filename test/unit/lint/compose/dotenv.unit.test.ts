import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { emptyConfig } from '../../../../src/core/lint/config';
import { parseDotenv } from '../../../../src/core/lint/compose/dotenv';
import { interpolate, interpolateWithEnv } from '../../../../src/core/lint/compose/interpolate';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import { composeReadsNear } from '../../../../src/infra/lint/compose-extends';
import { useLintRepo } from '../support/lint-repo';

const env = (text: string) => Object.fromEntries(parseDotenv(text) ?? []);
const vars = (entries: Record<string, string | undefined>) => new Map(Object.entries(entries));

describe('Compose .env files: the parser (compose-go dotenv rules)', () => {
  it('reads KEY=VALUE, `export`, YAML-style `KEY: VALUE`, blanks around `=`, CRLF and a BOM', () => {
    assert.deepEqual(env('\uFEFFA=1\r\nexport B=2\nC: three\n  D = four  \nexport=5\nE=\n'), { A: '1', B: '2', C: 'three', D: 'four', export: '5', E: '' });
  });

  it('skips comment lines and cuts ` #` comments after an unquoted value, not a `#` inside it', () => {
    assert.deepEqual(env('# comment\n  # indented\nA=1 # port\nB=a#b\nC=#c\n'), { A: '1', B: 'a#b', C: '#c' });
  });

  it('takes a single-quoted value as written and unescapes a double-quoted one, which may span lines', () => {
    assert.deepEqual(env("A='${X} \\n # not a comment' # comment\nB=\"x\\ny\"\nC=\"line 1\nline 2\"\nD=\"say \\\"hi\\\"\"\nE='it\\'s'\n"), {
      A: '${X} \\n # not a comment',
      B: 'x\ny',
      C: 'line 1\nline 2',
      D: 'say "hi"',
      E: "it's",
    });
  });

  it('expands ${OTHER} from the lines before in unquoted and double-quoted values; an unknown one leaves the value unknown', () => {
    assert.deepEqual(env('HOST=127.0.0.1\nPORT=9200\nBIND=${HOST}:$PORT\nQUOTED="${HOST}:${MISSING:-8080}"\nLATER=${NEXT}\nNEXT=1\nLITERAL="\\$HOST"\nDOLLARS=a$$b\n'), {
      HOST: '127.0.0.1',
      PORT: '9200',
      BIND: '127.0.0.1:9200',
      QUOTED: '127.0.0.1:8080',
      LATER: undefined,
      NEXT: '1',
      LITERAL: '$HOST',
      DOLLARS: 'a$b',
    });
  });

  it('a key alone takes the shell\'s value (unknown); a key starting with a digit is dropped', () => {
    const parsed = parseDotenv('FROM_SHELL\nA=1\n1ST=x\n');
    assert.deepEqual([...(parsed ?? [])], [['FROM_SHELL', undefined], ['A', '1']]);
  });

  it('refuses what Compose refuses: an unterminated quote, a space or other character in a key', () => {
    for (const text of ['A="open\n', 'MY KEY=1\n', 'A$B=1\n']) {
      assert.equal(parseDotenv(text), undefined, text);
    }
  });
});

describe('Compose interpolation with .env values', () => {
  const e = vars({ SET: 'v', EMPTY: '', HIDDEN: undefined });

  it('resolves ${VAR}, $VAR, $$ and each default, error and alternative form as Compose does', () => {
    const cases: [string, string | undefined][] = [
      ['${SET}', 'v'], ['$SET/x', 'v/x'], ['a$$b', 'a$b'], ['$1', '$1'],
      ['${SET:-d}', 'v'], ['${EMPTY:-d}', 'd'], ['${UNSET:-d}', 'd'], ['${EMPTY-d}', ''], ['${UNSET-d}', 'd'],
      ['${SET:?e}', 'v'], ['${EMPTY:?e}', undefined], ['${EMPTY?e}', ''], ['${UNSET?e}', undefined],
      ['${SET:+alt}', 'alt'], ['${EMPTY:+alt}', ''], ['${EMPTY+alt}', 'alt'], ['${UNSET+alt}', ''],
      ['${UNSET:-${SET}}', 'v'], ['${UNSET}', undefined], ['${HIDDEN:-d}', undefined], ['${open', undefined],
    ];
    for (const [text, value] of cases) {
      assert.equal(interpolate(text, e)?.value, value, text);
    }
  });

  it('names the variables whose .env value it used; interpolateWithEnv answers only when one did', () => {
    assert.deepEqual(interpolate('${SET}:${UNSET:-1}:${SET}', e), { value: 'v:1:v', fromEnv: ['SET'] });
    assert.equal(interpolateWithEnv('${UNSET:-1}', e), undefined);
    assert.equal(interpolateWithEnv('${SET}', undefined), undefined);
    assert.deepEqual(interpolateWithEnv('img:${SET}', e), { value: 'img:v', fromEnv: ['SET'] });
  });
});

const rule = (id: string, text: string, envFile?: string) =>
  lintCompose(text, { config: emptyConfig(), ...(envFile !== undefined ? { envFile } : {}) }).findings.filter((f) => f.ruleId === id);

describe('Compose rules with the project\'s .env', () => {
  // Elastic's docker-compose.yml (trimmed): its .env sets ES_PORT=127.0.0.1:9200.
  const elastic = 'services:\n  es01:\n    image: docker.elastic.co/elasticsearch/elasticsearch:8.15.0\n    ports:\n      - ${ES_PORT}:9200\n';

  it('MLC102: a host IP from .env binds that IP alone; a port alone is the plain finding, saying it came from .env', () => {
    assert.deepEqual(rule('MLC102', elastic, 'ES_PORT=127.0.0.1:9200\n'), []);
    const plain = rule('MLC102', elastic, 'ES_PORT=9200\n');
    assert.deepEqual(plain.map((f) => f.message), ['Service "es01" publishes port 9200 on every interface (ES_PORT from .env); bind it to 127.0.0.1 (or a specific host IP) unless other machines must reach it.']);
    assert.equal(plain[0]?.fix?.edits[0]?.newText, '"127.0.0.1:${ES_PORT}:9200"');
    // Without the value (no .env, or one that does not set it): the conditional wording.
    for (const envFile of [undefined, 'OTHER=1\n']) {
      assert.match(rule('MLC102', elastic, envFile)[0]?.message ?? '', /every interface if ES_PORT holds only a port/, String(envFile));
    }
  });

  it('MLC102: a .env value wins over the default written in the file', () => {
    const defaulted = 'services:\n  api:\n    image: acme/api:1.0\n    ports: ["${API_PORT:-8080}:8080"]\n';
    assert.equal(rule('MLC102', defaulted).length, 1);
    assert.deepEqual(rule('MLC102', defaulted, 'API_PORT=127.0.0.1:8080\n'), []);
  });

  it('MLC201: a floating tag from .env is reported, naming the variable; a pinned one from .env answers a tagless default', () => {
    const vllm = 'services:\n  vllm:\n    image: vllm/vllm-openai:${VLLM_TAG}\n';
    assert.deepEqual(rule('MLC201', vllm), []);
    assert.deepEqual(rule('MLC201', vllm, 'VLLM_TAG=latest\n').map((f) => f.message), ['Image tag "latest" (VLLM_TAG from .env) floats: it names whatever was last pushed or built under that tag; pin a version tag or a digest.']);
    assert.deepEqual(rule('MLC201', vllm, 'VLLM_TAG=v0.6.3\n'), []);
    const ollama = 'services:\n  ollama:\n    image: ${OLLAMA_IMAGE:-ollama/ollama}\n';
    assert.equal(rule('MLC201', ollama).length, 1);
    assert.deepEqual(rule('MLC201', ollama, 'OLLAMA_IMAGE=ollama/ollama:0.3.12\n'), []);
    assert.deepEqual(rule('MLC201', ollama, 'OLLAMA_IMAGE=ollama/ollama\n').map((f) => f.message), ['Image "ollama/ollama" (OLLAMA_IMAGE from .env) has no tag, so it means :latest and changes under you; pin a version tag or a digest.']);
  });

  it('never uses (so never shows) the value of a variable whose name looks secret', () => {
    const text = 'services:\n  app:\n    image: acme/app:${DEPLOY_TOKEN}\n    ports: ["${REDIS_PASSWORD:-6379}:6379"]\n';
    const findings = lintCompose(text, { config: emptyConfig(), envFile: 'DEPLOY_TOKEN=latest\nREDIS_PASSWORD=127.0.0.1:6379\n' }).findings;
    assert.deepEqual(findings.filter((f) => f.ruleId === 'MLC201'), []);
    assert.ok(!findings.some((f) => f.message.includes('from .env')), findings.map((f) => f.message).join('\n'));
  });
});

describe('Compose .env in the editor and the CLI', () => {
  const elastic = 'services:\n  es01:\n    image: docker.elastic.co/elasticsearch/elasticsearch:8.15.0\n    ports: ["${ES_PORT}:9200"]\n';

  describe('the editor (composeReadsNear)', () => {
    let dir = '';
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-compose-dotenv-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('reads the .env beside the file (an open editor\'s text first), watches it present or not, and never reads .env.example', async () => {
      const file = path.join(dir, 'compose.yaml');
      fs.writeFileSync(path.join(dir, '.env.example'), 'ES_PORT=9200\n');
      const none = await composeReadsNear(file, elastic);
      assert.equal(none.envFile, undefined);
      assert.ok(none.watched.includes(path.join(dir, '.env')));
      fs.writeFileSync(path.join(dir, '.env'), 'ES_PORT=127.0.0.1:9200\n');
      assert.equal((await composeReadsNear(file, elastic)).envFile, 'ES_PORT=127.0.0.1:9200\n');
      const edited = await composeReadsNear(file, elastic, (p) => (p === path.join(dir, '.env') ? 'ES_PORT=9200\n' : undefined));
      assert.equal(edited.envFile, 'ES_PORT=9200\n');
    });

    it('reads no .env whose real path lies outside the boundary', async () => {
      const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-compose-outside-'));
      try {
        fs.writeFileSync(path.join(outside, '.env'), 'ES_PORT=127.0.0.1:9200\n');
        fs.symlinkSync(path.join(outside, '.env'), path.join(dir, '.env'));
        assert.equal((await composeReadsNear(path.join(dir, 'compose.yaml'), elastic, undefined, dir)).envFile, undefined);
      } finally {
        fs.rmSync(outside, { recursive: true, force: true });
      }
    });
  });

  describe('the CLI (mlc lint)', () => {
    const repo = useLintRepo('dotenv');
    const mlc102 = async (target: string) => {
      const r = await repo.lint(target, '--format', 'json', '--failure-threshold', 'none');
      return (JSON.parse(r.out) as { file: string; ruleId: string; message: string }[]).filter((f) => f.ruleId === 'MLC102').map((f) => `${f.file}: ${f.message}`);
    };

    it('interpolates with the .env beside each Compose file, not .env.example, and not a .env outside the repository', async () => {
      repo.write('elastic/docker-compose.yml', elastic);
      repo.write('elastic/.env', 'ES_PORT=127.0.0.1:9200\n');
      repo.write('open/compose.yaml', elastic);
      repo.write('open/.env', 'ES_PORT=9200\n');
      repo.write('example/compose.yaml', elastic);
      repo.write('example/.env.example', 'ES_PORT=127.0.0.1:9200\n');
      for (const target of ['.', 'elastic/docker-compose.yml']) {
        assert.deepEqual((await mlc102(target)).filter((f) => f.startsWith('elastic/')), [], target);
      }
      const all = await mlc102('.');
      assert.deepEqual(all.filter((f) => f.startsWith('open/')), ['open/compose.yaml: Service "es01" publishes port 9200 on every interface (ES_PORT from .env); bind it to 127.0.0.1 (or a specific host IP) unless other machines must reach it.']);
      assert.match(all.find((f) => f.startsWith('example/')) ?? '', /every interface if ES_PORT holds only a port/);

      const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-compose-outside-'));
      try {
        fs.writeFileSync(path.join(outside, '.env'), 'ES_PORT=127.0.0.1:9200\n');
        fs.rmSync(path.join(repo.root, 'elastic', '.env'));
        fs.symlinkSync(path.join(outside, '.env'), path.join(repo.root, 'elastic', '.env'));
        assert.match((await mlc102('elastic/docker-compose.yml'))[0] ?? '', /every interface if ES_PORT holds only a port/, 'a .env linked out of the repository is not read');
      } finally {
        fs.rmSync(outside, { recursive: true, force: true });
      }
    });
  });
});
