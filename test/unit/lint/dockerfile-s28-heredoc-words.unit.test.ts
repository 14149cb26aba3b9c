import * as assert from 'node:assert/strict';
import { findHeredocMarkers } from '../../../src/core/lint/dockerfile/heredoc';
import { parseDockerfile } from '../../../src/core/lint/dockerfile/parse';
import { lintDockerfile } from '../../../src/core/lint/engine';

/** The names of the heredocs BuildKit opens on the arguments `args`. */
function names(args: string): string[] {
  return findHeredocMarkers(args, 0, '\\').map((m) => m.name);
}

describe('s28: a heredoc marker is a whole shell word, as BuildKit splits the line', () => {
  it('opens a heredoc only with a word that starts with << (after optional descriptor digits)', () => {
    assert.deepEqual(names('<<EOF'), ['EOF']);
    assert.deepEqual(names('3<<EOF bash'), ['EOF']);
    assert.deepEqual(names('cat >> /f <<EOF'), ['EOF']);
    assert.deepEqual(names('<<EOF <<EOF2'), ['EOF', 'EOF2']);
    for (const args of ['echo $((1<<4))', 'echo "$((1<<4))" > /x', 'cat<<EOF', '>file<<EOF', '\\<<EOF', "'<<EOF'", '"<<EOF"', 'read a <<< "1 2"', '<<EOF<<X', 'echo a=b<<EOF']) {
      assert.deepEqual(names(args), [], args);
    }
  });

  it('names the heredoc after the rest of the word, quotes and escapes removed, as upstream does', () => {
    assert.deepEqual(names('cat <<EOF; echo done'), ['EOF;']);
    assert.deepEqual(names('(cat <<EOF)'), ['EOF)']);
    assert.deepEqual(names('COPY <<file.txt /dest'), ['file.txt']);
    assert.deepEqual(names("<<eo'f'"), ['eof']);
    assert.deepEqual(names("<<eo\\'f"), ["eo'f"]);
    assert.deepEqual(names("<<'one two'"), ['one two']);
    assert.deepEqual(names('<<$EOF'), ['$EOF']);
    const [quoted, plain] = findHeredocMarkers('<<-"END" <<X', 0, '\\');
    assert.deepEqual([quoted?.stripTabs, quoted?.quoted, plain?.quoted], [true, true, false]);
  });

  it('takes blanks after << into the word (BuildKit 0.22), but not after <<-', () => {
    assert.deepEqual(names('cat << EOF > /f'), ['EOF']);
    assert.deepEqual(names("cat <<  'EOF' > /f"), ['EOF']);
    assert.deepEqual(names('cat << -EOF'), ['-EOF']);
    assert.deepEqual(names('cat <<- EOF'), []);
    assert.deepEqual(names('cat << '), []);
  });

  it('finds none where the lexer fails on the line: an unclosed quote, a ${...} it cannot expand', () => {
    assert.deepEqual(names('cat <<EOF > "unclosed'), []);
    assert.deepEqual(names('echo ${#x} && cat <<EOF'), []);
    assert.deepEqual(names('echo ${x:-a} && cat <<EOF'), ['EOF']);
  });

  it('puts the marker range on << and the name, the descriptor digits left before it', () => {
    const [m] = findHeredocMarkers('bash 3<<EOF', 0, '\\');
    assert.deepEqual([m?.start, m?.end], [6, 11]);
  });

  it('keeps the instructions after RUN echo $((1<<4)) visible to the rules', () => {
    const text = ['FROM python:3.12-slim AS build', 'RUN echo $((1<<4)) > /shift.txt', 'FROM python:latest', ''].join('\n');
    const parsed = parseDockerfile(text);
    assert.deepEqual(parsed.instructions.map((i) => [i.keyword, i.startLine, i.heredocs.length]), [['FROM', 1, 0], ['RUN', 2, 0], ['FROM', 3, 0]]);
    const floating = lintDockerfile(text).findings.filter((f) => f.ruleId === 'MLD202');
    assert.deepEqual(floating.map((f) => f.range.start.line), [3]);
  });

  it('reads a body up to the line that repeats the whole word: <<EOF; ends at EOF;', () => {
    const parsed = parseDockerfile(['FROM alpine:3.20', 'RUN cat <<EOF; echo done', 'EOF', 'FROM python:latest', 'EOF;', 'CMD ["sh"]'].join('\n'));
    assert.deepEqual(parsed.instructions.map((i) => [i.keyword, i.startLine, i.endLine]), [['FROM', 1, 1], ['RUN', 2, 5], ['CMD', 6, 6]]);
    assert.equal(parsed.instructions[1]?.heredocs[0]?.body.text, 'EOF\nFROM python:latest');
  });
});
