/**
 * UI flows through a real browser against a real VS Code (code-server) with the packaged
 * extension (out/ml-containers.vsix) installed. Run by scripts/test-host.sh.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Frame, Locator, Page } from 'playwright-core';
import { frameWithHeading, launchBrowser, openWorkbench } from '../support/browser';
import { type CodeServer, startCodeServer } from '../support/code-server';
import { extensionVsix, resultsDir } from '../support/paths';
import { waitFor } from '../support/wait';
import { prepareWorkspace, type TestWorkspace } from '../support/workspace';

const reportTitle = 'ML Containers: Check Environment';
const welcomeText = 'ML Containers helps you take an ML project from a Dockerfile';
export const screenshotPath = path.join(resultsDir, 'check-environment.png');

/** The "checked <time> on <platform>" summary line, which changes on every run of the command. */
async function reportSummary(frame: Frame): Promise<string> {
  return (await frame.locator('p', { hasText: /checked \d{4}-\d\d-\d\d/ }).first().textContent()) ?? '';
}

/** The welcome content of the Get Started view (the Docker views have welcome content of their own). */
function getStartedWelcome(page: Page): Locator {
  return page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Get Started' }) }).locator('.welcome-view-content');
}

describe('ML Containers in the browser workbench (code-server)', function () {
  this.timeout(180_000);
  let workspace: TestWorkspace | undefined;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;

  before(async () => {
    assert.ok(fs.existsSync(extensionVsix), `${extensionVsix} is missing: run npm run package`);
    workspace = prepareWorkspace();
    server = await startCodeServer({ name: 'ui', workspace: workspace.path, vsixes: [extensionVsix] });
    browser = await launchBrowser();
    page = await openWorkbench(browser, server.workspaceUrl, 'ui');
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    workspace?.dispose();
  });

  it('shows the ML Containers view with its welcome text and Check Environment button', async () => {
    const item = page.locator('.activitybar a[aria-label="ML Containers"]');
    await item.waitFor({ state: 'visible', timeout: 30_000 });
    await item.click();
    const welcome = getStartedWelcome(page);
    await welcome.getByText(welcomeText).waitFor({ state: 'visible', timeout: 30_000 });
    await welcome.getByRole('button', { name: 'Check Environment' }).waitFor({ state: 'visible' });
    const title = await page.locator('.part.sidebar .composite.title').textContent();
    assert.match(title ?? '', /ML Containers/i);
  });

  it('runs Check Environment from the button and renders the report next to the view', async () => {
    await getStartedWelcome(page).getByRole('button', { name: 'Check Environment' }).click();
    const frame = await frameWithHeading(page, reportTitle);
    await frame.getByRole('heading', { level: 2, name: 'Docker', exact: true }).waitFor({ state: 'visible', timeout: 10_000 });
    await frame.getByRole('heading', { level: 2, name: 'Workspace', exact: true }).waitFor({ state: 'attached', timeout: 10_000 });
    const tab = page.locator('.tabs-container .tab', { hasText: 'Check Environment' });
    await tab.waitFor({ state: 'visible', timeout: 10_000 });
    await getStartedWelcome(page).waitFor({ state: 'visible' });
    fs.mkdirSync(resultsDir, { recursive: true });
    await page.screenshot({ path: screenshotPath });
  });

  it('runs "ML Containers: Check Environment" from the Command Palette', async () => {
    const previous = await reportSummary(await frameWithHeading(page, reportTitle));
    await getStartedWelcome(page).locator('p').first().click(); // focus the workbench, not the webview
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`>${reportTitle}`);
    const entry = page.locator('.quick-input-list .monaco-list-row', { hasText: reportTitle });
    await entry.first().waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.press('Enter');
    const after = await waitFor(
      'the report to be refreshed by the second run',
      async () => {
        const summary = await reportSummary(await frameWithHeading(page, reportTitle, 5_000));
        return summary && summary !== previous ? summary : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    assert.match(after, /checked/);
  });
});
