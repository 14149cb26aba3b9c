import { matchDirective } from '../../dockerfile/parse';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD023',
    name: 'parser-directive-invalid',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { dockerfileUtils: ['INVALID_ESCAPE_DIRECTIVE', 'DUPLICATED_ESCAPE_DIRECTIVE'] },
    description: 'A parser directive is invalid, duplicated, or placed where the builder treats it as a comment.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    const { directives, comments, lines } = model.parsed;
    const seen = new Set<string>();
    for (const d of directives) {
      if (seen.has(d.name)) {
        out.push(finding(d.range, `The ${d.name} directive is given twice; keep only the first.`));
      }
      seen.add(d.name);
      if (d.name === 'escape' && d.value !== '\\' && d.value !== '`') {
        out.push(finding(d.valueRange.start.column < d.valueRange.end.column && d.value !== '' ? d.valueRange : d.range, `"${d.value}" is not a valid escape character; use \\ or \`.`));
      }
    }
    const blockEnd = directives.length > 0 ? (directives[directives.length - 1]?.line ?? 0) : 0;
    for (const c of comments) {
      if (c.inContinuation || c.line <= blockEnd) {
        continue;
      }
      const line = lines[c.line - 1] ?? '';
      const d = matchDirective(line.trimStart());
      if (!d) {
        continue;
      }
      out.push(
        finding(c.range, `# ${d.name}= here comes after a comment, blank line or instruction, so the builder treats it as a plain comment; move it to the top of the file.`, {
          title: 'Move the directive to the top',
          edits: [
            { range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } }, newText: `${line.trim()}\n` },
            { range: { start: { line: c.line, column: 1 }, end: c.line < lines.length ? { line: c.line + 1, column: 1 } : { line: c.line, column: line.length + 1 } }, newText: '' },
          ],
        }),
      );
    }
    return out;
  },
};
