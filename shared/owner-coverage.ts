/**
 * Why rows have no owner, counted by reason. "Owner unknown" has several honest causes, and the
 * user can act on some of them only: a TIME_WAIT remnant or an orphan has no process at all,
 * another user's process is hidden without root, a process whose fds could not be read (even as
 * root) is named where it is known, and the rest were simply not found. One pure count serves
 * the service's Status, the status line, the glance and the CLI.
 */
import { z } from 'zod';
import type { Socket } from './model';

/** A process whose fd table could not be read, as far as it is known. */
export const UnreadableProcessSchema = z.object({ pid: z.number().int().positive(), name: z.string() });
/** A process whose fds this user could not read. */
export type UnreadableProcess = z.infer<typeof UnreadableProcessSchema>;

/** How many processes the coverage names (the count of sockets is always whole). */
export const UNREADABLE_NAMED_LIMIT = 5;

const count = z.number().int().nonnegative();

export const OwnerCoverageSchema = z.object({
  attributed: z.number().int(),
  total: z.number().int(),
  /** TIME_WAIT rows: the connection is closed, no process holds it. */
  timeWait: count.optional(),
  /** Closed by their process and still closing (FIN_WAIT, LAST_ACK, ... with no inode). */
  orphaned: count.optional(),
  /** Connections the kernel completed that no process has accepted yet. */
  acceptQueue: count.optional(),
  /** Sockets of other users' processes, hidden from a user who is not root. */
  otherUsers: count.optional(),
  /** Sockets probably held by a process whose fds could not be read. */
  unreadable: count.optional(),
  /** Those processes, at most UNREADABLE_NAMED_LIMIT. */
  unreadableProcesses: z.array(UnreadableProcessSchema).optional(),
  /** Searched for and found in no process (a kernel socket, another pid namespace, a race). */
  notFound: count.optional(),
  /** Whether the service runs as root (Administrator is not known); null where the OS has no uid. */
  asRoot: z.boolean().nullable().optional(),
  /** The OS sampled (Node's process.platform), so the words fit it. */
  platform: z.string().optional(),
});
/** Owners known, of all rows, and the reasons for the rest. */
export type OwnerCoverage = z.infer<typeof OwnerCoverageSchema>;

/** What the count needs to know besides the rows. */
export interface CoverageContext {
  platform: string;
  /** This process's uid; null where the OS has none (Windows). */
  uid: number | null;
  /** True when the rows carry socket inodes (Linux procfs): inode 0 then means no process holds it. */
  inodes: boolean;
  /** Processes whose fds could not be read and that could hold this user's sockets. */
  unreadable: readonly UnreadableProcess[];
}

type Reason = 'timeWait' | 'orphaned' | 'acceptQueue' | 'otherUsers' | 'unreadable' | 'notFound';

/**
 * A row's place in the count, from what does not change while the row stays: its owner, state,
 * inode and uid. `rest` is split into `unreadable` or `notFound` by the processes unreadable now.
 */
export type CoverageClass = 'attributed' | 'timeWait' | 'orphaned' | 'acceptQueue' | 'otherUsers' | 'rest';

/** Rows per class: what a table kept up to date by deltas counts as rows come and go. */
export type CoverageCounts = Record<CoverageClass, number>;

/** All classes at zero. */
export const emptyCoverageCounts = (): CoverageCounts => ({ attributed: 0, timeWait: 0, orphaned: 0, acceptQueue: 0, otherUsers: 0, rest: 0 });

/** States of an inode-less row still waiting for accept(): the handshake is done or under way. */
const QUEUED = new Set<Socket['state']>(['ESTABLISHED', 'SYN_RECV', 'NEW_SYN_RECV', 'CLOSE_WAIT']);

/** Where a row counts, for a reader with this uid that does or does not see inodes. */
export function coverageClass(s: Socket, ctx: Pick<CoverageContext, 'uid' | 'inodes'>): CoverageClass {
  if (s.owner !== null) return 'attributed';
  if (s.state === 'TIME_WAIT') return 'timeWait';
  if (ctx.inodes && s.inode === 0) return QUEUED.has(s.state) ? 'acceptQueue' : 'orphaned';
  const root = ctx.uid === 0;
  if (!root && ctx.uid !== null && s.uid !== null && s.uid !== ctx.uid) return 'otherUsers';
  return 'rest';
}

/** The coverage of a table from its counts per class. */
export function coverageFromCounts(counts: CoverageCounts, ctx: CoverageContext): OwnerCoverage {
  const { attributed, rest, ...named } = counts;
  const by: Record<Reason, number> = { ...named, unreadable: 0, notFound: 0 };
  if (ctx.unreadable.length > 0) by.unreadable = rest;
  else by.notFound = rest;
  let total = attributed;
  for (const n of Object.values(by)) total += n;
  return {
    attributed,
    total,
    ...by,
    unreadableProcesses: by.unreadable > 0 ? ctx.unreadable.slice(0, UNREADABLE_NAMED_LIMIT) : [],
    asRoot: ctx.uid === null ? null : ctx.uid === 0,
    platform: ctx.platform,
  };
}

/** Counts owners known and, for the rest, why not. */
export function countOwnerCoverage(sockets: readonly Socket[], ctx: CoverageContext): OwnerCoverage {
  const counts = emptyCoverageCounts();
  for (const s of sockets) counts[coverageClass(s, ctx)] += 1;
  return coverageFromCounts(counts, ctx);
}
