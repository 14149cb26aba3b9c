/**
 * Issue 5 in the real VS Code: "Add Container Files…" on a copy of examples/sentiment-api, through
 * its quick picks, writes the new files; an existing file is only replaced after its diff and an
 * explicit choice (here: Keep Current, so it stays byte for byte).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openSession, type UiSession } from '../support/session';
import { waitFor } from '../support/wait';
import { answerInput, keepScreenshot, pickItem, quickInput, quickInputRows, runCommand, waitForNotification, waitForQuickInput, screenshotOnFailure } from '../support/workbench';
import { copyExample, type TestWorkspace } from '../support/workspace';

const title = 'ML Containers: Add Container Files';
const commandTitle = 'ML Containers: Add Container Files…';

describe('Add Container Files… in the browser workbench (issue 5)', function () {
  this.timeout(240_000);
  let workspace: TestWorkspace | undefined;
  let session: UiSession | undefined;

  before(async () => {
    workspace = copyExample('sentiment-api');
    session = await openSession('scaffold', workspace.path);
  });

  afterEach(async function () {
    await screenshotOnFailure(this.currentTest, session?.page, 'scaffold');
  });

  after(async () => {
    await session?.close();
    workspace?.dispose();
  });

  it('creates the new files through the quick picks and keeps the existing Dockerfile after its diff', async () => {
    const page = session!.page;
    const root = workspace!.path;
    const dockerfileBefore = fs.readFileSync(path.join(root, 'Dockerfile'));
    await runCommand(page, commandTitle);

    await pickItem(page, `${title} (1/6)`, 'Inference API');
    await pickItem(page, `${title} (2/6)`, /^sklearn/);
    // Steps 3 (CPU or GPU) and 5 (serving framework) appear only when there is a choice to make.
    const stackOrAccelerator = await waitFor('the accelerator or stack step', async () => {
      for (const step of ['3/6', '4/6']) {
        if (await quickInput(page).locator('.quick-input-title', { hasText: `${title} (${step})` }).isVisible()) {
          return step;
        }
      }
      return undefined;
    });
    if (stackOrAccelerator === '3/6') {
      await pickItem(page, `${title} (3/6)`, /^CPU$/);
    }
    await waitForQuickInput(page, `${title} (4/6)`);
    await page.keyboard.press('Enter'); // the stack the compatibility table lists first
    if (await waitFor('the server or parts step', async () => {
      if (await quickInput(page).locator('.quick-input-title', { hasText: `${title} (5/6)` }).isVisible()) {
        return true;
      }
      return (await quickInput(page).locator('.quick-input-title', { hasText: `${title} (6/6)` }).isVisible()) ? false : undefined;
    })) {
      await pickItem(page, `${title} (5/6)`, 'Flask');
    }
    await answerInput(page, `${title} (6/6)`); // the pre-selected parts

    await waitForQuickInput(page, `${title} (preview)`);
    const rows = await quickInputRows(page);
    const created = rows.filter((r) => r.description === 'new').map((r) => r.label);
    const existing = rows.filter((r) => r.description.startsWith('exists')).map((r) => r.label);
    assert.ok(created.length > 0, `nothing new proposed: ${JSON.stringify(rows)}`);
    assert.ok(existing.includes('Dockerfile'), `the existing Dockerfile is offered for review: ${JSON.stringify(rows)}`);
    for (const r of rows) {
      assert.equal(r.checked, r.description === 'new', `${r.label}: only new files are pre-selected`);
    }
    // Also select the existing Dockerfile: it must go through the diff and the explicit choice.
    await quickInput(page).locator('.quick-input-list .monaco-list-row', { hasText: /^Dockerfile/ }).first().locator('.quick-input-list-checkbox, input[type=checkbox], .monaco-checkbox').first().click();
    await waitFor('the Dockerfile row to be selected', async () => ((await quickInputRows(page)).find((r) => r.label === 'Dockerfile')?.checked ? true : undefined));
    await page.keyboard.press('Enter');

    const dialog = page.locator('.monaco-dialog-box', { hasText: 'Dockerfile already exists' });
    await dialog.waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('.tabs-container .tab', { hasText: 'Dockerfile: current ↔ generated' }).waitFor({ state: 'visible', timeout: 30_000 });
    await dialog.getByRole('button', { name: 'Keep Current' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 10_000 });

    const message = await waitForNotification(page, /ML Containers: added \d+ file\(s\)/, 60_000);
    assert.equal(message.match(/added (\d+) file/)?.[1], String(created.length));
    for (const rel of created) {
      assert.ok(fs.existsSync(path.join(root, rel)), `${rel} was created`);
      assert.ok(fs.statSync(path.join(root, rel)).size > 0, `${rel} is not empty`);
    }
    assert.deepEqual(fs.readFileSync(path.join(root, 'Dockerfile')), dockerfileBefore, 'the existing Dockerfile is untouched');
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: created.find((f) => !f.includes('/')) ?? created[0]!.split('/')[0]! }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await keepScreenshot(page, 'scaffold');
  });
});
