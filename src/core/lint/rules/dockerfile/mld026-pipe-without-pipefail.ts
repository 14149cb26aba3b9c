import { isBusyboxImage } from '../../dockerfile/busybox-base';
import { longOptionsWithValue, scriptShells } from '../../dockerfile/exec-form';
import { grepFailsOnEmptyInput } from '../../dockerfile/grep-sink';
import { rootImage } from '../../dockerfile/scope-values';
import { runCommands } from '../../dockerfile/installs';
import type { Instruction, JsonArg } from '../../dockerfile/model';
import type { SuppressionIndex } from '../../dockerfile/suppress';
import { collectSuppressions } from '../../dockerfile/suppress';
import type { Stage } from '../../dockerfile/semantic';
import type { ShebangProgram } from '../../dockerfile/semantic';
import { chainInstructions, effective, envValue, runScripts, shebangProgram } from '../../dockerfile/semantic';
import type { ShellCommand, ShellScript, ShellWord } from '../../dockerfile/shell';
import { basename, effectiveCommand } from '../../dockerfile/shell';
import type { DockerfileRule } from '../../rule';
import type { Range, RuleFinding, TextEdit } from '../../types';
import { finding, indentOf, insertLinesBefore } from './helpers';

/** A SHELL instruction's exec form sets pipefail in bash, zsh or ash. */
function shellSetsPipefail(json: readonly JsonArg[]): boolean {
  const shell = json.map((j) => j.value);
  const name = basename(shell[0] ?? '');
  if (!['bash', 'zsh', 'ash'].includes(name)) {
    return false;
  }
  return optionsSetPipefail(shell.slice(1));
}

/** The SHELL in force when the stage starts (the last one of its in-file ancestors) sets pipefail. */
function inheritedShellPipefail(stage: Stage): boolean {
  const own = stage.instructions[0];
  let pipefail = false;
  for (const i of chainInstructions(stage)) {
    if (i === own) {
      break;
    }
    if (i.keyword === 'SHELL' && i.json) {
      pipefail = shellSetsPipefail(i.json);
    }
  }
  return pipefail;
}

/** `-o pipefail` among a shell's or `set`'s options (`-o pipefail`, `-euo pipefail`). */
function optionsSetPipefail(args: readonly string[]): boolean {
  return args.some((a, k) => a === 'pipefail' && /^-[a-z]*o$/.test(args[k - 1] ?? ''));
}

/** The first command of the scripts, run one after another. */
function firstCommand(scripts: readonly ShellScript[]): ShellCommand | undefined {
  for (const script of scripts) {
    if (script.commands.length > 0) {
      return script.commands[0];
    }
  }
  return undefined;
}

/** The first command of a script is `set -o pipefail` (or `set -euo pipefail`). */
function isSetPipefail(first: ShellCommand | undefined): boolean {
  const eff = first && effectiveCommand(first);
  return eff?.name === 'set' && optionsSetPipefail(eff.args.map((a) => a.value));
}

/**
 * The shell that reads the RUN's heredocs on stdin (`RUN bash -e <<EOF`; NVIDIA/Megatron-LM's CI images):
 * runScripts reads the heredocs as its scripts only when the command is such a shell. SHELL does not reach
 * that shell, and its pipefail is not inherited.
 */
function heredocShell(scripts: readonly ShellScript[]): ShellCommand | undefined {
  return scripts.length > 1 ? scripts[0]?.commands[0] : undefined;
}

/**
 * A script of the RUN, whether pipefail is on while it runs, and the shell the RUN starts for it, the shebang it runs
 * under, or the command that hands it a shell of its own (`bash -c "…"`), if any.
 */
interface JudgedScript {
  script: ShellScript;
  pipefail: boolean;
  heredocShell?: ShellCommand;
  shebang?: ShebangProgram;
  wrapper?: ShellCommand;
}

/** Variables through which a new bash takes options from its environment. */
const inheritedOptionNames = ['SHELLOPTS', 'BASH_ENV'];

/**
 * The scripts commands of the RUN hand a shell (`bash -c "…"`, `su app -c "…"`, `["bash", "-c", "…"]`): that shell
 * is a new process, so neither SHELL nor a `set -o pipefail` before it reaches it; only its own `-o pipefail` or a
 * `set -o pipefail` opening the script count. None when the environment may hand bash options (an exported SHELLOPTS,
 * a BASH_ENV file it sources first).
 */
