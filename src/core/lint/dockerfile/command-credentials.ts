import type { CommandWord } from '../command-words';
import type { Range } from '../types';
import type { SecretVocabulary } from '../rules/dockerfile/secrets';
import { isLiteralArgument } from '../rules/dockerfile/secrets';
import type { ToolCredential } from '../tool-credentials';
import { commandTools, toolCredentials, toolHint } from '../tool-credentials';
import { runCommands } from './installs';
import { healthcheckScript } from './healthcheck-script';
import type { Instruction } from './model';
import { effective } from './semantic';
import type { ShellScript, ShellWord } from './shell';
import { splitShell } from './shell';
import type { ScriptCommand } from './wrapped';
import { commandsInOrder, execFormScript } from './wrapped';

/** A literal a known client is given as its password on an instruction's command line (`redis-cli -a s3cret`). */
export interface CommandCredential {
  /** How the value is passed, for messages: `redis-cli -a`, `mysqladmin -p`, `curl -u`. */
  flag: string;
  /** The variable a fixed command would read the value from (`REDIS_PASSWORD`). */
  variable: string;
  range: Range;
}

const commandKeywords = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK']);

/** toolCredentials reads each word's text and separator only; a Dockerfile word has no YAML node to give it. */
const noYamlNode = undefined as unknown as CommandWord['node'];

/** The commands an instruction runs, scripts handed to a shell (`sh -c "…"`) included. */
function commandsOf(instr: Instruction): ScriptCommand[] {
  if (instr.keyword === 'RUN') {
    return runCommands(instr);
  }
  const script = instr.keyword === 'HEALTHCHECK' ? healthcheckScript(instr) : (execFormScript(instr) ?? splitShell(instr.args.slice(instr.argsStart)));
  return script ? commandsInOrder([script]) : [];
}

/** A command's words for the readers, an `Authorization: Bearer …` header split into its words as a YAML command line's is. */
function wordsOf(words: readonly ShellWord[]): { words: CommandWord[]; sources: ShellWord[] } {
  const out: CommandWord[] = [];
  const sources: ShellWord[] = [];
  for (const w of words) {
    const parts = /^authorization:\s/i.test(w.value) ? w.value.split(/\s+/).filter((p) => p !== '') : [w.value];
    for (const text of parts) {
      out.push({ text, node: noYamlNode, separator: false });
      sources.push(w);
    }
  }
  return { words: out, sources };
}

/** Where the value stands in its word's source: right after `after` when the word is written as it reads, else the whole word. */
function valueRange(script: ShellScript, word: ShellWord, c: ToolCredential): Range {
  const from = word.raw.indexOf(c.after);
  const at = word.raw.indexOf(c.value, from < 0 ? 0 : from + c.after.length);
  return at < 0 ? word.range : script.text.range(word.start + at, word.start + at + c.value.length);
}

/**
 * MLD102 reports `curl -u user:password` with a separate value in a RUN: the readers' other forms (`-uuser:pass`,
 * `--user=…`) and curl in other instructions are left to this reader.
 */
function reportedByUrlRule(keyword: string, c: ToolCredential, words: readonly CommandWord[]): boolean {
  return keyword === 'RUN' && (c.flag === 'curl -u' || c.flag === 'curl --user') && !(words[c.at]?.text.startsWith('-') ?? false);
}

/** curl's credential flags as a word starts (`-u`, `-uUSER:PW`, `--user=`, `-U`, `--proxy-user`): `apt-get install curl` alone is no hint. */
const curlUserFlagRe = /(?:^|[\s"'])-(?:[uU]|-user|-proxy-user)/;

/** The text may start a known client with a credential: one besides curl, or curl with a user flag somewhere. */
function mayPassCredential(text: string): boolean {
  return toolHint.test(text) && (curlUserFlagRe.test(text) || toolHint.test(text.replace(/curl/gi, '')));
}

/**
 * Literal passwords given to known clients' own flags (redis-cli -a, mysqladmin -p<password>, mongosh -p, curl -u
 * user:password, mc alias set, an Authorization header) in a RUN, CMD, ENTRYPOINT or HEALTHCHECK command line.
 */
export function commandCredentials(instruction: Instruction, vocab: SecretVocabulary): CommandCredential[] {
  const instr = effective(instruction);
  if (!commandKeywords.has(instr.keyword) || !(mayPassCredential(instr.args.text) || instr.heredocs.some((h) => mayPassCredential(h.body.text)))) {
    return [];
  }
  const out: CommandCredential[] = [];
  for (const { command, script } of commandsOf(instr)) {
    const { words, sources } = wordsOf(command.words);
    for (const c of toolCredentials(words, commandTools(words), vocab)) {
      const source = sources[c.at];
      if (source && isLiteralArgument(c.value, c.variable, vocab) && !reportedByUrlRule(instr.keyword, c, words)) {
        out.push({ flag: c.flag, variable: c.variable, range: valueRange(script, source, c) });
      }
    }
  }
  return out;
}
