/** Types for png.js (plain Node so scripts run without a build). */
import type { Buffer } from 'node:buffer';
export declare function crc32(bytes: Uint8Array): number;
export declare function encodePng(width: number, height: number, rgba: Uint8Array): Buffer;
export declare function encodeIco(images: ReadonlyArray<{ size: number; png: Uint8Array }>): Buffer;
export declare function encodeIcns(entries: ReadonlyArray<{ type: string; png: Uint8Array }>): Buffer;
