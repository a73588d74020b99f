import type { DataSpec } from '../../scenario/flows/flow-types.js';
import type { LoadShare } from '../drivers/load-share.js';

/**
 * Hands a data file's rows to virtual users, for one share of a load (a generator thread, a
 * shard): 'sequential' walks the rows in turn, 'random' draws one, 'unique' walks them once and
 * then has none left. The shares walk interleaved rows (share i of n: rows i, i + n, …), so
 * that 'unique' never hands a row out twice in a trial, whichever thread asks.
 */
export class DataRows {
  /** Rows handed out (unique: distinct rows). */
  used = 0;
  /** Users that found no row left (unique only). */
  ranOut = 0;
  private next: number;

  constructor(
    private readonly data: DataSpec,
    private readonly share: LoadShare,
  ) {
    this.next = share.index;
  }

  /** The next user's row: its columns as variables; undefined when 'unique' has run out. */
  take(): Record<string, string> | undefined {
    const { rows, columns } = this.data.table;
    let index: number;
    if (this.data.order === 'random') index = Math.floor(Math.random() * rows.length);
    else if (this.next < rows.length) {
      index = this.next;
      this.next += this.share.count;
    } else if (this.data.order === 'sequential') {
      index = this.share.index % rows.length;
      this.next = index + this.share.count;
    } else {
      this.ranOut += 1;
      return undefined;
    }
    this.used += 1;
    const row = rows[index] as string[];
    const vars: Record<string, string> = {};
    for (let column = 0; column < columns.length; column += 1) vars[columns[column] as string] = row[column] as string;
    return vars;
  }
}
