import { describe, expect, it } from 'vitest';
import type { ActionPreview } from '../../../shared/action-model';
import type { Socket } from '../../../shared/model';
import { CONFIRM_BUTTON, confirmEndBox, resultBox } from './tray-end';
import { listeningPorts, listenersKey } from './tray-listeners';
import { listeningPortsMenu, toMenuOptions } from './tray-menu';
import type { TrayAction } from './tray-menu';
import { socket } from './tray-test-data';

const ME = 1000;
function listener(port: number, pid: number, name = 'node', uid = ME, over: Partial<Socket> = {}): Socket {
  return {
    ...socket(`tcp|0.0.0.0|${port}|${pid}|${over.localAddress ?? ''}`, port),
    localAddress: '0.0.0.0',
    remoteAddress: '0.0.0.0',
    remotePort: 0,
    state: 'LISTEN',
    uid,
    owner: { pid, startTime: pid * 10, name },
    ...over,
  };
}

describe('listeningPorts', () => {
  it("keeps this user's TCP listeners with a known owner, one per port and process, sorted by port", () => {
    const table = [
      listener(8080, 20, 'python3'),
      listener(3000, 4121),
      listener(3000, 4121, 'node', ME, { localAddress: '::', family: 6 }),
      listener(5432, 30, 'postgres', 120),
      listener(9000, 40, 'node', ME, { owner: null }),
      listener(9001, 41, 'guess', ME, { owner: { pid: 41, startTime: 1, name: 'guess', inferred: true } }),
      { ...listener(7000, 50), state: 'ESTABLISHED' as const },
      { ...listener(53, 60, 'dns'), proto: 'udp' as const },
    ];
    const list = listeningPorts(table, ME);
    expect(list).toEqual([
      { port: 3000, pid: 4121, startTime: 41210, name: 'node' },
      { port: 8080, pid: 20, startTime: 200, name: 'python3' },
    ]);
    expect(listenersKey(list)).toBe('3000:4121:41210:node,8080:20:200:python3');
  });

  it('lists at most 15, the lowest ports', () => {
    const table = Array.from({ length: 40 }, (_, i) => listener(40_000 - i, 100 + i));
    const list = listeningPorts(table, ME);
    expect(list).toHaveLength(15);
    expect(list[0]?.port).toBe(40_000 - 39);
    expect(list.map((l) => l.port)).toEqual([...list.map((l) => l.port)].sort((a, b) => a - b));
  });
});

describe('the Listening ports submenu', () => {
  it('names each listener "3000 node (pid 4121)" with its "End node (pid 4121)…" item, wired to endProcess', () => {
    const menu = listeningPortsMenu(listeningPorts([listener(3000, 4121), listener(8080, 20, 'python3')], ME));
    expect(menu.type === 'submenu' && menu.label).toBe('Listening ports');
    const ended: number[] = [];
    const handlers = {
      ...(Object.fromEntries(
        (['open', 'toggle-pause', 'export', 'toggle-launch-at-login', 'quit'] as const).map((a) => [
          a,
          () => undefined,
        ]),
      ) as Record<TrayAction, () => void>),
      endProcess: (t: { pid: number }) => void ended.push(t.pid),
    };
    const [options] = toMenuOptions([menu], handlers);
    const entries = options?.submenu as { label: string; submenu: { label: string; click: () => void }[] }[];
    expect(entries.map((e) => e.label)).toEqual(['3000 node (pid 4121)', '8080 python3 (pid 20)']);
    expect(entries[0]!.submenu.map((i) => i.label)).toEqual(['End node (pid 4121)…']);
    entries[1]!.submenu[0]!.click();
    expect(ended).toEqual([20]);
  });

  it('says so when there is none, or before the first sample', () => {
    const none = listeningPortsMenu([]);
    const waiting = listeningPortsMenu(undefined);
    expect(none.type === 'submenu' && none.items).toEqual([{ type: 'note', label: 'None of yours right now' }]);
    expect(waiting.type === 'submenu' && waiting.items[0]).toMatchObject({
      type: 'note',
      label: 'Waiting for the first sample…',
    });
  });
});

describe('the native confirmation', () => {
  const preview: ActionPreview = {
    kind: 'end-process',
    processes: [
      {
        pid: 4121,
        startTime: 7,
        name: 'node',
        cmdline: ['node', 'server.js'],
        user: 'ana',
        uid: ME,
        refusal: null,
        note: null,
        sockets: [listener(3000, 4121)],
        socketCount: 1,
      },
    ],
    connection: null,
    portsFreed: [{ proto: 'tcp', port: 3000 }],
    unknownHolders: 0,
    summary: 'Ends node (pid 4121); frees 3000/tcp.',
    actionable: true,
    nonce: 'n'.repeat(24),
    expiresAt: 0,
  };

  it('asks first, naming the process, its command line, its sockets and the ports it frees; Cancel is the default', () => {
    const box = confirmEndBox(preview);
    expect(box.message).toMatch(/^End node \(pid 4121\)\?/);
    expect(box.detail).toContain('node server.js');
    expect(box.detail).toContain('tcp 0.0.0.0:3000 → 0.0.0.0:* LISTEN');
    expect(box.detail).toContain('Ports freed: 3000/tcp');
    expect(box.buttons?.[CONFIRM_BUTTON]).toBe('End process');
    expect(box.defaultId).toBe(0);
  });

  it('only informs when the guards refuse everything, and reports the result in words', () => {
    const refused = {
      ...preview,
      actionable: false,
      summary: 'Nothing can be ended (1 refused).',
      processes: [{ ...preview.processes[0]!, refusal: 'pid 1 is init' }],
    };
    expect(confirmEndBox(refused)).toMatchObject({
      type: 'info',
      buttons: ['OK'],
      message: 'Nothing can be ended (1 refused).',
    });
    expect(confirmEndBox(refused).detail).toContain('refused: pid 1 is init');
    expect(
      resultBox({
        action: 'end-process',
        outcome: 'gone',
        message: 'node (pid 4121) ended after SIGTERM',
        target: 'node (pid 4121)',
        time: 0,
      }),
    ).toMatchObject({ type: 'info', detail: 'node (pid 4121) ended after SIGTERM' });
    expect(
      resultBox({ action: 'end-process', outcome: 'permission-denied', message: 'x', target: 'y', time: 0 }).type,
    ).toBe('warning');
  });
});
