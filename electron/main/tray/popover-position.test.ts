import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { POPOVER_GAP, popoverPosition, taskbarSide } from './popover-position';
import type { Rect } from './popover-position';

const DISPLAY: Rect = { x: 0, y: 0, width: 1920, height: 1080 };
const WINDOW = { width: 360, height: 480 };
const ZERO: Rect = { x: 0, y: 0, width: 0, height: 0 };
const RIGHT_LIMIT = 1920 - 360 - POPOVER_GAP;

describe('popoverPosition', () => {
  it('top bar (macOS menu bar): below the icon, centred on it', () => {
    const workArea = { x: 0, y: 25, width: 1920, height: 1055 };
    expect(popoverPosition({ tray: { x: 1300, y: 0, width: 22, height: 24 }, window: WINDOW, workArea, display: DISPLAY })).toEqual({
      x: 1131,
      y: 31,
      side: 'top',
    });
  });

  it('bottom taskbar (Windows): above the icon, pulled inside the right edge', () => {
    const workArea = { x: 0, y: 0, width: 1920, height: 1040 };
    expect(popoverPosition({ tray: { x: 1800, y: 1044, width: 24, height: 32 }, window: WINDOW, workArea, display: DISPLAY })).toEqual({
      x: RIGHT_LIMIT,
      y: 1040 - 480 - POPOVER_GAP,
      side: 'bottom',
    });
  });

  it('left taskbar: to the right of it, vertically centred and kept on screen', () => {
    const workArea = { x: 60, y: 0, width: 1860, height: 1080 };
    expect(popoverPosition({ tray: { x: 18, y: 500, width: 24, height: 24 }, window: WINDOW, workArea, display: DISPLAY })).toEqual({
      x: 66,
      y: 272,
      side: 'left',
    });
    expect(popoverPosition({ tray: { x: 18, y: 900, width: 24, height: 24 }, window: WINDOW, workArea, display: DISPLAY }).y).toBe(
      1080 - 480 - POPOVER_GAP,
    );
  });

  it('right taskbar: to the left of it, never above the top of the work area', () => {
    const workArea = { x: 0, y: 0, width: 1860, height: 1080 };
    expect(popoverPosition({ tray: { x: 1878, y: 100, width: 24, height: 24 }, window: WINDOW, workArea, display: DISPLAY })).toEqual({
      x: 1860 - 360 - POPOVER_GAP,
      y: POPOVER_GAP,
      side: 'right',
    });
  });

  it('Linux with zero tray bounds: uses the click position as the anchor', () => {
    const workArea = { x: 0, y: 27, width: 1920, height: 1053 };
    expect(popoverPosition({ tray: ZERO, window: WINDOW, workArea, display: DISPLAY, cursor: { x: 1500, y: 12 } })).toEqual({
      x: 1320,
      y: 33,
      side: 'top',
    });
    const bottomPanel = { x: 0, y: 0, width: 1920, height: 1048 };
    expect(popoverPosition({ tray: ZERO, window: WINDOW, workArea: bottomPanel, display: DISPLAY, cursor: { x: 40, y: 1060 } })).toEqual({
      x: POPOVER_GAP,
      y: 1048 - 480 - POPOVER_GAP,
      side: 'bottom',
    });
  });

  it('Linux with zero tray bounds and no usable cursor: top-right corner of the work area', () => {
    const workArea = { x: 0, y: 27, width: 1920, height: 1053 };
    const corner = { x: RIGHT_LIMIT, y: 27 + POPOVER_GAP, side: 'corner' };
    expect(popoverPosition({ tray: ZERO, window: WINDOW, workArea, display: DISPLAY })).toEqual(corner);
    expect(popoverPosition({ tray: ZERO, window: WINDOW, workArea, display: DISPLAY, cursor: null })).toEqual(corner);
    expect(popoverPosition({ tray: ZERO, window: WINDOW, workArea, display: DISPLAY, cursor: { x: 5000, y: -3 } })).toEqual(corner);
  });

  it('works on a display left of the primary (negative coordinates)', () => {
    const display = { x: -1920, y: 0, width: 1920, height: 1080 };
    const workArea = { x: -1920, y: 0, width: 1920, height: 1040 };
    expect(popoverPosition({ tray: { x: -100, y: 1050, width: 24, height: 24 }, window: WINDOW, workArea, display })).toEqual({
      x: -366,
      y: 554,
      side: 'bottom',
    });
  });

  it('with an auto-hidden taskbar (work area = display), picks the edge nearest the icon', () => {
    expect(taskbarSide(DISPLAY, DISPLAY, { x: 1900, y: 1070 })).toBe('bottom');
    expect(taskbarSide(DISPLAY, DISPLAY, { x: 1910, y: 400 })).toBe('right');
    expect(popoverPosition({ tray: { x: 900, y: 1056, width: 24, height: 24 }, window: WINDOW, workArea: DISPLAY, display: DISPLAY }).side).toBe(
      'bottom',
    );
  });

  it('always lands fully inside the work area (property)', () => {
    const rect = fc.record({
      x: fc.integer({ min: -4000, max: 4000 }),
      y: fc.integer({ min: -4000, max: 4000 }),
      width: fc.integer({ min: 0, max: 200 }),
      height: fc.integer({ min: 0, max: 200 }),
    });
    fc.assert(
      fc.property(rect, fc.option(fc.record({ x: fc.integer({ min: -3000, max: 3000 }), y: fc.integer({ min: -3000, max: 3000 }) })), (tray, cursor) => {
        const workArea = { x: 0, y: 30, width: 1920, height: 1050 };
        const p = popoverPosition({ tray, window: WINDOW, workArea, display: DISPLAY, cursor });
        expect(Number.isInteger(p.x) && Number.isInteger(p.y)).toBe(true);
        expect(p.x).toBeGreaterThanOrEqual(workArea.x + POPOVER_GAP);
        expect(p.y).toBeGreaterThanOrEqual(workArea.y + POPOVER_GAP);
        expect(p.x + WINDOW.width).toBeLessThanOrEqual(workArea.x + workArea.width - POPOVER_GAP);
        expect(p.y + WINDOW.height).toBeLessThanOrEqual(workArea.y + workArea.height - POPOVER_GAP);
      }),
    );
  });
});
