import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSuppressions, findingsFromSarif, scanVerdict, securityScan } from './lib/security-scan';
import type { Finding } from './lib/security-scan';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'security');
let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ephemera-scan-test-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const finding: Finding = { rule: 'SANDBOX_JS_CHECK', level: 'warning', file: 'main.ts', line: 3, message: 'x' };

describe('findingsFromSarif', () => {
  it('reads the findings of a recorded Electronegativity report', () => {
    const sarif: unknown = JSON.parse(readFileSync(join(FIXTURES, 'recorded-report.sarif'), 'utf8'));
    expect(findingsFromSarif(sarif)).toEqual([
      { rule: 'CSP_GLOBAL_CHECK', level: 'note', file: 'renderer/index.html', line: 5, message: 'One or more CSP directives detected seems to be vulnerable' },
    ]);
  });

  it('refuses something that is not a report', () => {
    expect(() => findingsFromSarif({})).toThrow(/Not an Electronegativity SARIF report/);
    expect(() => findingsFromSarif(null)).toThrow();
  });
});

describe('scanVerdict', () => {
  const base = { findings: [], issueCount: 0, errors: [], suppressions: [], fileCount: 10 };
  it('passes only with files scanned, no findings, no unparsed file and matching counts', () => {
    expect(scanVerdict(base).exitCode).toBe(0);
    expect(scanVerdict(base).lines.at(-1)).toMatch(/10 files, 0 findings, 0 unparsed.*PASS$/);
    expect(scanVerdict({ ...base, findings: [finding], issueCount: 1 }).exitCode).toBe(1);
    expect(scanVerdict({ ...base, findings: [finding], issueCount: 1 }).lines[0]).toBe('FINDING SANDBOX_JS_CHECK [warning] main.ts:3 — x');
    expect(scanVerdict({ ...base, errors: [{ file: 'a.ts', message: 'Unexpected token', tolerable: false }] }).exitCode).toBe(1);
    expect(scanVerdict({ ...base, errors: [{ file: 'a.ts', message: 'warning', tolerable: true }] }).exitCode).toBe(0);
    expect(scanVerdict({ ...base, issueCount: 2 }).exitCode).toBe(1);
    expect(scanVerdict({ ...base, fileCount: 0 }).exitCode).toBe(1);
  });
});

describe('findSuppressions', () => {
  it('lists every eng-disable comment with its checks, in JS and HTML', () => {
    expect(
      findSuppressions([
        { path: 'a.ts', text: 'x\n  preload, // eng-disable PRELOAD_JS_CHECK (reviewed)\n' },
        { path: 'b.html', text: '<meta /> <!-- eng-disable CSP_GLOBAL_CHECK -->' },
        { path: 'c.ts', text: 'nothing here' },
      ]),
    ).toEqual([
      { file: 'a.ts', line: 2, checks: ['PRELOAD_JS_CHECK'], text: 'preload, // eng-disable PRELOAD_JS_CHECK (reviewed)' },
      { file: 'b.html', line: 1, checks: ['CSP_GLOBAL_CHECK'], text: '<meta /> <!-- eng-disable CSP_GLOBAL_CHECK -->' },
    ]);
  });
});

describe('securityScan (the real scanner on fixture apps)', () => {
  it('fails an insecure main with the expected findings', async () => {
    const result = await securityScan({ repoRoot: FIXTURES, roots: ['insecure'], sarifPath: join(work, 'insecure.sarif'), stageDir: join(work, 'stage-1') });
    const rules = new Set(result.findings.map((f) => f.rule));
    for (const rule of ['NODE_INTEGRATION_JS_CHECK', 'CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'WEB_SECURITY_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK', 'HTTP_RESOURCES_JS_CHECK']) {
      expect(rules, rule).toContain(rule);
    }
    expect(result.exitCode).toBe(1);
    expect(result.electronVersion).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('passes a hardened main whose reviewed CSP suppression is listed, not hidden', async () => {
    const result = await securityScan({ repoRoot: FIXTURES, roots: ['secure'], sarifPath: join(work, 'secure.sarif'), stageDir: join(work, 'stage-2') });
    expect(result.findings).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.lines).toContain('reviewed suppression CSP_GLOBAL_CHECK at secure/index.html:4');
  });
});
