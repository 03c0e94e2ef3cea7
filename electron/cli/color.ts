/**
 * Terminal color, decided once per stream: on a TTY only, never when NO_COLOR is set
 * (no-color.org) or TERM is dumb, so pipes, files and CI logs get plain text.
 */

/** The few styles the CLI uses. */
export type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan';

const CODES: Readonly<Record<Style, [number, number]>> = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
};

/** Applies a style to text, or returns it unchanged when color is off. */
export type Paint = (style: Style | null, text: string) => string;

/** Whether to color a stream: a TTY, NO_COLOR unset or empty, TERM not 'dumb'. */
export function colorEnabled(isTty: boolean | undefined, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return isTty === true;
}

/** A painter that emits SGR codes when enabled and nothing otherwise. */
export function painter(enabled: boolean): Paint {
  if (!enabled) return (_style, text) => text;
  return (style, text) => {
    if (style === null || text === '') return text;
    const [on, off] = CODES[style];
    return `\u001b[${on}m${text}\u001b[${off}m`;
  };
}
