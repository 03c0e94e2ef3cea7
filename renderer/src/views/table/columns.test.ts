import { describe, expect, it } from 'vitest';
import { testSocket } from '../../../../shared/filter-fixtures';
import { COLUMN_IDS } from '../../store/row-order';
import { makeRow } from '../../store/table-row';
import { COLUMNS, rowsAsText } from './columns';

describe('columns', () => {
  it('has one definition per sortable column, in the same order', () => {
    expect(COLUMNS.map((c) => c.id)).toEqual([...COLUMN_IDS]);
  });

  it('copies rows as tab-separated text with a header, as the table shows them', () => {
    const rows = [
      makeRow(
        testSocket({
          localPort: 60430,
          family: 6,
          localAddress: '::1',
          remoteAddress: '::1',
          remotePort: 443,
          owner: { pid: 4242, startTime: 1, name: 'curl' },
        }),
        1000,
        'steady',
        0,
      ),
      makeRow(testSocket({ localPort: 22, state: 'LISTEN', remoteAddress: '0.0.0.0', remotePort: 0 }), 0, 'steady', 0),
    ];
    expect(rowsAsText(rows, 66_000).split('\n')).toEqual([
      'Proto\tLocal address\tRemote address\tState\tProcess\tPID\tService\tPort class\tNamespace\tAge',
      'tcp6\t[::1]:60430\t[::1]:443\tESTABLISHED\tcurl\t4242\t—\tdynamic\thost\t1 m 05 s',
      'tcp\t127.0.0.1:22\t0.0.0.0:*\tLISTEN\t—\t—\t—\twell-known\thost\t1 m 06 s',
      '',
    ]);
  });
});
