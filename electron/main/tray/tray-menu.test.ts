import { describe, expect, it } from 'vitest';
import { toMenuOptions, trayMenuTemplate } from './tray-menu';
import type { TrayAction, TrayMenuItem, TrayMenuState } from './tray-menu';

const running: TrayMenuState = { paused: false, launchAtLogin: false, canExport: true, loginItemsSupported: true };
const labels = (items: TrayMenuItem[]) => items.map((i) => (i.type === 'separator' ? '---' : i.label));

describe('trayMenuTemplate', () => {
  it('lists the items in order for a running sampler', () => {
    expect(labels(trayMenuTemplate(running))).toEqual([
      'Open Ephemera',
      'Listening ports',
      '---',
      'Pause sampling',
      'Export snapshot…',
      '---',
      'Launch at login',
      '---',
      'Quit Ephemera',
    ]);
  });

  it('offers Resume while paused and checks Launch at login when it is on', () => {
    const items = trayMenuTemplate({ ...running, paused: true, launchAtLogin: true });
    expect(items[3]).toMatchObject({ action: 'toggle-pause', label: 'Resume sampling' });
    expect(items[6]).toEqual({ type: 'checkbox', action: 'toggle-launch-at-login', label: 'Launch at login', checked: true, enabled: true });
  });

  it('disables export until it can run, and login items where unsupported', () => {
    const items = trayMenuTemplate({ ...running, canExport: false, loginItemsSupported: false });
    expect(items[4]).toMatchObject({ action: 'export', enabled: false });
    expect(items[6]).toMatchObject({ action: 'toggle-launch-at-login', enabled: false });
    expect(items[0]).toMatchObject({ action: 'open', enabled: true });
    expect(items[8]).toMatchObject({ action: 'quit', enabled: true });
  });
});

describe('toMenuOptions', () => {
  it('wires each item click to its own action and keeps separators', () => {
    const fired: TrayAction[] = [];
    const handlers = Object.fromEntries(
      (['open', 'toggle-pause', 'export', 'toggle-launch-at-login', 'quit'] as const).map((a) => [a, () => void fired.push(a)]),
    ) as Record<TrayAction, () => void>;
    const options = toMenuOptions(trayMenuTemplate({ ...running, launchAtLogin: true }), handlers);
    expect(options.map((o) => o.type)).toEqual(['normal', 'submenu', 'separator', 'normal', 'normal', 'separator', 'checkbox', 'separator', 'normal']);
    expect(options[6]?.checked).toBe(true);
    for (const option of options) if (option.type !== 'submenu') option.click?.(undefined as never, undefined, undefined as never);
    expect(fired).toEqual(['open', 'toggle-pause', 'export', 'toggle-launch-at-login', 'quit']);
  });
});
