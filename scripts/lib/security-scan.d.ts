/** Types for security-scan.js (plain Node so `npm run security` needs no build). */
export interface Finding {
  rule: string;
  level: string;
  file: string;
  line: number;
  message: string;
}
export interface ScanError {
  file: string;
  message: string;
  tolerable: boolean;
}
export interface Suppression {
  file: string;
  line: number;
  checks: string[];
  text: string;
}
export declare const NETWORK_CHECKS: string[];
export declare function stageSources(repoRoot: string, roots: string[], stageDir: string): string[];
export declare function findingsFromSarif(sarif: unknown): Finding[];
export declare function findSuppressions(files: Array<{ path: string; text: string }>): Suppression[];
export declare function scanVerdict(input: {
  findings: Finding[];
  issueCount: number;
  errors: ScanError[];
  suppressions: Suppression[];
  fileCount: number;
}): { exitCode: 0 | 1; lines: string[] };
export declare function securityScan(options: {
  repoRoot: string;
  roots: string[];
  sarifPath: string;
  stageDir?: string;
}): Promise<{ exitCode: 0 | 1; lines: string[]; findings: Finding[]; electronVersion: string }>;
