/**
 * Workbench actions for the UI flows: Command Palette, quick picks and input boxes, views and
 * their tree rows, notifications, editors and screenshots. Every wait is for a concrete DOM state.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { resultsDir } from './paths';
import { waitFor } from './wait';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget');
}

/** The quick pick / input box whose title contains `title`, once it is showing. */
export async function waitForQuickInput(page: Page, title: string | RegExp, timeoutMs = 30_000): Promise<Locator> {
  const widget = quickInput(page);
  await widget.locator('.quick-input-title', { hasText: title }).waitFor({ state: 'visible', timeout: timeoutMs });
  return widget;
}

/** F1, the command's title, Enter: as a user runs a command. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = quickInput(page).locator('input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  await quickInput(page).locator('.monaco-list-row', { hasText: title }).first().waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.press('Enter');
}

/** In the single-select pick titled `title`, clicks the row whose label contains `label`. */
export async function pickItem(page: Page, title: string | RegExp, label: string | RegExp): Promise<void> {
  const widget = await waitForQuickInput(page, title);
  const row = widget.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  await row.click();
  await waitFor(`the pick "${String(title)}" to close or move on`, async () => ((await widget.locator('.quick-input-title', { hasText: title }).isVisible()) ? undefined : true), { timeoutMs: 30_000 });
}

/** In the input box titled `title`, types `value` (or keeps the pre-filled one) and presses Enter. */
export async function answerInput(page: Page, title: string | RegExp, value?: string): Promise<void> {
  const widget = await waitForQuickInput(page, title);
  if (value !== undefined) {
    await widget.locator('input').fill(value);
  }
  await page.keyboard.press('Enter');
  await waitFor(`the input "${String(title)}" to close or move on`, async () => ((await widget.locator('.quick-input-title', { hasText: title }).isVisible()) ? undefined : true), { timeoutMs: 30_000 });
}

/** The labels of the rows the quick input shows now, with their descriptions. */
export async function quickInputRows(page: Page): Promise<{ label: string; description: string; checked: boolean }[]> {
  const rows = quickInput(page).locator('.quick-input-list .monaco-list-row');
  const out: { label: string; description: string; checked: boolean }[] = [];
  for (const row of await rows.all()) {
    const label = (await row.locator('.label-name').first().textContent())?.trim() ?? '';
    const description = (await row.locator('.label-description').first().textContent().catch(() => ''))?.trim() ?? '';
    const checked = (await row.getAttribute('aria-checked')) === 'true';
    out.push({ label, description, checked });
  }
  return out;
}

export async function showMlContainers(page: Page): Promise<void> {
  const item = page.locator('.activitybar a[aria-label="ML Containers"]');
  await item.waitFor({ state: 'visible', timeout: 30_000 });
  if ((await page.locator('.part.sidebar .composite.title', { hasText: /ML Containers/i }).count()) === 0) {
    await item.click();
  }
  await page.locator('.part.sidebar .composite.title', { hasText: /ML Containers/i }).waitFor({ state: 'visible', timeout: 30_000 });
}

/** The view pane with this exact title in the side bar. */
export function viewPane(page: Page, title: string): Locator {
  return page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header .title', { hasText: new RegExp(`^${escape(title)}$`) }) });
}

async function setPaneExpanded(page: Page, title: string, expanded: boolean): Promise<Locator> {
  const pane = viewPane(page, title);
  const header = pane.locator('.pane-header');
  await header.waitFor({ state: 'visible', timeout: 30_000 });
  await toggleUntil(header, expanded, `the ${title} view`);
  return pane;
}

export const expandView = (page: Page, title: string) => setPaneExpanded(page, title, true);
export const collapseView = (page: Page, title: string) => setPaneExpanded(page, title, false);

/** A tree row of `pane` whose text (label and description) matches `text`. */
export function treeRow(pane: Locator, text: string | RegExp): Locator {
  return pane.locator('.monaco-list-row', { hasText: text }).first();
}

/** A tree row of `pane` whose label (without the description) is exactly `label`, or matches it. */
export function labelledRow(pane: Locator, label: string | RegExp): Locator {
  const exact = typeof label === 'string' ? new RegExp(`^${escape(label)}$`) : label;
  return pane.locator('.monaco-list-row').filter({ has: pane.page().locator('.label-name', { hasText: exact }) }).first();
}

/** The label and the description of a tree row. */
export async function rowText(row: Locator): Promise<{ label: string; description: string }> {
  const label = (await row.locator('.label-name').first().textContent({ timeout: 5_000 }))?.trim() ?? '';
  const description = (await row.locator('.label-description').count()) > 0 ? ((await row.locator('.label-description').first().textContent())?.trim() ?? '') : '';
  return { label, description };
}

/** Waits for the row (a locator, or the text it contains), and expands it when it is collapsed. */
export async function expandRow(pane: Locator, text: string | RegExp | Locator, timeoutMs = 60_000): Promise<Locator> {
  const row = typeof text === 'string' || text instanceof RegExp ? treeRow(pane, text) : text;
  await row.waitFor({ state: 'visible', timeout: timeoutMs });
  await toggleUntil(row, true, `the row ${row.toString()}`);
  return row;
}

