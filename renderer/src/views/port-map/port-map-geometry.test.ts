import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundaryLine, cellOrigin, mapGeometry, portAt } from './port-map-geometry';

describe('port map geometry', () => {
  it('fits the Linux default range into the side panel with 2 px cells', () => {
    const g = mapGeometry({ low: 32768, high: 60999 }, 356, 330);
    expect(g).toMatchObject({ count: 28232, cell: 2, cols: 178, rows: 159, width: 356, height: 318, gap: 0 });
  });

  it('uses large cells with a gap for a small range, never wider than the range', () => {
    const g = mapGeometry({ low: 60000, high: 60009 }, 356, 300);
    expect(g.cols).toBe(10);
    expect(g.cell).toBe(24);
    expect(g.gap).toBe(1);
    expect(g.width).toBe(240);
  });

  it('never goes below 2 px cells: a huge range overflows the height instead (the map scrolls)', () => {
    const g = mapGeometry({ low: 0, high: 65535 }, 100, 50);
    expect(g.cell).toBe(2);
    expect(g.cols).toBe(50);
    expect(g.height).toBe(2 * Math.ceil(65536 / 50));
  });

  it('finds every port back from the centre of its cell (the rule tests use)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60000 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 40, max: 800 }),
        fc.integer({ min: 40, max: 800 }),
        fc.nat(),
        (low, span, w, h, pick) => {
          const g = mapGeometry({ low, high: low + span }, w, h);
          const port = low + (pick % (span + 1));
          const col = (port - low) % g.cols;
          const row = Math.floor((port - low) / g.cols);
          expect(cellOrigin(g, port)).toEqual({ x: col * g.cell, y: row * g.cell });
          expect(portAt(g, (col + 0.5) * g.cell, (row + 0.5) * g.cell)).toBe(port);
          expect(g.width).toBeLessThanOrEqual(Math.max(w, g.cell));
        },
      ),
    );
  });

  it('returns null off the grid and past the last port', () => {
    const g = mapGeometry({ low: 100, high: 104 }, 4 * 24, 500);
    expect(g.cols).toBe(4);
    expect(portAt(g, -1, 0)).toBeNull();
    expect(portAt(g, 1.5 * 24, 1.5 * 24)).toBeNull();
    expect(portAt(g, 0.5 * 24, 1.5 * 24)).toBe(104);
  });

  it('draws the IANA boundary as a staircase, or not at all outside the range', () => {
    const g = mapGeometry({ low: 49150, high: 49160 }, 4 * 24, 500);
    expect(boundaryLine(g, 49152)).toEqual([
      [0, 24],
      [48, 24],
      [48, 0],
      [96, 0],
    ]);
    expect(boundaryLine(mapGeometry({ low: 49152, high: 65535 }, 300, 300), 49152)).toBeNull();
    expect(boundaryLine(mapGeometry({ low: 32768, high: 40000 }, 300, 300), 49152)).toBeNull();
  });
});
