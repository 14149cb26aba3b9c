import * as assert from 'node:assert/strict';
import { maxDockerfileChars } from '../../../src/core/lint/engine';
import { useLintRepo } from '../lint/support/lint-repo';
import { spawnLint } from './support/spawn-lint';

/** A pattern whose backtracking regular expression takes time exponential in its stars on a long name. */
const manyStars = '*a*a*a*a*a*a*a*a*a*a*a*c';
const longName = 'a'.repeat(64);

describe('mlc lint: many-star patterns against long names', function () {
  this.timeout(90_000);
  const repo = useLintRepo('hostile-patterns');
  const write = repo.write;

  it('finishes on a COPY source, a .dockerignore line and a .mlc.yaml ignore path with many stars', async () => {
    write(`copy/${longName}`, 'x');
    write('copy/Dockerfile', `FROM python:3.12-slim\nCOPY ${manyStars} /app/\n`);
    write(`ignore/${longName}.safetensors`, 'weights');
    write('ignore/.dockerignore', `${manyStars}\n`);
    write('ignore/Dockerfile', 'FROM python:3.12-slim\nCOPY . /app\n');
    write(`${longName}/Dockerfile`, 'FROM python:3.12-slim\n');
    write('.mlc.yaml', `ignore:\n  - paths: ["${manyStars}/Dockerfile"]\n    rules: [MLD104]\n`);

    const r = await spawnLint(repo.root, ['copy', 'ignore', longName, '--format', 'json', '--failure-threshold', 'none']);

    assert.equal(r.code, 0, r.err);
    const findings = JSON.parse(r.out) as { file: string; ruleId: string }[];
    // The COPY pattern matches nothing; the ignore line excludes nothing, so the weights leak; the
    // .mlc.yaml path does not match the long folder's Dockerfile, so its finding stays.
    assert.ok(findings.some((f) => f.file === 'copy/Dockerfile' && f.ruleId === 'MLX002'), r.out);
    assert.ok(findings.some((f) => f.file === 'ignore/Dockerfile' && f.ruleId === 'MLX301'), r.out);
    assert.ok(findings.some((f) => f.file === `${longName}/Dockerfile` && f.ruleId === 'MLD104'), r.out);
  });
});

describe('mlc lint: the largest Dockerfile it accepts, at its most costly', function () {
  this.timeout(180_000);
  const repo = useLintRepo('largest-dockerfile');

  it('lints it inside a 1 GB heap (every line a finding-rich RUN), and refuses one character more with a clear message', async () => {
    const lines = ['FROM ubuntu:22.04'];
    let length = lines[0]!.length + 1;
    for (let i = 0; ; i++) {
      const line = `RUN apt-get install curl${i}`;
      if (length + line.length + 1 > maxDockerfileChars) {
        break;
      }
      lines.push(line);
      length += line.length + 1;
    }
    const text = `${lines.join('\n')}\n`;
    repo.write('big/Dockerfile', text);
    repo.write('over/Dockerfile', text.padEnd(maxDockerfileChars + 1, '#'));

    // Hundreds of thousands of findings: counted, not kept, by this process.
    const big = await spawnLint(repo.root, ['big', '--failure-threshold', 'warning'], { nodeOptions: ['--max-old-space-size=1024'], dropOutput: true });
    assert.equal(big.code, 1, big.err);
    assert.match(big.err, /1 file\(s\) linted, \d{6,} finding\(s\)/);
    assert.ok(big.outBytes > 10_000_000, `${big.outBytes} bytes of findings`);

    const over = await spawnLint(repo.root, ['over']);
    assert.equal(over.code, 2, over.err);
    assert.match(over.err, new RegExp(`over/Dockerfile: the file has \\d+ characters, more than the ${maxDockerfileChars} a Dockerfile may have here; not linted`));
  });
});
