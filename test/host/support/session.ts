/** One code-server with the packaged extension, one browser and one trusted workbench page: what a UI test file needs. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openWorkbench } from './browser';
import { type CodeServer, startCodeServer } from './code-server';
import { extensionVsix } from './paths';

export interface UiSession {
  server: CodeServer;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/** `name` names the logs (test-results/host/<name>-*.log); `env` goes to code-server and so to the extension host. */
export async function openSession(name: string, folder: string, env?: Record<string, string>): Promise<UiSession> {
  assert.ok(fs.existsSync(extensionVsix), `${extensionVsix} is missing: run npm run package`);
  const server = await startCodeServer({ name, workspace: folder, vsixes: [extensionVsix], ...(env ? { env } : {}) });
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const page = await openWorkbench(browser, server.workspaceUrl, name);
    const opened = browser;
    return {
      server,
      browser: opened,
      page,
      close: async () => {
        await opened.close();
        await server.stop();
      },
    };
  } catch (err) {
    await browser?.close();
    await server.stop();
    throw err;
  }
}
