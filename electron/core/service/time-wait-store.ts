/**
 * A compact home for TIME_WAIT remnants in the service's mirror. Under churn most of the table is
 * TIME_WAIT rows that only count down (60,000 of them at 1,000 conn/s); as objects each costs some
 * 300 bytes (the row, its timer, three strings). Here a row is a slot in typed-array columns:
 * four 16-bit numbers (interned addresses and the ports) and three doubles (expiry, time left as
 * read, first seen), 32 bytes, rebuilt into a Socket only when someone reads the table.
 */
import type { Family, Socket } from '../../../shared/model';
import { socketId } from '../../../shared/socket-id';

/** Bytes one slot takes in the columns. */
export const SLOT_BYTES = 4 * 2 + 3 * 8;

/** Distinct addresses a store interns; rows with other addresses stay objects. */
const MAX_ADDRESSES = 65_535;

/** Typed-array columns of TIME_WAIT rows, with a free list of slots. */
export class TimeWaitStore {
  private localAddr: Uint16Array;
  private remoteAddr: Uint16Array;
  private localPort: Uint16Array;
  private remotePort: Uint16Array;
  private expiresAt: Float64Array;
  private remainingMs: Float64Array;
  private firstSeenAt: Float64Array;
  private free: number[] = [];
  private next = 0;
  private count = 0;
  private readonly addresses: { text: string; family: Family }[] = [];
  private readonly addressIds = new Map<string, number>();

  constructor(private capacity = 1024) {
    this.localAddr = new Uint16Array(capacity);
    this.remoteAddr = new Uint16Array(capacity);
    this.localPort = new Uint16Array(capacity);
    this.remotePort = new Uint16Array(capacity);
    this.expiresAt = new Float64Array(capacity);
    this.remainingMs = new Float64Array(capacity);
    this.firstSeenAt = new Float64Array(capacity);
  }

  /** Rows held. */
  get size(): number {
    return this.count;
  }

  /** Bytes the columns and the address table take (allocated capacity, not only used slots). */
  get bytes(): number {
    let text = 0;
    for (const a of this.addresses) text += 16 + a.text.length;
    return this.capacity * SLOT_BYTES + text;
  }

  /**
   * True when the row is a plain TIME_WAIT remnant the columns rebuild exactly: TCP, no inode,
   * uid or owner, empty queues, a time-wait timer with its absolute expiry, the standard id.
   */
  fits(s: Socket): boolean {
    const t = s.timer;
    if (s.state !== 'TIME_WAIT' || s.proto !== 'tcp' || s.inode !== 0 || s.uid !== null || s.owner !== null) return false;
    if (s.txQueue !== 0 || s.rxQueue !== 0 || t === null || t.kind !== 'time-wait' || t.retransmits !== 0 || t.expiresAt === undefined) return false;
    if (!this.canIntern(s.localAddress) || !this.canIntern(s.remoteAddress)) return false;
    return s.id === socketId('tcp', s.localAddress, s.localPort, s.remoteAddress, s.remotePort, 0);
  }

  /** Stores a row that fits; returns its slot. */
  add(s: Socket, firstSeen: number): number {
    const slot = this.free.pop() ?? this.grabSlot();
    this.write(slot, s);
    this.firstSeenAt[slot] = firstSeen;
    this.count += 1;
    return slot;
  }

  /** Replaces the row in a slot with a changed row that still fits (first seen stays). */
  replace(slot: number, s: Socket): void {
    this.write(slot, s);
  }

  /** Frees a slot. */
  remove(slot: number): void {
    this.free.push(slot);
    this.count -= 1;
  }

  /** Epoch ms the row in a slot was first seen. */
  firstSeen(slot: number): number {
    return this.firstSeenAt[slot] ?? 0;
  }

  /** The row in a slot as a Socket, equal to the one stored. */
  socket(slot: number): Socket {
    const local = this.addresses[this.localAddr[slot] ?? 0];
    const remote = this.addresses[this.remoteAddr[slot] ?? 0];
    const localAddress = local?.text ?? '';
    const remoteAddress = remote?.text ?? '';
    const localPort = this.localPort[slot] ?? 0;
    const remotePort = this.remotePort[slot] ?? 0;
    return {
      id: socketId('tcp', localAddress, localPort, remoteAddress, remotePort, 0),
      proto: 'tcp',
      family: local?.family ?? 4,
      localAddress,
      localPort,
      remoteAddress,
      remotePort,
      state: 'TIME_WAIT',
      inode: 0,
      uid: null,
      txQueue: 0,
      rxQueue: 0,
      timer: { kind: 'time-wait', remainingMs: this.remainingMs[slot] ?? 0, retransmits: 0, expiresAt: this.expiresAt[slot] ?? 0 },
      owner: null,
    };
  }

  private write(slot: number, s: Socket): void {
    this.localAddr[slot] = this.intern(s.localAddress, s.family);
    this.remoteAddr[slot] = this.intern(s.remoteAddress, s.family);
    this.localPort[slot] = s.localPort;
    this.remotePort[slot] = s.remotePort;
    this.expiresAt[slot] = s.timer?.expiresAt ?? 0;
    this.remainingMs[slot] = s.timer?.remainingMs ?? 0;
  }

  private canIntern(text: string): boolean {
    return this.addressIds.has(text) || this.addresses.length < MAX_ADDRESSES;
  }

  private intern(text: string, family: Family): number {
    let id = this.addressIds.get(text);
    if (id === undefined) {
      id = this.addresses.length;
      this.addresses.push({ text, family });
      this.addressIds.set(text, id);
    }
    return id;
  }

  private grabSlot(): number {
    if (this.next === this.capacity) this.grow();
    return this.next++;
  }

  private grow(): void {
    const size = this.capacity * 2;
    const grown = <T extends Uint16Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.localAddr = grown(this.localAddr, (n) => new Uint16Array(n));
    this.remoteAddr = grown(this.remoteAddr, (n) => new Uint16Array(n));
    this.localPort = grown(this.localPort, (n) => new Uint16Array(n));
    this.remotePort = grown(this.remotePort, (n) => new Uint16Array(n));
    this.expiresAt = grown(this.expiresAt, (n) => new Float64Array(n));
    this.remainingMs = grown(this.remainingMs, (n) => new Float64Array(n));
    this.firstSeenAt = grown(this.firstSeenAt, (n) => new Float64Array(n));
    this.capacity = size;
  }
}