export async function collapseRow(row: Locator): Promise<void> {
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  await toggleUntil(row, false, `the row ${row.toString()}`);
}

/** Clicks `target` (a pane header or a tree row) until its aria-expanded is `expanded`: a click during a re-render can be lost. */
async function toggleUntil(target: Locator, expanded: boolean, what: string): Promise<void> {
  let lastClick = 0;
  await waitFor(`${what} to be ${expanded ? 'expanded' : 'collapsed'}`, async () => {
    if ((await target.getAttribute('aria-expanded')) === String(expanded)) {
      return true;
    }
    if (Date.now() - lastClick > 2_000) {
      lastClick = Date.now();
      await target.click({ timeout: 5_000 });
    }
    return undefined;
  }, { timeoutMs: 30_000, intervalMs: 200 });
}

/** Right-clicks `row` and runs the context-menu entry `action`. */
export async function contextMenu(page: Page, row: Locator, action: string): Promise<void> {
  await row.click({ button: 'right' });
  const entry = page.locator('.context-view .action-label', { hasText: action }).first();
  await entry.waitFor({ state: 'visible', timeout: 10_000 });
  // A menu ignores a click that comes too soon after it opened; the entry's action closes it.
  await waitFor(`the context-menu entry "${action}" to run`, async () => {
    if (!(await entry.isVisible())) {
      return true;
    }
    await entry.click({ timeout: 2_000 }).catch(() => undefined);
    return undefined;
  }, { timeoutMs: 15_000, intervalMs: 500 });
}

/** Hovers `row` and clicks its inline action titled `action` (the icon buttons at the row's end). */
export async function inlineAction(row: Locator, action: string): Promise<void> {
  await row.hover();
  const button = row.locator(`.actions .action-label[aria-label="${action}"]`);
  await button.waitFor({ state: 'visible', timeout: 10_000 });
  await button.click();
}

/** A notification toast (or the notification centre's entry) whose message matches `text`. */
export function notification(page: Page, text: string | RegExp): Locator {
  return page.locator('.notification-list-item', { has: page.locator('.notification-list-item-message', { hasText: text }) }).first();
}

/** Waits for a toast with this message to have finished sliding in (so a screenshot shows it whole); returns its text. */
export async function waitForNotification(page: Page, text: string | RegExp, timeoutMs = 30_000): Promise<string> {
  const toast = page.locator('.notification-toast.notification-fade-in-done', { has: page.locator('.notification-list-item-message', { hasText: text }) }).first();
  await toast.waitFor({ state: 'visible', timeout: timeoutMs });
  return (await toast.locator('.notification-list-item-message').textContent()) ?? '';
}

/** Opens a workspace file with Quick Open and waits for its editor tab to be active. */
export async function openFile(page: Page, relativePath: string): Promise<void> {
  const base = path.posix.basename(relativePath);
  await page.keyboard.press('Control+P');
  const input = quickInput(page).locator('input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(relativePath);
  const row = quickInput(page).locator('.monaco-list-row', { hasText: base }).first();
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: base }).waitFor({ state: 'visible', timeout: 30_000 });
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ state: 'visible', timeout: 30_000 });
}

/** Keeps test-results/host/<name>.png and returns its path. */
export async function keepScreenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/**
 * The tree row of `pane` matching `text`, scrolling the list down until it is rendered (lists
 * render only the rows in view). Fails at the deadline.
 */
export async function scrollToRow(page: Page, pane: Locator, row: Locator, timeoutMs = 60_000): Promise<Locator> {
  const list = pane.locator('.monaco-list').first();
  let scrolls = 0;
  await waitFor(`a row ${row.toString()}`, async () => {
    if (await row.isVisible()) {
      return true;
    }
    await list.hover();
    // From the top first, then downwards: the list may have been scrolled past the row.
    await page.mouse.wheel(0, scrolls % 20 === 0 ? -100_000 : 150);
    scrolls += 1;
    return undefined;
  }, { timeoutMs, intervalMs: 200 });
  return row;
}

/** For an afterEach hook: keeps test-results/host/<name>-failed.png when the test just failed. */
export async function screenshotOnFailure(test: Mocha.Test | undefined, page: Page | undefined, name: string): Promise<void> {
  if (test?.state === 'failed' && page && !page.isClosed()) {
    await keepScreenshot(page, `${name}-failed`).catch(() => undefined);
  }
}

/** Drags the sash at the side bar's right edge until the side bar is about `width` pixels wide. */
export async function widenSideBar(page: Page, width: number): Promise<void> {
  const sideBar = page.locator('.part.sidebar');
  const box = await sideBar.boundingBox();
  if (!box) {
    throw new Error('the side bar is not showing');
  }
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 5 });
  await page.mouse.up();
  await waitFor(`the side bar to be ${width}px wide`, async () => (((await sideBar.boundingBox())?.width ?? 0) >= width - 20 ? true : undefined), { timeoutMs: 5_000 });
}
