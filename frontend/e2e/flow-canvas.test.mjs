// An admin works on the canvas of the flow designer with the mouse and the node panel: drags
// the end of a condition's branch onto another step (saved as drawn), has a drag that would
// leave steps unreachable snap back with the reason in words, and edits the actions of an
// automation node, where a webhook address the server refuses is shown on the action and on
// the node until it is fixed. Setup (an installed contract approval with an amount check after
// the supervisor) goes through the API.
import assert from 'node:assert/strict';
import { setupE2E, signIn } from './browser.mjs';
import { apiSession } from './enduser-api.mjs';

const { cfg, e2eTest } = setupE2E();

/** Shared by the tests below, which continue one another. */
let call;
let appApi = '';
let designerUrl = '';

/** pipeline reads the saved draft's contract flow. */
async function pipeline() {
  return (await call('GET', `${appApi}/draft`)).pipelines[0];
}

/** dragEdgeEnd drags the end of the edge from → to (its reconnect anchor) onto node's top handle. */
async function dragEdgeEnd(page, from, to, node) {
  const anchor = page.locator(`[aria-label="Edge from ${from} to ${to}"] .react-flow__edgeupdater-target`);
  const handle = page.getByTestId(`flow-node-${node}`).locator('.react-flow__handle.target');
  // The canvas is as tall as the flow needs to be read: the page scrolls both ends into view.
  const a0 = await anchor.boundingBox();
  const h0 = await handle.boundingBox();
  assert.ok(a0 && h0, `the end of ${from} → ${to} and ${node}'s handle are drawn`);
  await page.evaluate((mid) => window.scrollBy(0, mid - window.innerHeight / 2), (a0.y + h0.y) / 2);
  const a = await anchor.boundingBox();
  const h = await handle.boundingBox();
  const height = page.viewportSize()?.height ?? 0;
  assert.ok(a && h && a.y >= 0 && h.y >= 0 && a.y < height && h.y < height, `the end of ${from} → ${to} and ${node}'s handle are on screen`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(h.x + h.width / 2, h.y + h.height / 2, { steps: 10 });
  await page.mouse.up();
}

e2eTest('admin drags a branch onto another step; a drag that would break the flow snaps back in words', async ({ newPage }) => {
  call = await apiSession(cfg.url, cfg.adminEmail, cfg.adminPassword);
  const ws = (await call('POST', '/workspaces', { name: 'Flow canvas' })).id;
  const app = (await call('POST', `/workspaces/${ws}/apps`, { template: 'contract-approval' })).id;
  appApi = `/workspaces/${ws}/apps/${app}`;
  designerUrl = `/w/${ws}/apps/${app}/design/flow`;
  // After the supervisor, small contracts go straight to the director; the rest to legal ∥ finance.
  const draft = await call('GET', `${appApi}/draft`);
  const p = draft.pipelines[0];
  p.nodes.splice(2, 0, { key: 'small', type: 'condition', name: { 'zh-CN': '金额判断', en: 'Amount check' } });
  p.edges = p.edges.filter((e) => e.from !== 'supervisor');
  p.edges.push({ from: 'supervisor', to: 'small' }, { from: 'small', to: 'director', when: 'amount < 10000' }, { from: 'small', to: 'split', else: true });
  await call('PUT', `${appApi}/draft`, draft);

  const page = await newPage({ viewport: { width: 1440, height: 900 } });
  await signIn(page, cfg.adminEmail, cfg.adminPassword);
  await page.goto(designerUrl);
  await page.getByTestId('flow-node-small').waitFor();
  // Nine steps tall, the flow is still drawn at a zoom its cards' text can be read at: the
  // canvas grows and the page scrolls (it was shrunk to under half size to fit the window).
  await page.waitForFunction(() => {
    const v = document.querySelector('.react-flow__viewport');
    return v !== null && new DOMMatrix(getComputedStyle(v).transform).a >= 0.79;
  }, undefined, { timeout: 5000 });

  // Small contracts now end right after the supervisor: the director stays reachable via the join.
  await dragEdgeEnd(page, 'small', 'director', 'approved');
  await page.locator('[aria-label="Edge from small to approved"]').waitFor();
  assert.equal(await page.locator('[aria-label="Edge from small to director"]').count(), 0);

  // Pointing the other branch at the director too would leave legal ∥ finance unreachable.
  await dragEdgeEnd(page, 'small', 'split', 'director');
  await page.getByText('That change would leave the flow broken').first().waitFor();
  await page.locator('[aria-label="Edge from small to split"]').waitFor();

  await page.getByTestId('designer-save').click();
  await page.getByText('Draft saved').waitFor();
  const saved = await pipeline();
  const out = saved.edges.filter((e) => e.from === 'small');
  assert.deepEqual(out, [
    { from: 'small', to: 'approved', when: 'amount < 10000' },
    { from: 'small', to: 'split', else: true },
  ]);

  // The wheel scrolls the page; with Ctrl held (as a trackpad's pinch sends it) it zooms the canvas.
  const zoom = () => page.evaluate(() => new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')).transform).a);
  const before = await zoom();
  await page.getByTestId('flow-node-supervisor').scrollIntoViewIfNeeded();
  const box = await page.getByTestId('flow-node-supervisor').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height + 20);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -300);
  await page.keyboard.up('Control');
  await page.waitForFunction((b) => new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')).transform).a > b + 0.05, before, { timeout: 5000 });
});

e2eTest("admin edits an automation node's actions; a bad webhook address is shown on the action and the node until fixed", async ({ newPage }) => {
  const page = await newPage({ viewport: { width: 1440, height: 900 } });
  await signIn(page, cfg.adminEmail, cfg.adminPassword);
  await page.goto(designerUrl);

  // An automation step after the director: it notifies the submitter (edited) and calls a webhook.
  await page.getByTestId('flow-plus-director-approved').click();
  await page.getByTestId('flow-insert-automation').click();
  const panel = page.getByTestId('flow-panel-automation_1');
  await panel.getByTestId('action-0').waitFor();
  await panel.getByTestId('action-0').getByTestId('action-message').fill('合同已通过总监审批。');
  await panel.getByTestId('action-0').getByTestId('action-message').blur();
  await panel.getByTestId('flow-action-add').click();
  await page.getByTestId('flow-action-add-webhook').click();
  const hook = panel.getByTestId('action-1');
  await hook.getByTestId('action-url').fill('hooks.example.com/contracts');
  await hook.getByTestId('action-url').blur();
  await page.getByTestId('flow-node-automation_1').getByText('2 action(s)').waitFor();

  // The server refuses the address: the reason shows on the webhook's card and on the node.
  const reason = 'A webhook address is an absolute http or https URL.';
  await page.getByTestId('designer-save').click();
  await hook.getByText(reason).waitFor();
  await page.getByTestId('flow-node-problem-automation_1').getByText(reason).waitFor();
  assert.equal(await panel.getByTestId('action-0').getByText(reason).count(), 0, 'the notify action has no problem');
  assert.equal((await pipeline()).nodes.some((n) => n.key === 'automation_1'), false, 'nothing refused is stored');

  // Fixed, the draft saves and the problem goes.
  await hook.getByTestId('action-url').fill('https://hooks.example.com/contracts');
  await hook.getByTestId('action-url').blur();
  await page.getByTestId('designer-save').click();
  await page.getByText('Draft saved').waitFor();
  await page.getByTestId('flow-node-problem-automation_1').waitFor({ state: 'detached' });
  const saved = await pipeline();
  const node = saved.nodes.find((n) => n.key === 'automation_1');
  assert.equal(node.actions.length, 2);
  assert.equal(node.actions[0].type, 'notify');
  assert.equal(node.actions[0].message['zh-CN'], '合同已通过总监审批。');
  assert.deepEqual(node.actions[1], { type: 'webhook', url: 'https://hooks.example.com/contracts' });
  assert.deepEqual(saved.edges.filter((e) => e.from === 'director' || e.from === 'automation_1').map((e) => `${e.from}>${e.to}`), ['director>automation_1', 'automation_1>approved']);
});
