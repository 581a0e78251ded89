// Page zoom: Ctrl+plus (or Ctrl+=), Ctrl+minus and Ctrl+0, and the header's
// A− / 100 % / A+ buttons. The Rust side zooms the whole page (text, boxes
// and spacing together, as the desktop's own scaling does) and keeps the
// level in the app's data folder beside the window's size, so it survives a
// restart (issue 15).

import * as ipc from './ipc.js';
import { h } from './dom.js';

// The steps a chair moves through; 100 % is the app as designed.
const STEPS = [0.5, 0.67, 0.75, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3];
let level = 1;
let label = null;

function nearest(z) {
  return STEPS.reduce((best, s) => (Math.abs(s - z) < Math.abs(best - z) ? s : best), 1);
}

async function set(z) {
  try {
    level = await ipc.setZoom(z);
  } catch (e) {
    return; // the size stays as it was; nothing is lost
  }
  if (label) label.textContent = `${Math.round(level * 100)} %`;
}

function by(direction) {
  const i = STEPS.indexOf(nearest(level));
  set(STEPS[Math.max(0, Math.min(STEPS.length - 1, i + direction))]);
}

export function initZoom(holder) {
  if (holder) {
    label = h('button', { type: 'button', class: 'header-button', id: 'zoom-reset', title: 'Normal size (Ctrl+0)' }, '100 %');
    label.addEventListener('click', () => set(1));
    holder.append(
      h('button', { type: 'button', class: 'header-button', id: 'zoom-out', title: 'Smaller (Ctrl+minus)', onclick: () => by(-1) }, 'A−', h('span', { class: 'visually-hidden' }, ' smaller')),
      label,
      h('button', { type: 'button', class: 'header-button', id: 'zoom-in', title: 'Larger (Ctrl+plus)', onclick: () => by(1) }, 'A+', h('span', { class: 'visually-hidden' }, ' larger')));
  }
  // Before the screen's own keys: these work on every screen.
  document.addEventListener('keydown', (ev) => {
    if (!(ev.ctrlKey || ev.metaKey) || ev.altKey) return;
    if (ev.key === '+' || ev.key === '=' || ev.code === 'NumpadAdd') { ev.preventDefault(); by(1); }
    else if (ev.key === '-' || ev.key === '_' || ev.code === 'NumpadSubtract') { ev.preventDefault(); by(-1); }
    else if (ev.key === '0' || ev.code === 'Numpad0') { ev.preventDefault(); set(1); }
  }, true);
  ipc.zoom().then((z) => {
    level = z;
    if (label) label.textContent = `${Math.round(level * 100)} %`;
  }).catch(() => {});
}
