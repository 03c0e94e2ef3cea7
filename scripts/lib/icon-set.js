// Ephemera's icons, drawn from code: a dark rounded tile holding a grid of port cells (a few lit,
// one amber: a listener squatting in the ephemeral range) crossed by a pulse line (churn).
// Small sizes drop the grid so the pulse stays legible; tray images are the pulse in a frame.
import { encodeIcns, encodeIco, encodePng } from './png.js';
import { createCanvas, fill, hex, outline, polyline, roundedRect, toRgba, verticalGradient } from './raster.js';

const TEAL = hex('#2dd4bf');
const PULSE = hex('#5eead4');
const AMBER = hex('#f59e0b');
const DIM = hex('#26364d');
const TILE_TOP = hex('#1e293b');
const TILE_BOTTOM = hex('#0b1220');
const RIM = hex('#3b4a63');

const PULSE_POINTS = [
  [0.14, 0.56],
  [0.33, 0.56],
  [0.4, 0.44],
  [0.48, 0.72],
  [0.57, 0.28],
  [0.64, 0.56],
  [0.86, 0.56],
];
const LIT = new Set(['0,2', '0,3', '1,3', '2,1', '3,2', '3,3']);
const AMBER_CELL = '1,0';

const scale = (points, s) => points.map(([x, y]) => [x * s, y * s]);

function drawTile(canvas, inset, radius) {
  const s = canvas.size;
  const tile = roundedRect(s / 2, s / 2, s * (0.5 - inset), s * (0.5 - inset), s * radius);
  fill(canvas, tile, verticalGradient(TILE_TOP, TILE_BOTTOM, s * inset, s * (1 - inset)));
  if (s >= 48) fill(canvas, outline(tile, Math.max(1, s * 0.012)), RIM);
}

function drawGrid(canvas) {
  const s = canvas.size;
  for (let row = 0; row < 4; row++) {
    for (let col = 0; col < 4; col++) {
      const key = `${row},${col}`;
      const color = key === AMBER_CELL ? AMBER : LIT.has(key) ? TEAL : DIM;
      const cx = s * (0.29 + col * 0.14);
      const cy = s * (0.29 + row * 0.14);
      fill(canvas, roundedRect(cx, cy, s * 0.05, s * 0.05, s * 0.022), color);
    }
  }
}

function drawPulse(canvas, width, halo) {
  const s = canvas.size;
  const points = scale(PULSE_POINTS, s);
  if (halo) fill(canvas, polyline(points, s * (width + 0.05)), hex('#0b1220', 0.9));
  fill(canvas, polyline(points, Math.max(1.2, s * width)), PULSE);
}

/** The application icon at one pixel size, as straight RGBA. */
export function drawAppIcon(size) {
  const canvas = createCanvas(size);
  drawTile(canvas, 0.08, 0.2);
  if (size >= 48) {
    drawGrid(canvas);
    drawPulse(canvas, 0.045, true);
  } else {
    drawPulse(canvas, 0.085, false);
  }
  return toRgba(canvas);
}

/** The macOS menu-bar template: black plus alpha only, so the system tints it for light and dark bars. */
export function drawTrayTemplate(size) {
  const canvas = createCanvas(size);
  const s = size;
  const ink = hex('#000000');
  fill(canvas, outline(roundedRect(s / 2, s / 2, s * 0.42, s * 0.42, s * 0.2), s * 0.09), ink);
  const points = scale(
    [
      [0.2, 0.56],
      [0.36, 0.56],
      [0.44, 0.32],
      [0.56, 0.74],
      [0.64, 0.56],
      [0.8, 0.56],
    ],
    s,
  );
  fill(canvas, polyline(points, s * 0.09), ink);
  return toRgba(canvas);
}

/** The coloured tray image for Linux panels and the Windows notification area (light or dark). */
export function drawTrayColor(size) {
  const canvas = createCanvas(size);
  drawTile(canvas, 0.03, 0.22);
  drawPulse(canvas, size <= 24 ? 0.12 : 0.1, false);
  return toRgba(canvas);
}

const png = (draw, size) => encodePng(size, size, draw(size));

/** Every sizes electron-builder and the tray need; Linux wants a PNG set named WxH.png. */
export const APP_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
/** Linux tray sizes: panels ask for 16 to 48 px. */
export const TRAY_SIZES = [16, 22, 24, 32, 48];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
const TRAY_ICO_SIZES = [16, 20, 24, 32, 40, 48];
const ICNS_TYPES = [
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];

/** Renders every icon file, as [{ path relative to build/, bytes }], without touching the disk. */
export function renderIconSet() {
  const app = new Map(APP_SIZES.map((size) => [size, png(drawAppIcon, size)]));
  const appPng = (size) => app.get(size) ?? png(drawAppIcon, size);
  const files = [{ path: 'icon.png', bytes: appPng(1024) }];
  for (const size of APP_SIZES) files.push({ path: `icons/${size}x${size}.png`, bytes: appPng(size) });
  files.push({ path: 'icon.ico', bytes: encodeIco(ICO_SIZES.map((size) => ({ size, png: appPng(size) }))) });
  files.push({ path: 'icon.icns', bytes: encodeIcns(ICNS_TYPES.map(([type, size]) => ({ type, png: appPng(size) }))) });
  files.push({ path: 'tray/trayTemplate.png', bytes: png(drawTrayTemplate, 16) });
  files.push({ path: 'tray/trayTemplate@2x.png', bytes: png(drawTrayTemplate, 32) });
  for (const size of TRAY_SIZES) files.push({ path: `tray/tray-${size}.png`, bytes: png(drawTrayColor, size) });
  files.push({ path: 'tray/tray.ico', bytes: encodeIco(TRAY_ICO_SIZES.map((size) => ({ size, png: png(drawTrayColor, size) }))) });
  return files;
}
