/** Types for start-decision.js (plain Node so `npm start` runs it without a build). */
import type { BoundedResult } from './bounded-run';
export declare const SERVE_HINT: string;
export declare function failureLine(reason: string): string;
export interface LocatedElectron {
  path: string | null;
  exists: boolean;
}
export declare function locateElectron(
  electronDir: string,
  env: Readonly<Record<string, string | undefined>>,
  fs?: { existsSync(path: string): boolean; readFileSync(path: string, encoding: 'utf8'): string },
): LocatedElectron;
export declare function lacksDisplay(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): boolean;
export type StartStep = { action: 'launch'; binary: string } | { action: 'download' } | { action: 'fail'; reason: string };
export declare function decideStart(facts: {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  mainBuilt: boolean;
  binary: LocatedElectron;
  download: BoundedResult | null;
}): StartStep;
export declare function describeDownload(result: Partial<BoundedResult>): string;
export declare function describeExit(run: { code: number | null; signal: string | null; ranMs: number; stderrTail: string }): {
  exitCode: number;
  line: string | null;
};
