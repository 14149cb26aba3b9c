/**
 * Issue 4 in the real VS Code: our schema completion list and our diagnostic for a misspelled
 * field in Kubernetes manifests (no other YAML extension is installed, so both can only be ours).
 */
import * as assert from 'node:assert/strict';
import { openSession, type UiSession } from '../support/session';
import { keepScreenshot, openFile, screenshotOnFailure } from '../support/workbench';
import { type TestWorkspace, workspaceWith } from '../support/workspace';

const deploymentHead = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
`;

// The last line is the pod spec's indentation, where the test types a key.
const completionManifest = `${deploymentHead}  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: web:1
      `;

const typoManifest = `${deploymentHead}  replcas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: web:1
`;

describe('Manifest IntelliSense in the browser workbench (issue 4)', function () {
  this.timeout(240_000);
  let workspace: TestWorkspace | undefined;
  let session: UiSession | undefined;

  before(async () => {
    workspace = workspaceWith({ 'k8s/completion.yaml': completionManifest, 'k8s/typo.yaml': typoManifest });
    session = await openSession('schemas', workspace.path);
  });

  afterEach(async function () {
    await screenshotOnFailure(this.currentTest, session?.page, 'schemas');
  });

  after(async () => {
    await session?.close();
    workspace?.dispose();
  });

  it('completes pod-spec keys from our Kubernetes schema while typing under spec.template.spec', async () => {
    const page = session!.page;
    await openFile(page, 'k8s/completion.yaml');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('nod');
    await page.keyboard.press('Control+Space');
    const suggest = page.locator('.editor-widget.suggest-widget');
    const nodeSelector = suggest.locator('.monaco-list-row', { hasText: 'nodeSelector' }).first();
    await nodeSelector.waitFor({ state: 'visible', timeout: 60_000 });
    const labels = await suggest.locator('.monaco-list-row .label-name').allTextContents();
    // Neither key occurs in the document, so word-based completion cannot offer them: they come from the schema.
    assert.ok(labels.some((l) => l.trim() === 'nodeSelector'), `labels: ${labels.join(', ')}`);
    assert.ok(labels.some((l) => l.trim() === 'nodeName'), `labels: ${labels.join(', ')}`);
    await keepScreenshot(page, 'schemas-completion');
    await page.keyboard.press('Escape');
    await suggest.waitFor({ state: 'hidden', timeout: 10_000 });
  });

  it('reports the misspelled "replcas" with our source and a did-you-mean in the Problems panel', async () => {
    const page = session!.page;
    await openFile(page, 'k8s/typo.yaml');
    await page.keyboard.press('Control+Shift+M');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'Unknown field "replcas"' }).first();
    await row.waitFor({ state: 'visible', timeout: 60_000 });
    const text = (await row.textContent()) ?? '';
    assert.match(text, /Did you mean "replicas"\?/);
    assert.match(text, /mlc\s*\(?schema\/unknown-field/);
    // Only this finding in the panel (the linter reports on these manifests too), and its hover in the editor.
    await page.getByPlaceholder(/^Filter \(e\.g\. text/).fill('replcas');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'typo.yaml' }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'completion.yaml' }).waitFor({ state: 'detached', timeout: 10_000 });
    await page.locator('.editor-instance .view-line span', { hasText: /^replcas$/ }).first().hover();
    const hover = page.locator('.monaco-hover', { hasText: 'Unknown field "replcas"' }).first();
    await hover.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match((await hover.textContent()) ?? '', /mlc/);
    await keepScreenshot(page, 'schemas-diagnostic');
  });
});
