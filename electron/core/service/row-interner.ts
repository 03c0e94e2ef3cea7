/**
 * One copy of each repeated value in the mirror's object rows. A row that crossed the thread
 * boundary brings its own copy of every string ('tcp', 'ESTABLISHED', '127.0.0.1', the process
 * name) and its own owner object; 20,000 such rows hold 150,000 strings that say a few dozen
 * things. The interner hands back shared ones; its tables start over when full, so they stay small.
 */
import type { Owner, Socket, SocketTimer } from '../../../shared/model';

/** Distinct addresses or owners kept before a table starts over. */
const TABLE_LIMIT = 4096;

function shared<V>(table: Map<string, V>, key: string, value: V): V {
  const known = table.get(key);
  if (known !== undefined) return known;
  if (table.size >= TABLE_LIMIT) table.clear();
  table.set(key, value);
  return value;
}

/** Shares strings and owner objects between rows; equal in every field to what it was given. */
export class RowInterner {
  private readonly words = new Map<string, string>();
  private readonly owners = new Map<string, Owner>();

  private word(text: string): string {
    return shared(this.words, text, text);
  }

  private owner(o: Owner | null): Owner | null {
    if (o === null) return null;
    const key = `${o.pid}|${o.startTime}|${o.inferred === true ? 1 : 0}|${o.name}`;
    return shared(this.owners, key, o);
  }

  private timer(t: SocketTimer | null): SocketTimer | null {
    return t === null ? null : { ...t, kind: this.word(t.kind) as SocketTimer['kind'] };
  }

  /** The row with its repeated values shared. */
  row(s: Socket): Socket {
    return {
      ...s,
      proto: this.word(s.proto) as Socket['proto'],
      state: this.word(s.state) as Socket['state'],
      localAddress: this.word(s.localAddress),
      remoteAddress: this.word(s.remoteAddress),
      timer: this.timer(s.timer),
      owner: this.owner(s.owner),
    };
  }
}
