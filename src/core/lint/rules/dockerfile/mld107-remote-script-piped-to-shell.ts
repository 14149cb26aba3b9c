import { runCommands } from '../../dockerfile/installs';
import { effectiveCommand } from '../../dockerfile/shell';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

const interpreters = /^(?:sh|bash|dash|ash|zsh|ksh|python[0-9.]*|perl|ruby|node)$/;
const verifies = /\bsha(?:1|256|512)sum\b[^|;&]*(?:-c|--check)\b|\bgpg\b[^|;&]*--verify\b|\bcosign\s+verify/;

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD107',
    name: 'remote-script-piped-to-shell',
    family: 'security',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: {},
    description: 'A RUN pipes a download straight into an interpreter.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    if (model.nonPosixShell) {
      return out;
    }
    for (const stage of model.stages) {
      if (stage.nonPosixShell) {
        continue;
      }
      for (const instr of stage.instructions) {
        const commands = runCommands(instr);
        // Each script once (testing it per command made long RUNs quadratic).
        const scripts = new Set(commands.map((c) => c.script));
        if ([...scripts].some((script) => verifies.test(script.text.text))) {
          continue;
        }
        commands.forEach(({ command }, k) => {
          const eff = effectiveCommand(command);
          if (!eff || (eff.name !== 'curl' && eff.name !== 'wget') || (command.after !== '|' && command.after !== '|&')) {
            return;
          }
          const next = commands[k + 1]?.command;
          const target = next ? effectiveCommand(next) : undefined;
          if (!target || !interpreters.test(target.name)) {
            return;
          }
          out.push(
            finding(
              { start: eff.nameWord.range.start, end: target.nameWord.range.end },
              `${eff.name} … | ${target.name} runs a remote script unverified; download it to a file, check its sha256 (sha256sum -c) or signature, then run it.`,
            ),
          );
        });
      }
    }
    return out;
  },
};
