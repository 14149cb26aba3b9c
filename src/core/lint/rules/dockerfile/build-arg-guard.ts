import type { ShellCommand, ShellScript } from '../../dockerfile/shell';

/** The values a test reads: a map of the variables at the RUN, or anything that answers for a name as one does. */
type Values = Pick<ReadonlyMap<string, string | undefined>, 'get'>;

const testedVariableRe = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/;

interface ValueTest {
  name: string;
  value: string;
  /** `=` or `==`; false for `!=`. */
  equal: boolean;
}

/** `[ "$X" = VALUE ]`, `[[ ${X} == VALUE ]]`, `test "$X" != VALUE` (either side first): the variable, the literal, and the operator. */
function valueTest(command: ShellCommand): ValueTest | undefined {
  const words = command.words;
  const head = words[0]?.value;
  const closing = head === '[' ? ']' : head === '[[' ? ']]' : undefined;
  const operands = head === 'test' && words.length === 4 ? words.slice(1) : closing && words.length === 5 && words[4]?.value === closing ? words.slice(1, 4) : undefined;
  const [left, op, right] = operands ?? [];
  if (!left || !right || (op?.value !== '=' && op?.value !== '==' && op?.value !== '!=') || command.keywords?.includes('!')) {
    return undefined;
  }
  for (const [variable, literal] of [[left, right], [right, left]] as const) {
    const name = testedVariableRe.exec(variable.value)?.[1];
    if (name !== undefined && !literal.raw.includes('$') && !literal.raw.includes('`') && !/[*?[]/.test(literal.value)) {
      return { name, value: literal.value, equal: op?.value !== '!=' };
    }
  }
  return undefined;
}

/** The setting that makes a test true, where the variables' values at the RUN make it false: `X=VALUE`, `X is not VALUE`. */
function settingToPass(test: ValueTest | undefined, values: Values): string | undefined {
  const value = test && values.get(test.name);
  if (!test || value === undefined) {
    return undefined;
  }
  if (test.equal) {
    return value !== test.value ? `${test.name}=${test.value}` : undefined;
  }
  return value === test.value ? `${test.name} is not ${test.value}` : undefined;
}

/**
 * The setting an `if` condition needs where the values make it false: its one test, or a test of an `&&` chain, all of
 * which must pass (unclecode/crawl4ai: `if [ "$ENABLE_GPU" = "true" ] && [ "$TARGETARCH" = "amd64" ]`).
 */
function conditionSetting(cond: readonly ShellCommand[], values: Values): string | undefined {
  if (cond.slice(1).some((c) => c.before !== '&&')) {
    return undefined;
  }
  return cond.map((c) => settingToPass(valueTest(c), values)).find((setting) => setting !== undefined);
}

/** Operators that may come before the first command of an `&&` list (a `||` before it would let the list go on without it). */
const listStarts = new Set<string | undefined>([undefined, ';', '\n', '&&']);

/**
 * `[ "$X" != false ] && … && command` (huggingface/transformers' FLASH_ATTN): a test joined to `command` by `&&` alone that
 * the values make false, so `command` never runs; the setting that makes it true.
 */
function deadListSetting(commands: readonly ShellCommand[], index: number, values: Values): string | undefined {
  for (let k = index; k > 0 && commands[k]?.before === '&&'; k--) {
    const previous = commands[k - 1] as ShellCommand;
    if (!listStarts.has(previous.before)) {
      return undefined;
    }
    const setting = settingToPass(valueTest(previous), values);
    if (setting !== undefined) {
      return setting;
    }
  }
  return undefined;
}

/**
 * The test that the variables' values at the RUN make false and that keeps `command` from running: the condition of an
 * enclosing `if [ "$X" = VALUE ]; then` (innermost first; see conditionSetting), or a test before it in an `&&` list. The
 * setting the build needs to run it (`X=VALUE`: hiyouga/LLaMA-Factory's `INSTALL_FLASHATTN`, false by default);
 * undefined when none, or when the value is unknown.
 */
export function deadBranchSetting(script: ShellScript, command: ShellCommand, values: Values): string | undefined {
  const stack: { cond: ShellCommand[]; part: 'cond' | 'body' | 'else' }[] = [];
  for (const [index, c] of script.commands.entries()) {
    for (const keyword of c.keywords ?? []) {
      const top = stack.at(-1);
      if (keyword === 'if') {
        stack.push({ cond: [], part: 'cond' });
      } else if (keyword === 'then' && top) {
        top.part = 'body';
      } else if ((keyword === 'elif' || keyword === 'else') && top) {
        top.cond = [];
        top.part = keyword === 'elif' ? 'cond' : 'else';
      } else if (keyword === 'fi') {
        stack.pop();
      }
    }
    if (c === command) {
      for (const frame of [...stack].reverse()) {
        const setting = frame.part === 'body' ? conditionSetting(frame.cond, values) : undefined;
        if (setting !== undefined) {
          return setting;
        }
      }
      return deadListSetting(script.commands, index, values);
    }
    const top = stack.at(-1);
    if (top?.part === 'cond') {
      top.cond.push(c);
    }
  }
  return undefined;
}
