import * as vscode from 'vscode';
import {
  defaultTailLines,
  describeLogRange,
  formatDuration,
  parseDuration,
  parseTailLines,
  restoreLogPreferences,
  sincePresets,
  type LogPreferences,
  type LogRange,
} from '../../core/kubernetes/log-options';

const storageKey = 'mlc.kubernetes.logPreferences';

/** The last log options chosen, kept in this workspace's state. */
export class LogPreferencesStore {
  constructor(private readonly state: vscode.Memento) {}

  get(): LogPreferences {
    return restoreLogPreferences(this.state.get<unknown>(storageKey));
  }

  set(p: LogPreferences): Thenable<void> {
    return this.state.update(storageKey, p);
  }
}

type Item = vscode.QuickPickItem & { choice?: LogRange | 'tail…' | 'since…' | 'timestamps' };

const sameRange = (a: LogRange, b: LogRange) => JSON.stringify(a) === JSON.stringify(b);
const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function items(last: LogPreferences, timestamps: boolean): Item[] {
  const ranges: LogRange[] = [{ kind: 'tail', lines: defaultTailLines }, ...sincePresets.map((seconds) => ({ kind: 'since' as const, seconds })), { kind: 'all' }];
  if (!ranges.some((r) => sameRange(r, last.range))) {
    ranges.unshift(last.range);
  }
  const label = (r: LogRange) => (r.kind === 'since' ? `Since ${formatDuration(r.seconds)}` : capitalized(describeLogRange(r)));
  return [
    ...ranges.map((r): Item => ({ label: label(r), choice: r, ...(sameRange(r, last.range) ? { description: 'last used' } : {}) })),
    { label: 'Last N lines…', choice: 'tail…' },
    { label: 'Since…', description: 'a duration such as 30s, 5m, 2h or 1d', choice: 'since…' },
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: `$(${timestamps ? 'check' : 'circle-large-outline'}) With timestamps`, description: timestamps ? 'on: select to turn off' : 'off: select to turn on', choice: 'timestamps' },
  ];
}

async function typedRange(kind: 'tail…' | 'since…', last: LogPreferences): Promise<LogRange | undefined> {
  if (kind === 'tail…') {
    const text = await vscode.window.showInputBox({
      title: 'Show the last N lines, then follow',
      value: String(last.range.kind === 'tail' ? last.range.lines : defaultTailLines),
      validateInput: (t) => {
        const r = parseTailLines(t);
        return r.ok ? undefined : r.problem;
      },
    });
    const r = text === undefined ? undefined : parseTailLines(text);
    return r?.ok ? { kind: 'tail', lines: r.lines } : undefined;
  }
  const text = await vscode.window.showInputBox({
    title: 'Show lines newer than, then follow',
    placeHolder: '30s, 5m, 2h, 1d or 1h30m',
    value: last.range.kind === 'since' ? formatDuration(last.range.seconds) : '',
    validateInput: (t) => {
      const r = parseDuration(t);
      return r.ok ? undefined : r.problem;
    },
  });
  const r = text === undefined ? undefined : parseDuration(text);
  return r?.ok ? { kind: 'since', seconds: r.seconds } : undefined;
}

/** Asks which part of the log to show before following (the last choice preselected); undefined: cancelled. */
export async function pickLogPreferences(title: string, last: LogPreferences): Promise<LogPreferences | undefined> {
  const pick = vscode.window.createQuickPick<Item>();
  let timestamps = last.timestamps;
  pick.title = title;
  pick.placeholder = 'Which lines to show before following';
  const render = () => {
    pick.items = items(last, timestamps);
    pick.activeItems = pick.items.filter((i) => i.description === 'last used');
  };
  render();
  const chosen = await new Promise<Item | undefined>((resolve) => {
    pick.onDidAccept(() => {
      const item = pick.selectedItems[0];
      if (item?.choice === 'timestamps') {
        timestamps = !timestamps;
        render();
        return;
      }
      resolve(item);
      pick.hide();
    });
    pick.onDidHide(() => resolve(undefined));
    pick.show();
  });
  pick.dispose();
  if (!chosen?.choice || chosen.choice === 'timestamps') {
    return undefined;
  }
  const range = typeof chosen.choice === 'string' ? await typedRange(chosen.choice, last) : chosen.choice;
  return range ? { range, timestamps } : undefined;
}
