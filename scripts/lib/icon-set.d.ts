/** Types for icon-set.js (plain Node so `node scripts/make-icons.js` needs no build). */
import type { Buffer } from 'node:buffer';
export declare function drawAppIcon(size: number): Uint8Array;
export declare function drawTrayTemplate(size: number): Uint8Array;
export declare function drawTrayColor(size: number): Uint8Array;
export declare const APP_SIZES: number[];
export declare const TRAY_SIZES: number[];
export declare function renderIconSet(): Array<{ path: string; bytes: Buffer }>;
