/**
 * The renderer's type for `window.ephemera`, taken from the contract rather than written by
 * hand: the preload exposes exactly an EphemeraBridge, and only renderer/src/api reads it.
 */
import type { EphemeraBridge } from '../../../shared/contract';

declare global {
  interface Window {
    /** Present in Electron (the preload's bridge); absent in a plain browser on the web host. */
    ephemera?: EphemeraBridge;
  }
}

export {};
