#!/usr/bin/env node
// Regenerates every icon under build/ (app icon PNG set, .ico, .icns, tray images) from code.
// Usage: node scripts/make-icons.js [outDir]   (default: build/ beside this script's parent)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderIconSet } from './lib/icon-set.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = resolve(process.argv[2] ?? join(root, 'build'));
const started = Date.now();
let bytes = 0;
const files = renderIconSet();
for (const file of files) {
  const target = join(outDir, file.path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, file.bytes);
  bytes += file.bytes.length;
}
console.log(`make-icons: wrote ${files.length} files (${Math.round(bytes / 1024)} KiB) to ${outDir} in ${Date.now() - started} ms`);
