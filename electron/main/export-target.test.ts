import { describe, expect, it } from 'vitest';
import { exportDialogOptions, fileStamp, resolveExportTarget } from './export-target';

const NOW = Date.UTC(2025, 0, 2, 3, 4, 5);

describe('export target', () => {
  it('proposes a dated JSON file in the given folder, with JSON and CSV filters', () => {
    const options = exportDialogOptions(NOW, '/home/u/Downloads');
    expect(options.defaultPath).toBe('/home/u/Downloads/ephemera-snapshot-2025-01-02T03-04-05.json');
    expect(options.filters?.map((f) => f.extensions)).toEqual([['json'], ['csv']]);
    expect(fileStamp(NOW)).not.toMatch(/[:/\\]/);
  });

  it('takes the format from the extension, case-insensitively, and names bare files .json', () => {
    expect(resolveExportTarget('/tmp/a.csv')).toEqual({ format: 'csv', path: '/tmp/a.csv' });
    expect(resolveExportTarget('/tmp/A.CSV')).toEqual({ format: 'csv', path: '/tmp/A.CSV' });
    expect(resolveExportTarget('/tmp/a.json')).toEqual({ format: 'json', path: '/tmp/a.json' });
    expect(resolveExportTarget('/tmp/snapshot')).toEqual({ format: 'json', path: '/tmp/snapshot.json' });
    expect(resolveExportTarget('/tmp/a.txt')).toEqual({ format: 'json', path: '/tmp/a.txt.json' });
  });
});
