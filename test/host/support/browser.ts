/** Drives Debian's Chromium with playwright-core against a code-server workbench. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Browser, chromium, type Frame, type Page } from 'playwright-core';
import { chromiumPath, resultsDir } from './paths';
import { waitFor } from './wait';

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Launches Chromium headless; its profile, cache and crash database live in a temp folder removed on close. */
export async function launchBrowser(): Promise<Browser> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-host-chromium-'));
  const removeHome = () => fs.rmSync(home, { recursive: true, force: true });
  try {
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      args: chromiumArgs,
      env: { ...process.env, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache'), TMPDIR: home },
    });
    browser.once('disconnected', removeHome);
    return browser;
  } catch (err) {
    removeHome();
    throw err;
  }
}

/**
 * Opens the workbench at `url` and answers the workspace-trust prompt with "Yes, I trust the
 * authors", as a user opening their own project would. The browser console goes to
 * test-results/host/<name>-browser-console.log.
 */
export async function openWorkbench(browser: Browser, url: string, name: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  fs.mkdirSync(resultsDir, { recursive: true });
  const consoleLog = fs.createWriteStream(path.join(resultsDir, `${name}-browser-console.log`));
  page.on('console', (msg) => consoleLog.write(`[${msg.type()}] ${msg.text()}\n`));
  page.on('pageerror', (err) => consoleLog.write(`[pageerror] ${err.stack ?? err.message}\n`));
  page.on('close', () => consoleLog.end());
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
  await trustWorkspace(page);
  return page;
}

export async function trustWorkspace(page: Page): Promise<void> {
  const yes = page.getByRole('button', { name: 'Yes, I trust the authors' });
  await yes.waitFor({ state: 'visible', timeout: 60_000 });
  await yes.click();
  await page.locator('.monaco-dialog-box').waitFor({ state: 'detached', timeout: 30_000 });
}

/** The webview frame (inside the editor's nested iframes) whose document has an h1 with `title`. */
export function frameWithHeading(page: Page, title: string, timeoutMs = 60_000): Promise<Frame> {
  return waitFor(
    `a webview showing "${title}"`,
    async () => {
      for (const frame of page.frames()) {
        if (frame === page.mainFrame()) {
          continue;
        }
        const heading = frame.locator('h1', { hasText: title });
        if ((await heading.count()) > 0 && (await heading.first().isVisible())) {
          return frame;
        }
      }
      return undefined;
    },
    { timeoutMs, intervalMs: 250 },
  );
}
