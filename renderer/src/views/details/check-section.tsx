/**
 * "Check it yourself": the OS's own command for this port, with a copy button, so Ephemera's
 * answer can be verified in a terminal.
 */
import { useState } from 'react';
import type { Proto } from '../../../../shared/model';
import { copyText } from '../../lib/clipboard';
import { errorText } from '../../store/connect-store';
import { checkCommands } from './check-command';

interface CheckSectionProps {
  platform: string;
  port: number;
  proto: Proto;
}

/** Commands with copy buttons (data-testid details-check-command). */
export function CheckSection({ platform, port, proto }: CheckSectionProps) {
  const [copied, setCopied] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const copy = (command: string): void => {
    copyText(command).then(
      () => {
        setProblem(null);
        setCopied(command);
        setTimeout(() => setCopied((c) => (c === command ? null : c)), 2000);
      },
      (err: unknown) => setProblem(`Could not copy: ${errorText(err)}`),
    );
  };
  return (
    <div data-testid="details-check-command" className="check">
      {checkCommands(platform, port, proto).map((c) => (
        <div key={c.command} className="check-row">
          <code className="mono">{c.command}</code>
          <button type="button" className="btn btn-small" onClick={() => copy(c.command)}>
            {copied === c.command ? 'Copied' : 'Copy'}
          </button>
        </div>
      ))}
      {problem && <p className="error-text">{problem}</p>}
    </div>
  );
}
