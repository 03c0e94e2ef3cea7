/**
 * Renderer entry: one store, fed through the bridge (Electron preload or the web host's
 * WebSocket), provided to the views.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectBridge } from './api/bridge';
import { App } from './app';
import { AppContext } from './app-context';
import { connectStore } from './store/connect-store';
import { createSocketStore } from './store/socket-store';
import './styles/theme.css';
import './styles/layout.css';
import './styles/glance.css';
import './styles/insight.css';
import './styles/table.css';
import './styles/panels.css';
import './styles/details.css';
import './styles/actions.css';
import './styles/capture.css';
import './styles/destinations.css';

const store = createSocketStore();
const { call } = connectStore(store, (onState) => connectBridge(onState));
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <AppContext.Provider value={{ store, call }}>
        <App />
      </AppContext.Provider>
    </StrictMode>,
  );
}