function judgeWrappedScripts(stage: Stage, instr: Instruction): JudgedScript[] {
  const out: JudgedScript[] = [];
  if (inheritedOptionNames.some((name) => effective(instr).args.text.includes(name) || envValue(stage, name) !== undefined)) {
    return out;
  }
  const seen = new Set<ShellScript>();
  for (const { script } of runCommands(instr)) {
    const wrapper = script.wrapping?.command;
    if (wrapper && !seen.has(script)) {
      seen.add(script);
      const options = effectiveCommand(wrapper)?.args.map((a) => a.value) ?? [];
      out.push({ script, pipefail: optionsSetPipefail(options) || isSetPipefail(script.commands[0]), wrapper });
    }
  }
  return out;
}

/** `shellPipefail`: the stage's SHELL at `instr` sets pipefail. */
function judgeScripts(instr: Instruction, shellPipefail: boolean): JudgedScript[] {
  const scripts = runScripts(instr);
  // `RUN <<EOF` + `#!/bin/bash`: BuildKit runs the body as its own program, which only its shebang and its own `set` configure.
  const shebang = shebangProgram(instr);
  if (shebang) {
    return scripts.slice(1).map((script) => ({ script, pipefail: optionsSetPipefail(shebang.options) || isSetPipefail(script.commands[0]), shebang }));
  }
  const inner = heredocShell(scripts);
  // Scripts the SHELL runs: the command line, or the heredocs of a RUN that is only heredocs (`RUN <<EOF`).
  const shellRun = inner ? scripts.slice(0, 1) : scripts;
  const pipefail = shellPipefail || isSetPipefail(firstCommand(shellRun));
  const judged: JudgedScript[] = shellRun.map((script) => ({ script, pipefail }));
  if (inner) {
    const innerPipefail = optionsSetPipefail(inner.words.slice(1).map((w) => w.value));
    for (const script of scripts.slice(1)) {
      judged.push({ script, pipefail: innerPipefail || isSetPipefail(script.commands[0]), heredocShell: inner });
    }
  }
  return judged;
}

/** Shells that know `-o pipefail` (dash, Debian's sh, does not). */
const pipefailShells = new Set(['bash', 'zsh', 'ash', 'ksh']);

/**
 * The last of the long options the shell's arguments open with (`bash --login -c …`): bash reads long options only
 * before the single-letter ones (`bash -o pipefail --login` exits with "--: invalid option").
 */
function lastLeadingLongOption(args: readonly ShellWord[]): ShellWord | undefined {
  let last: ShellWord | undefined;
  for (let k = 0; k < args.length; k++) {
    const arg = args[k] as ShellWord;
    if (!/^--[a-z]/.test(arg.value)) {
      break;
    }
    last = longOptionsWithValue.has(arg.value) ? args[++k] : arg;
  }
  return last;
}

/**
 * Turns the shell a RUN starts into one with pipefail: `bash -e <<EOF` → `bash -o pipefail -e <<EOF`, `sudo bash -c
 * "…"` → `sudo bash -o pipefail -c "…"`, `bash --login -c "…"` → `bash --login -o pipefail -c "…"`; a plain `sh`
 * becomes bash, as the SHELL fix does, except on BusyBox images (Alpine), whose sh (ash) knows pipefail. None for
 * `su -c`, whose shell is the user's.
 */
function shellPipefailFix(shell: ShellCommand, busybox: boolean): { shell: string; edits: TextEdit[] } | undefined {
  const eff = effectiveCommand(shell);
  const word = eff?.nameWord;
  const name = word && basename(word.value);
  if (!eff || !word || !name || !(scriptShells.has(name) || pipefailShells.has(name))) {
    return undefined;
  }
  const keeps = pipefailShells.has(name) || busybox;
  const path = keeps ? word.raw : `${word.value.slice(0, word.value.length - name.length)}bash`;
  const shellName = keeps ? name : 'bash';
  const longOption = lastLeadingLongOption(eff.args);
  if (!longOption) {
    return { shell: shellName, edits: [{ range: word.range, newText: `${path} -o pipefail` }] };
  }
  const afterOptions = { range: { start: longOption.range.end, end: longOption.range.end }, newText: ' -o pipefail' };
  return { shell: shellName, edits: keeps ? [afterOptions] : [{ range: word.range, newText: path }, afterOptions] };
}

