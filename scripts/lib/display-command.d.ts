/** Types for display-command.js. */
export declare function findOnPath(name: string, pathVar: string | undefined, exists?: (path: string) => boolean): string | null;
export declare function displayCommand(
  facts: { platform: NodeJS.Platform; env: Readonly<Record<string, string | undefined>>; xvfbRun: string | null },
  command: string[],
): string[];
