/**
 * Electron glue for the security rules in DESIGN.md: the app:// scheme and its handler, a
 * session that grants no permissions, and guards on every web contents ever created (no
 * navigation, no redirects, no new windows, no webviews). Decisions live in pure modules.
 */
import { app, protocol } from 'electron';
import type { Session, WebContents } from 'electron';
import { APP_SCHEME } from './app-origin';
import { appProtocolResponse } from './app-protocol';
import { permissionAllowed } from './permissions';

/** Must run before app 'ready': makes app:// a standard, secure origin that can fetch its own files. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
  ]);
}

/** Serves out/renderer on app:// in this session. */
export function serveRenderer(session: Session, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const answer = await appProtocolResponse({ url: request.url, method: request.method }, rendererDir);
    return new Response(answer.body === null ? null : new Uint8Array(answer.body), { status: answer.status, headers: answer.headers });
  });
}

/** Refuses every permission check and request except the few our own page needs. */
export function lockDownPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(permissionAllowed(permission, details.requestingUrl, details.isMainFrame));
  });
  session.setPermissionCheckHandler((_contents, permission, _origin, details) =>
    permissionAllowed(permission, details.requestingUrl, details.isMainFrame),
  );
  session.setDevicePermissionHandler(() => false);
}

/** Applies the navigation and window guards to one web contents. */
export function guardContents(contents: WebContents, log: (message: string) => void): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    log(`Blocked navigation to ${url.slice(0, 120)}`);
  });
  contents.on('will-redirect', (event, url) => {
    event.preventDefault();
    log(`Blocked redirect to ${url.slice(0, 120)}`);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('Blocked a <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    log(`Blocked window.open(${url.slice(0, 120)})`);
    return { action: 'deny' };
  });
}

/** Guards every web contents the app creates, including any we did not create on purpose. */
export function guardAllContents(log: (message: string) => void): void {
  app.on('web-contents-created', (_event, contents) => guardContents(contents, log));
}