/** For a heredoc run under its own shebang: pipefail has to be set in the script; bash, zsh, ksh and ash (Alpine's sh) know it. */
function shebangFinding(range: Range, producer: string, shebang: ShebangProgram, script: ShellScript, busybox: boolean): RuleFinding {
  const why = `BuildKit runs a RUN heredoc that begins with #! as a program of its own, so SHELL does not reach it`;
  if (!pipefailShells.has(shebang.interpreter) && !(busybox && shebang.interpreter === 'sh')) {
    return finding(range, `If ${producer} fails, the pipe still succeeds and the build goes on; run the script with #!/bin/bash and set -o pipefail: ${why}.`);
  }
  const at = { line: script.text.posAt(0).line + 1, column: 1 };
  return finding(range, `If ${producer} fails, the pipe still succeeds and the build goes on; add set -o pipefail after the #! line: ${why}.`, {
    title: 'Add set -o pipefail after the #! line',
    edits: [{ range: { start: at, end: at }, newText: 'set -o pipefail\n' }],
  });
}

/** For a script a command hands a shell of its own: pipefail has to be set on that shell or in the script. */
function wrappedFinding(range: Range, producer: string, wrapper: ShellCommand, busybox: boolean): RuleFinding {
  const fix = shellPipefailFix(wrapper, busybox);
  const remedy = fix ? `run it with ${fix.shell} -o pipefail (or start the script with set -o pipefail)` : 'start the script with set -o pipefail';
  const message = `If ${producer} fails, the pipe still succeeds and the build goes on; ${remedy}: the shell this command starts takes pipefail neither from SHELL nor from the RUN's script.`;
  return finding(range, message, fix && { title: `Run the script with ${fix.shell} -o pipefail`, edits: fix.edits });
}

function isPipe(op: string | undefined): boolean {
  return op === '|' || op === '|&';
}

/** Producers that cannot fail (`echo deb … | tee`), so pipefail changes nothing for them. */
const cannotFail = new Set(['echo', 'printf', 'yes', 'true']);

/** `tar` extracts: `-x…` (`tar -C dir -xzf -`), `--extract`/`--get`, or an old-style first word (`tar xz`). */
function tarExtracts(args: readonly string[]): boolean {
  return args.some((a, k) => /^-[A-Za-z]*x/.test(a) || a === '--extract' || a === '--get' || (k === 0 && /^[A-Za-z]*x[A-Za-z]*$/.test(a)));
}

/**
 * The last command of a pipe fails on empty or truncated input, so a failed producer fails the pipe anyway:
 * tar extracting and gpg reading keys exit 2, `sha256sum -c` finds no checksum lines, `apt-key add -` no key,
 * grep no matching line (not after a download, which may have printed part of its output).
 */
function failsOnEmptyInput(cmd: ShellCommand, producers: readonly ShellCommand[]): boolean {
  const eff = effectiveCommand(cmd);
  const args = eff?.args.map((a) => a.value) ?? [];
  switch (eff?.name) {
    case 'tar':
      return tarExtracts(args);
    case 'gpg':
    case 'gpg2':
      return args.includes('--dearmor') || args.includes('--import');
    case 'apt-key':
      return args.includes('add');
    case 'grep':
    case 'egrep':
    case 'fgrep':
      return grepFailsOnEmptyInput(cmd, producers);
    default:
      return /^(?:sha\d+|md5|b2)sum$/.test(eff?.name ?? '') && args.some((a) => a === '--check' || /^-[a-z]*c[a-z]*$/.test(a));
  }
}

/** Keywords that make a pipeline a condition or negate it: its failure never fails the build by itself. */
const conditionKeywords = new Set(['if', 'elif', 'while', 'until', '!']);

/**
 * The first command of each pipeline whose failure pipefail would catch: not a pipeline tested by
 * `if`/`while` or negated with `!` (torchserve's `if echo "$BASE_IMAGE" | grep -q cuda:`), not one
 * whose producers are all commands that cannot fail, and not one whose last command fails on empty input.
 */
