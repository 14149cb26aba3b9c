import { runCommands } from '../../dockerfile/installs';
import type { ShellScript } from '../../dockerfile/shell';
import { basename, effectiveCommand } from '../../dockerfile/shell';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';
import { expandWith, valuesAt } from '../../dockerfile/scope-values';

const interpreters = /^(?:sh|bash|dash|ash|zsh|ksh|python[0-9.]*|perl|ruby|node)$/;
/** `python${PYTHON_VERSION}`: a Python whose version a build arg gives (vllm's docker/Dockerfile pipes get-pip.py to it). */
const versionedPython = /^python[0-9.]*(?:\$\w+|\$\{[^}]+\})$/;

/** The program `name` is an interpreter, read through the stage's ARG/ENV values when it holds a variable. */
function isInterpreter(name: string, expand: (text: string) => string | undefined): boolean {
  if (interpreters.test(name)) {
    return true;
  }
  if (!name.includes('$')) {
    return false;
  }
  const expanded = expand(name);
  return expanded === undefined ? versionedPython.test(name) : interpreters.test(basename(expanded));
}
const verifies = /\bsha(?:1|256|512)sum\b[^|;&]*(?:-c|--check)\b|\bgpg\b[^|;&]*--verify\b|\bcosign\s+verify/;
/** A download inside a command or process substitution: `"$(curl …)"`, `` `wget -O- …` ``, `<(curl …)`. */
const substitutedDownload = /(?:\$\(|`|<\()\s*(curl|wget)\s/;
const leadingDownload = /^(?:\$\(|`)\s*(?:curl|wget)\s/;

/** The scripts of the commands check a checksum or signature somewhere. */
function verifiesDownload(commands: readonly { script: ShellScript }[]): boolean {
  // Each script once (per command made long RUNs quadratic).
  for (const script of new Set(commands.map((c) => c.script))) {
    if (verifies.test(script.text.text)) {
      return true;
    }
  }
  return false;
}

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
        if (commands.length === 0) {
          continue;
        }
        // The RUN's own findings, kept unless it checks a checksum or signature (looked for only then: most RUNs give none).
        const found: RuleFinding[] = [];
        const expand = (text: string): string | undefined => expandWith(model, text, valuesAt(model, stage, instr));
        commands.forEach(({ command }, k) => {
          const eff = effectiveCommand(command);
          if (!eff) {
            return;
          }
          // `sh -c "$(curl …)"`, `bash <(curl …)`: the interpreter runs what the download prints.
          if (isInterpreter(eff.name, expand)) {
            const word = eff.args.find((w) => substitutedDownload.test(w.raw));
            const handed = commands[k + 1]?.script;
            // A script handed to the shell (`bash -c "…"`) runs the download only as a command of its own, not as an argument.
            const runs = handed?.wrapping?.command !== command || handed.commands.some((c) => leadingDownload.test(c.words[0]?.raw ?? ''));
            const tool = word && runs ? substitutedDownload.exec(word.raw)?.[1] : undefined;
            if (word && tool) {
              found.push(finding({ start: eff.nameWord.range.start, end: word.range.end }, `${eff.name} runs the output of ${tool}, a remote script, unverified; download it to a file, check its sha256 (sha256sum -c) or signature, then run it.`));
            }
            return;
          }
          if (eff.name !== 'curl' && eff.name !== 'wget') {
            return;
          }
          // `bash <(curl …)`: the download is a process substitution the interpreter reads as its script.
          const before = commands[k - 1];
          const reader = command.before === '(' && before?.command.after === '(' ? effectiveCommand(before.command) : undefined;
          const last = before?.command.words[before.command.words.length - 1];
          if (reader && last && isInterpreter(reader.name, expand) && /<\s*\($/.test(commands[k]?.script.text.text.slice(last.end, eff.nameWord.start) ?? '')) {
            found.push(finding({ start: reader.nameWord.range.start, end: eff.nameWord.range.end }, `${reader.name} <(${eff.name} …) runs a remote script unverified; download it to a file, check its sha256 (sha256sum -c) or signature, then run it.`));
            return;
          }
          if (command.after !== '|' && command.after !== '|&') {
            return;
          }
          // The script may pass through filters first: `curl … | sed … | bash`.
          for (let j = k + 1; j < commands.length; j++) {
            const next = commands[j]?.command;
            const target = next ? effectiveCommand(next) : undefined;
            if (target && isInterpreter(target.name, expand)) {
              const via = j > k + 1 ? ' … |' : '';
              found.push(
                finding(
                  { start: eff.nameWord.range.start, end: target.nameWord.range.end },
                  `${eff.name} … |${via} ${target.name} runs a remote script unverified; download it to a file, check its sha256 (sha256sum -c) or signature, then run it.`,
                ),
              );
              return;
            }
            if (!next || (next.after !== '|' && next.after !== '|&')) {
              return;
            }
          }
        });
        if (found.length > 0 && !verifiesDownload(commands)) {
          for (const f of found) {
            out.push(f);
          }
        }
      }
    }
    return out;
  },
};
