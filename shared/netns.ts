/**
 * Reading a row's network namespace the same way in the table, details, filter, CLI and exports:
 * a row without `netns` was read in Ephemera's own namespace and reads as `host`.
 */
import type { Socket } from './model';

/** The namespace column's text: `host`, a container's label, or `netns:<inode>`. */
export function netnsText(s: Pick<Socket, 'netns'>): string {
  return s.netns?.label ?? 'host';
}

/** For `ns:` filters: the label, the inode and the /run/netns name, lower-cased. */
export function netnsSearchText(s: Pick<Socket, 'netns'>): string {
  const ns = s.netns;
  if (ns === undefined) return 'host';
  return `${ns.label} ${ns.inode} netns:${ns.inode} ${ns.name ?? ''}`.toLowerCase();
}

/** For `container:` filters: the container's name, id and runtime, lower-cased; null outside containers. */
export function containerSearchText(s: Pick<Socket, 'netns'>): string | null {
  const c = s.netns?.container;
  return c === undefined ? null : `${c.name ?? ''} ${c.id} ${c.runtime}`.toLowerCase();
}