function failablePipeProducer(commands: readonly ShellCommand[]): ShellCommand[] {
  const out: ShellCommand[] = [];
  for (let k = 0; k < commands.length; k++) {
    const head = commands[k] as ShellCommand;
    if (!isPipe(head.after) || isPipe(head.before)) {
      continue;
    }
    const producers: ShellCommand[] = [];
    for (let j = k; j < commands.length && isPipe((commands[j] as ShellCommand).after); j++) {
      producers.push(commands[j] as ShellCommand);
    }
    const condition = head.keywords?.some((w) => conditionKeywords.has(w)) ?? false;
    const failing = producers.find((p) => !cannotFail.has(effectiveCommand(p)?.name ?? ''));
    const last = commands[k + producers.length];
    if (!condition && failing && !(last && failsOnEmptyInput(last, producers))) {
      out.push(failing);
    }
  }
  return out;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD026',
    name: 'pipe-without-pipefail',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { hadolint: ['DL4006'] },
    description: 'A RUN pipes commands without pipefail, so a failing command before the pipe passes the build.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    if (model.nonPosixShell) {
      return out;
    }
    let suppressions: SuppressionIndex | undefined;
    const suppressed = (f: RuleFinding): boolean => {
      suppressions ??= collectSuppressions(model.parsed);
      return suppressions.isSuppressed({ ruleId: rule.meta.id, severity: rule.meta.severity, message: f.message, range: f.range }, rule.meta);
    };
    for (const stage of model.stages) {
      if (stage.nonPosixShell) {
        continue;
      }
      const busybox = isBusyboxImage(rootImage(model, stage));
      // Whether the SHELL in force sets pipefail, as the loop passes each SHELL.
      let shellPipefail = inheritedShellPipefail(stage);
      // The first RUN since the last SHELL given the SHELL fix: every later one inserts the same SHELL there, so fixes
      // made together add one SHELL line, not one per RUN (sglang's image had two).
      let shellFixAnchor: { instr: Instruction; finding: RuleFinding } | undefined;
      for (const instr of stage.instructions) {
        const shellPipefailHere = shellPipefail;
        if (instr.keyword === 'SHELL') {
          shellFixAnchor = undefined;
          if (instr.json) {
            shellPipefail = shellSetsPipefail(instr.json);
          }
        }
        if (!runCommands(instr).some(({ script }) => failablePipeProducer(script.commands).length > 0)) {
          continue;
        }
        const judged = [...judgeScripts(instr, shellPipefailHere), ...judgeWrappedScripts(stage, instr)];
        const unguarded = judged.find((j) => !j.pipefail && failablePipeProducer(j.script.commands).length > 0);
        const piped = unguarded && failablePipeProducer(unguarded.script.commands)[0];
        const first = piped?.words[0];
        if (!unguarded || !piped || !first) {
          continue;
        }
        const range = { start: first.range.start, end: (piped.words[piped.words.length - 1] ?? first).range.end };
        if (unguarded.shebang) {
          out.push(shebangFinding(range, first.value, unguarded.shebang, unguarded.script, busybox));
          continue;
        }
        if (unguarded.wrapper) {
          out.push(wrappedFinding(range, first.value, unguarded.wrapper, busybox));
          continue;
        }
        const fix = unguarded.heredocShell && shellPipefailFix(unguarded.heredocShell, busybox);
        if (fix) {
          out.push(
            finding(
              range,
              `If ${first.value} fails, the pipe still succeeds and the build goes on; run the heredoc with ${fix.shell} -o pipefail (or start it with set -o pipefail): SHELL does not reach the shell this RUN starts.`,
              { title: `Run the heredoc with ${fix.shell} -o pipefail`, edits: fix.edits },
            ),
          );
          continue;
        }
        const shell = busybox ? 'SHELL ["/bin/ash", "-eo", "pipefail", "-c"]' : 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]';
        const message = `If ${first.value} fails, the pipe still succeeds and the build goes on; set ${shell} before this RUN (or start the script with set -o pipefail).`;
        const insertBefore = (at: Instruction): RuleFinding =>
          finding(range, message, { title: 'Insert a SHELL with pipefail', edits: [insertLinesBefore(at, `${indentOf(at, model.parsed.lines)}${shell}`)] });
        // An earlier RUN whose finding is suppressed keeps its shell.
        if (shellFixAnchor && !suppressed(shellFixAnchor.finding)) {
          out.push(insertBefore(shellFixAnchor.instr));
          continue;
        }
        const own = insertBefore(instr);
        shellFixAnchor = { instr, finding: own };
        out.push(own);
      }
    }
    return out;
  },
};
