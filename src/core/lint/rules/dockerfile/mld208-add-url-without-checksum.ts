import { runCommands } from '../../dockerfile/installs';
import type { Instruction } from '../../dockerfile/model';
import { effectiveCommand } from '../../dockerfile/shell';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

const gitSource = /^(?:git@|git:\/\/|ssh:\/\/)|\.git(?:$|#|\?)|^https?:\/\/[^/]*\/[^#]*#/;
/**
 * GitHub's API for a branch's head (`…/git/refs/heads/main`, `…/commits/main`, `…/branches/main`): fetched to bust the
 * cache when it moves. The repository may be one variable holding `owner/name` (`repos/${REPO}/git/refs/heads/…`).
 */
const branchHeadRe = /^https?:\/\/api\.github\.com\/repos\/(?:[^/]+\/[^/]+|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?)\/(?:git\/refs\/heads|commits|branches)\//i;

/** The next instruction only deletes what the ADD wrote (`ADD …/setup.py setup.py` then `RUN rm setup.py`; mosaicml/llm-foundry). */
function deletedRightAway(add: Instruction, next: Instruction | undefined): boolean {
  const dest = add.json ? add.json[add.json.length - 1]?.value : add.words[add.words.length - 1]?.value;
  if (next?.keyword !== 'RUN' || dest === undefined || dest.endsWith('/')) {
    return false;
  }
  const commands = runCommands(next).map(({ command }) => effectiveCommand(command));
  return commands.length === 1 && commands[0]?.name === 'rm' && commands[0].args.some((a) => a.value === dest);
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD208',
    name: 'add-url-without-checksum',
    family: 'reproducibility',
    severity: 'info',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: {},
    description: 'ADD downloads an http(s) URL without --checksum, so a changed or tampered file goes unnoticed.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    const instructions = model.parsed.instructions;
    instructions.forEach((outer, k) => {
      const instr = outer.trigger ?? outer;
      if (instr.keyword !== 'ADD' || instr.flags.some((f) => f.name === 'checksum')) {
        return;
      }
      const sources = instr.json ? instr.json.slice(0, -1) : instr.words.slice(0, -1);
      const urls = sources.filter((src) => /^https?:\/\//i.test(src.value) && !gitSource.test(src.value) && !branchHeadRe.test(src.value));
      // A cache-busting ADD is meant to change, and one deleted at once is never used: a checksum would defeat it.
      if (urls.length === 0 || (instr === outer && deletedRightAway(instr, instructions[k + 1]))) {
        return;
      }
      // BuildKit takes --checksum only on an ADD of one source.
      const advice = sources.length > 1 ? 'move it to an ADD of its own with --checksum=sha256:<digest> (--checksum takes one source)' : 'add --checksum=sha256:<digest>';
      for (const src of urls) {
        out.push(finding(src.range, `ADD of ${src.value} trusts whatever the server returns today; ${advice} so a changed or tampered download fails the build.`));
      }
    });
    return out;
  },
};
