/**
 * Issue 6 in the real VS Code against the real Docker Engine: build the examples/ inference image
 * with "Build Image…", run it from the Images view with the CPU profile publishing its port on
 * 127.0.0.1, see the port in the Containers view, and open /healthz through the port link.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { freePort } from '../support/code-server';
import { repoRoot } from '../support/paths';
import { openSession, type UiSession } from '../support/session';
import { waitFor } from '../support/wait';
import {
  answerInput,
  contextMenu,
  expandRow,
  expandView,
  keepScreenshot,
  openFile,
  pickItem,
  runCommand,
  showMlContainers,
  treeRow,
  viewPane,
  waitForNotification,
  screenshotOnFailure,
} from '../support/workbench';
import { copyExample, type TestWorkspace } from '../support/workspace';

const exec = promisify(execFile);

async function docker(...args: string[]): Promise<string> {
  return (await exec('docker', args, { timeout: 120_000 })).stdout.trim();
}

/** The images and containers this run created, by the unique tag; never anything else, never a prune. */
async function removeCreated(tag: string): Promise<void> {
  const ids = (await docker('ps', '-aq', '--filter', `ancestor=${tag}`).catch(() => '')).split('\n').filter(Boolean);
  if (ids.length > 0) {
    await docker('rm', '-f', ...ids);
  }
  await docker('image', 'rm', '-f', tag).catch(() => '');
}

/** Idempotent provisioning: a no-op when the engine answers and the base image stand-ins exist. */
function provision(script: string, action: string): Promise<unknown> {
  return exec('bash', [path.join(repoRoot, 'scripts/provision', script), action], { timeout: 30 * 60_000 });
}

describe('Docker build, run and port link in the browser workbench (issue 6)', function () {
  this.timeout(600_000);
  const runId = `r${Date.now().toString(36)}${process.pid}`;
  const repository = 'mlc-host-ui/sentiment-api';
  const tag = `${repository}:${runId}`;
  let workspace: TestWorkspace | undefined;
  let session: UiSession | undefined;
  let hostPort = 0;
  let containerName = '';

  before(async function () {
    this.timeout(40 * 60_000); // a cold machine installs the engine and builds the base image stand-in
    await provision('docker-engine.sh', 'start');
    await provision('base-images.sh', 'ensure');
    workspace = copyExample('sentiment-api');
    session = await openSession('docker', workspace.path);
  });

  afterEach(async function () {
    await screenshotOnFailure(this.currentTest, session?.page, 'docker');
  });

  after(async function () {
    this.timeout(180_000);
    await session?.close();
    workspace?.dispose();
    await removeCreated(tag);
  });

  it('builds the example image with Build Image… on its Dockerfile', async () => {
    const page = session!.page;
    await openFile(page, 'Dockerfile');
    await runCommand(page, 'ML Containers: Build Image…');
    await answerInput(page, 'Build Image (1/4): tag', tag);
    await answerInput(page, 'Build Image (3/4): build arguments', '');
    await pickItem(page, 'Build Image (4/4): build context', 'sentiment-api');
    await pickItem(page, 'Build Image: platform', 'Engine default');
    await waitForNotification(page, `ML Containers: built ${tag}.`, 540_000);
    assert.match(await docker('image', 'inspect', '--format', '{{index .Config.ExposedPorts}}', tag), /5055\/tcp/);
    await keepScreenshot(page, 'docker-build');
  });

  it('runs it from the Images view with the CPU profile and shows the published port in the Containers view', async () => {
    const page = session!.page;
    hostPort = await freePort();
    await showMlContainers(page);
    const images = await expandView(page, 'Images');
    await expandRow(images, repository);
    await contextMenu(page, treeRow(images, runId), 'Run Image…');
    await pickItem(page, 'Run Image: GPUs', 'CPU only');
    await pickItem(page, 'Run Image: shared memory', /^shm-size/);
    await answerInput(page, 'Run Image: published ports', `${hostPort}:5055`);
    await answerInput(page, 'Run Image: bind mounts');
    await pickItem(page, 'Run Image: env file', 'No env file');
    await pickItem(page, 'Run Image: restart policy', /^no/);
    await waitForNotification(page, `ML Containers: started ${tag}`, 120_000);

    const id = await docker('ps', '-q', '--filter', `ancestor=${tag}`);
    assert.ok(id, `a running container of ${tag}`);
    containerName = (await docker('inspect', '--format', '{{.Name}}', id)).replace(/^\//, '');
    const bindings = JSON.parse(await docker('inspect', '--format', '{{json .HostConfig.PortBindings}}', id)) as Record<string, { HostIp: string; HostPort: string }[]>;
    assert.deepEqual(bindings['5055/tcp'], [{ HostIp: '127.0.0.1', HostPort: String(hostPort) }]);

    const containers = await expandView(page, 'Containers');
    await expandRow(containers, containerName);
    await treeRow(containers, `http://127.0.0.1:${hostPort}`).waitFor({ state: 'visible', timeout: 60_000 });
    await keepScreenshot(page, 'docker-run');
  });

  it('opens /healthz of the running container through the port link', async () => {
    const page = session!.page;
    const link = treeRow(viewPane(page, 'Containers'), `http://127.0.0.1:${hostPort}`);
    const [opened] = await Promise.all([page.context().waitForEvent('page', { timeout: 60_000 }), link.click()]);
    const base = await waitFor('the opened page to have its address', () => (opened.url().startsWith('http') ? opened.url() : undefined), { timeoutMs: 30_000 });
    assert.match(base, new RegExp(`127\\.0\\.0\\.1:(${hostPort}/|\\d+/proxy/${hostPort}/)`), `the link opened ${base}`);
    const healthz = new URL('healthz', base.endsWith('/') ? base : `${base}/`).toString();
    const body = await waitFor(`${healthz} to answer`, () => bodyOf(opened, healthz), { timeoutMs: 90_000, intervalMs: 1_000 });
    assert.deepEqual(JSON.parse(body), { status: 'ok' });
    // A headless page has no address bar: caption the screenshot with the address it shows.
    const caption = `${opened.url()} (the port link in the Containers view opened ${base})`;
    await opened.evaluate(`(() => {
      const p = document.createElement('p');
      p.textContent = ${JSON.stringify(caption)};
      p.style.cssText = 'font: 16px sans-serif; background: #ffd; padding: 8px; margin: 0 0 8px';
      document.body.prepend(p);
    })()`);
    await keepScreenshot(opened, 'docker-healthz');
  });
});

/** Navigates `page` to `url` and returns the body text when the server answered 200. */
async function bodyOf(page: Page, url: string): Promise<string | undefined> {
  const response = await page.goto(url).catch(() => null);
  return response?.status() === 200 ? (await page.locator('body').textContent())?.trim() : undefined;
}
