/**
 * The one preload: exposes the contract bridge as window.ephemera through contextBridge, and
 * nothing else. Sandboxed, so it is bundled into a single CommonJS file (vite.preload.config.ts).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld('ephemera', createBridge(ipcRenderer));
