/**
 * The tabs over the main area (issue 13): the socket table, or the destinations view beside it.
 * One grid cell holds both, so the side column and the port map keep their places.
 */
import type { ReactNode } from 'react';

/** Which view fills the main area. */
export type WorkspaceTab = 'sockets' | 'destinations';

const TABS: readonly { id: WorkspaceTab; label: string }[] = [
  { id: 'sockets', label: 'Sockets' },
  { id: 'destinations', label: 'Destinations' },
];

/** The tab strip and the chosen view. */
export function WorkspaceTabs({ tab, onTab, children }: { tab: WorkspaceTab; onTab: (t: WorkspaceTab) => void; children: ReactNode }) {
  return (
    <div className="workspace-main">
      <div role="tablist" className="tabs" aria-label="Main view">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            data-testid={`tab-${t.id}`}
            aria-selected={tab === t.id}
            className={`tab${tab === t.id ? ' active' : ''}`}
            onClick={() => onTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {children}
    </div>
  );
}
