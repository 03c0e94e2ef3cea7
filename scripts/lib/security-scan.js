// Runs Electronegativity over the app's sources and turns its SARIF output into a verdict.
// The tool always exits 0 and writes its report asynchronously, so this module waits for the
// report, counts the findings itself and fails on any finding or any file it could not parse.
import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join, relative, sep } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * Checks left out, each because it needs the network: AvailableSecurityFixesGlobalCheck
 * downloads Electron's release list from GitHub to compare versions. Nothing else is excluded.
 */
export const NETWORK_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

/** File kinds Electronegativity reads (see its util/file.js list_files). */
const SCANNED = new Set(['.js', '.jsx', '.ts', '.tsx', '.html', '.htm']);

/** Copies the scanned kinds of file from each root into one staging folder, so global checks see the whole app at once. */
export function stageSources(repoRoot, roots, stageDir) {
  rmSync(stageDir, { recursive: true, force: true });
  mkdirSync(stageDir, { recursive: true });
  const files = [];
  for (const root of roots) {
    cpSync(join(repoRoot, root), join(stageDir, root), {
      recursive: true,
      filter: (source) => {
        if (source.split(sep).includes('node_modules')) return false;
        const stat = lstatSync(source);
        if (stat.isSymbolicLink()) return false;
        if (stat.isDirectory()) return true;
        const keep = SCANNED.has(extname(source).toLowerCase());
        if (keep) files.push(relative(repoRoot, source));
        return keep;
      },
    });
  }
  return files;
}

/** Waits until the asynchronously written SARIF file is complete JSON (bounded). */
async function readSarif(path, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      if (Date.now() > until) throw new Error(`Electronegativity wrote no readable report at ${path}: ${err.message}`, { cause: err });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Runs the scanner on one folder; returns its issues, parse errors and the SARIF it wrote. */
export async function runElectronegativity({ input, sarifPath, electronVersion }) {
  const run = require('@doyensec/electronegativity/dist/runner.js');
  rmSync(sarifPath, { force: true });
  mkdirSync(dirname(sarifPath), { recursive: true });
  const result = await run(
    {
      input,
      output: sarifPath,
      isSarif: true,
      customScan: [],
      excludeFromScan: NETWORK_CHECKS,
      isRelative: true,
      isVerbose: true,
      electronUpgrade: undefined,
      electronVersionOverride: electronVersion,
      parserPlugins: [],
    },
    false,
  );
  return { issues: result.issues, errors: result.errors, sarif: await readSarif(sarifPath) };
}

/** The findings in a SARIF report, one plain row each. */
export function findingsFromSarif(sarif) {
  const results = sarif?.runs?.[0]?.results;
  if (!Array.isArray(results)) throw new Error('Not an Electronegativity SARIF report (no runs[0].results)');
  return results.map((r) => {
    const where = r.locations?.[0]?.physicalLocation;
    return {
      rule: String(r.ruleId),
      level: String(r.level),
      file: String(where?.artifactLocation?.uri ?? 'N/A'),
      line: Number(where?.region?.startLine ?? 0),
      message: String(r.message?.text ?? ''),
    };
  });
}

/** Every `eng-disable` comment in the given files: reviewed suppressions, printed so none is hidden. */
export function findSuppressions(files) {
  const found = [];
  for (const { path, text } of files) {
    text.split('\n').forEach((line, i) => {
      const match = /eng-disable[ \t]+([A-Z0-9_ \t]+)/.exec(line);
      if (match) found.push({ file: path, line: i + 1, checks: match[1].trim().split(/\s+/), text: line.trim() });
    });
  }
  return found;
}

/** The printed report and the exit code: 1 on any finding, any unparsed file, or a count mismatch. */
export function scanVerdict({ findings, issueCount, errors, suppressions, fileCount }) {
  const lines = [];
  const fatal = errors.filter((e) => !e.tolerable);
  for (const f of findings) lines.push(`FINDING ${f.rule} [${f.level}] ${f.file}:${f.line} — ${f.message}`);
  for (const e of fatal) lines.push(`NOT SCANNED ${e.file}: ${e.message}`);
  for (const s of suppressions) lines.push(`reviewed suppression ${s.checks.join(',')} at ${s.file}:${s.line}`);
  const mismatch = issueCount !== findings.length;
  if (mismatch) lines.push(`report mismatch: the scanner returned ${issueCount} issues but its SARIF lists ${findings.length}`);
  const ok = findings.length === 0 && fatal.length === 0 && !mismatch && fileCount > 0;
  lines.push(
    `electronegativity: ${fileCount} files, ${findings.length} findings, ${fatal.length} unparsed, ${suppressions.length} reviewed suppressions` +
      ` (excluded, need network: ${NETWORK_CHECKS.join(', ')}) — ${ok ? 'PASS' : 'FAIL'}`,
  );
  return { exitCode: ok ? 0 : 1, lines };
}

/** Stages `roots`, scans them once, and returns the verdict plus the raw findings. */
export async function securityScan({ repoRoot, roots, sarifPath, stageDir = join(tmpdir(), `ephemera-scan-${process.pid}`) }) {
  for (const root of roots) if (!existsSync(join(repoRoot, root))) throw new Error(`security scan: ${root} does not exist under ${repoRoot}`);
  const files = stageSources(repoRoot, roots, stageDir);
  try {
    const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json', { paths: [repoRoot] }), 'utf8')).version;
    const { issues, errors, sarif } = await runElectronegativity({ input: stageDir, sarifPath, electronVersion });
    const findings = findingsFromSarif(sarif);
    const suppressions = findSuppressions(files.map((path) => ({ path, text: readFileSync(join(repoRoot, path), 'utf8') })));
    return { ...scanVerdict({ findings, issueCount: issues.length, errors, suppressions, fileCount: files.length }), findings, electronVersion };
  } finally {
    rmSync(stageDir, { recursive: true, force: true });
  }
}
