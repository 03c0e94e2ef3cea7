#!/usr/bin/env node
// `npm run security`: Electronegativity over electron/ and renderer/ (TypeScript sources,
// scanned as one app), every check except the one that needs the network. Prints each finding
// and exits 1 on any finding or unparsed file; the report is kept in test-results/security/.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { securityScan } from './lib/security-scan.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['electron', 'renderer'];
const sarifPath = join(repoRoot, 'test-results', 'security', 'electronegativity.sarif');

try {
  const { exitCode, lines, electronVersion } = await securityScan({ repoRoot, roots, sarifPath });
  console.log(`electronegativity: scanning ${roots.join(', ')} as Electron ${electronVersion}; report at ${sarifPath}`);
  for (const line of lines) console.log(line);
  process.exitCode = exitCode;
} catch (err) {
  console.error(`security scan failed to run: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
