/**
 * The table's header: one button per column that sorts by it (again to reverse), with
 * aria-sort so assistive tech and tests can read the order.
 */
import type { ColumnId, SortSpec } from '../../store/row-order';
import { COLUMNS, GRID_TEMPLATE } from './columns';

interface TableHeaderProps {
  sort: SortSpec;
  onSort: (column: ColumnId) => void;
}

/** Column headers with sort buttons. */
export function TableHeader({ sort, onSort }: TableHeaderProps) {
  return (
    <div role="row" aria-rowindex={1} className="thead" style={{ gridTemplateColumns: GRID_TEMPLATE }}>
      {COLUMNS.map((c) => {
        const active = sort.column === c.id;
        return (
          <div
            key={c.id}
            role="columnheader"
            aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
            className={`th${c.align === 'end' ? ' end' : ''}${active ? ' active' : ''}`}
          >
            <button type="button" data-column={c.id} title={`${c.help}. Click to sort.`} onClick={() => onSort(c.id)}>
              <span>{c.label}</span>
              <span className="sort-arrow" aria-hidden="true">
                {active ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
              </span>
            </button>
          </div>
        );
      })}
    </div>
  );
}
