/** Types for bounded-run.js. */
export interface BoundedResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  timeoutMs: number;
  stderr: string;
}
export declare function runBounded(options: { command: string; args: string[]; cwd?: string; timeoutMs: number }): Promise<BoundedResult>;
