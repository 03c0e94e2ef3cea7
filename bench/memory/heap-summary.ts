/**
 * What a V8 heap snapshot holds, summed by kind of object: the bench's answer to "which structures
 * held the growth". Reads the .heapsnapshot format (flat node array described by snapshot.meta).
 */
import { readFileSync } from 'node:fs';

/** One line of the summary: a constructor or string kind, its count and bytes. */
export interface HeapGroup {
  name: string;
  count: number;
  bytes: number;
}

interface SnapshotFile {
  snapshot: { meta: { node_fields: string[]; node_types: unknown[] } };
  nodes: number[];
  strings: string[];
}

/** The `top` largest groups by self size: objects by constructor name, strings, arrays, code... by type. */
export function summarizeHeap(text: string, top = 12): { totalBytes: number; groups: HeapGroup[] } {
  const file = JSON.parse(text) as SnapshotFile;
  const fields = file.snapshot.meta.node_fields;
  const types = (file.snapshot.meta.node_types[0] ?? []) as string[];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const groups = new Map<string, HeapGroup>();
  let totalBytes = 0;
  for (let i = 0; i < file.nodes.length; i += width) {
    const type = types[file.nodes[i + typeAt] ?? 0] ?? '?';
    const size = file.nodes[i + sizeAt] ?? 0;
    totalBytes += size;
    const name = type === 'object' || type === 'closure' ? `${type} ${file.strings[file.nodes[i + nameAt] ?? 0] ?? '?'}` : type;
    const g = groups.get(name) ?? { name, count: 0, bytes: 0 };
    g.count += 1;
    g.bytes += size;
    groups.set(name, g);
  }
  return { totalBytes, groups: [...groups.values()].sort((a, b) => b.bytes - a.bytes).slice(0, top) };
}

/** A summary of a snapshot file as lines. */
export function formatHeapFile(path: string, top = 12): string {
  const { totalBytes, groups } = summarizeHeap(readFileSync(path, 'utf8'), top);
  const mb = (b: number): string => (b / 1024 / 1024).toFixed(1);
  return [`    heap snapshot ${path}: ${mb(totalBytes)} MB live`, ...groups.map((g) => `      ${mb(g.bytes).padStart(7)} MB  ${String(g.count).padStart(8)}×  ${g.name}`)].join('\n');
}
