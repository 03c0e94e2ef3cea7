/**
 * Exports download as real files: JSON that holds this test's listener, and CSV with a header
 * row and the listener's port in a data row.
 */
import { readFile } from 'node:fs/promises';
import { expect, listenerRow, openApp, setFilter, test } from './helpers/fixtures';
import type { Page } from '@playwright/test';

async function download(page: Page, testId: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), text: await readFile(path, 'utf8') };
}

test('exporting downloads JSON holding the listener and CSV with a header row', async ({ page, host, listener }, testInfo) => {
  await openApp(page, host);
  await setFilter(page, `port:${listener.port}`);
  // Owners are resolved on a later tick than the row's first sighting: export once the UI names this process.
  const row = listenerRow(page, listener.port);
  await expect(row).toHaveAttribute('data-pid', String(process.pid), { timeout: 15_000 });

  const json = await download(page, 'export-json');
  expect(json.name).toMatch(/\.json$/);
  const parsed = JSON.parse(json.text) as { sockets?: { localPort?: unknown; state?: unknown; owner?: { pid?: unknown } | null }[] };
  const mine = (parsed.sockets ?? []).filter((s) => s.localPort === listener.port && s.state === 'LISTEN');
  expect(mine).toHaveLength(1);
  expect(mine[0]?.owner?.pid).toBe(process.pid);
  await testInfo.attach('export.json', { body: json.text, contentType: 'application/json' });

  const csv = await download(page, 'export-csv');
  expect(csv.name).toMatch(/\.csv$/);
  const lines = csv.text.split(/\r?\n/).filter((l) => l !== '');
  const header = (lines[0] ?? '').split(',');
  expect(header.length).toBeGreaterThanOrEqual(4);
  expect(header.every((name) => /^[A-Za-z"][\w ."-]*$/.test(name))).toBe(true);
  expect(lines.slice(1).some((l) => l.split(',').includes(String(listener.port)))).toBe(true);
  await testInfo.attach('export.csv', { body: csv.text, contentType: 'text/csv' });
});
