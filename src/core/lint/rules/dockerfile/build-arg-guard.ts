import type { ShellCommand, ShellScript } from '../../dockerfile/shell';

const testedVariableRe = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/;

/** `[ "$X" = VALUE ]`, `[[ ${X} == VALUE ]]` or `test "$X" = VALUE` (either side first): the variable and the literal it must equal. */
function equalityTest(command: ShellCommand): { name: string; value: string } | undefined {
  const words = command.words;
  const head = words[0]?.value;
  const closing = head === '[' ? ']' : head === '[[' ? ']]' : undefined;
  const operands = head === 'test' && words.length === 4 ? words.slice(1) : closing && words.length === 5 && words[4]?.value === closing ? words.slice(1, 4) : undefined;
  const [left, op, right] = operands ?? [];
  if (!left || !right || (op?.value !== '=' && op?.value !== '==') || command.keywords?.includes('!')) {
    return undefined;
  }
  for (const [variable, literal] of [[left, right], [right, left]] as const) {
    const name = testedVariableRe.exec(variable.value)?.[1];
    if (name !== undefined && !literal.raw.includes('$') && !literal.raw.includes('`') && !/[*?[]/.test(literal.value)) {
      return { name, value: literal.value };
    }
  }
  return undefined;
}

/**
 * The `if [ "$X" = VALUE ]; then` whose body holds `command` and that the variables' values at the RUN make false:
 * `X=VALUE`, the setting the build needs to take the branch (hiyouga/LLaMA-Factory's `INSTALL_FLASHATTN`, false by
 * default). Only a one-test condition of the innermost such `if`; undefined when none, or when the value is unknown.
 */
export function deadBranchSetting(script: ShellScript, command: ShellCommand, values: ReadonlyMap<string, string | undefined>): string | undefined {
  const stack: { cond: ShellCommand[]; part: 'cond' | 'body' | 'else' }[] = [];
  for (const c of script.commands) {
    for (const keyword of c.keywords ?? []) {
      const top = stack[stack.length - 1];
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
        const test = frame.part === 'body' && frame.cond.length === 1 && frame.cond[0] ? equalityTest(frame.cond[0]) : undefined;
        const value = test && values.get(test.name);
        if (test && value !== undefined && value !== test.value) {
          return `${test.name}=${test.value}`;
        }
      }
      return undefined;
    }
    const top = stack[stack.length - 1];
    if (top?.part === 'cond') {
      top.cond.push(c);
    }
  }
  return undefined;
}
