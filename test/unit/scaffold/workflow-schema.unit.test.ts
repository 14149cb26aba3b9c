// Every generated GitHub Actions workflow validates against the official workflow schema, with
// GitHub's own parser (the one behind the Actions language service): zero errors.
import * as assert from 'node:assert/strict';
import { groupBy, scaffoldMatrix } from './scaffold-matrix';

type Parser = typeof import('@actions/workflow-parser');

async function workflowErrors(parser: Parser, name: string, content: string): Promise<string[]> {
  const parsed = parser.parseWorkflow({ name, content }, new parser.NoOperationTraceWriter());
  if (parsed.value) {
    // Conversion checks what the schema alone does not (needs graph, cron, matrix, job ids).
    await parser.convertWorkflowTemplate(parsed.context, parsed.value);
  }
  return parsed.context.errors.getErrors().map((e) => e.message);
}

describe('scaffold: generated workflows against the GitHub Actions workflow schema', () => {
  let parser: Parser;

  before(async () => {
    parser = await import('@actions/workflow-parser');
  });

  it('the parser rejects an invalid workflow (the check can fail)', async () => {
    const errors = await workflowErrors(parser, 'bad.yml', 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    stepz: []\n');
    assert.ok(errors.some((e) => /Unexpected value 'stepz'/.test(e)), errors.join('\n'));
  });

  const cases = scaffoldMatrix();
  const workflows = groupBy(cases, (files) => files.find((f) => f.path === '.github/workflows/container.yml')?.content);

  it('every combination of the matrix plans a workflow', () => {
    assert.equal([...workflows.values()].reduce((n, g) => n + g.labels.length, 0), cases.length);
  });

  for (const { value: content, labels } of workflows.values()) {
    it(`validates with zero errors: ${labels.length} combination(s), e.g. ${labels[0] ?? ''}`, async () => {
      assert.deepEqual(await workflowErrors(parser, 'container.yml', content), [], labels.join('\n'));
    });
  }
});
