// Autosave: every change reaches the .s11 file within about a second of the
// last keystroke, at once when the field is left, before switching screens
// and before the window closes. There is no Save button.
//
// Invariant: a change stays in `pending` until its save has succeeded, so a
// failed write (a full disk, a read-only folder) is retried and never
// dropped; the text also stays on screen. The status line tells the truth.

import { clockTimeSeconds } from './dates.js';

const DELAY_MS = 600;
const RETRY_MS = 3000;
const pending = new Map(); // key -> { save, timer, running }
let statusEl = null;

function time() {
  return clockTimeSeconds(new Date());
}

function show(text, failing) {
  if (!statusEl) return;
  // Unchanged text is left alone: "Saving…" is shown on every keystroke,
  // and rewriting it each time costs a layout of the status line.
  if (statusEl.textContent !== text) statusEl.textContent = text;
  statusEl.classList.toggle('status-failing', Boolean(failing));
}

export function init(el) {
  statusEl = el;
}

async function run(key) {
  const entry = pending.get(key);
  if (!entry || entry.running) return;
  clearTimeout(entry.timer);
  entry.running = true;
  const save = entry.save;
  try {
    await save();
    // Only forget the change if no newer one arrived while saving.
    if (pending.get(key) === entry && entry.save === save) pending.delete(key);
    else entry.running = false;
    if (pending.size === 0) show(`Saved at ${time()}`);
    if (pending.has(key)) schedule(key, pending.get(key).save, 0);
  } catch (e) {
    entry.running = false;
    const message = e && e.message ? e.message : String(e);
    // Refusals (too long, not allowed) will not succeed by retrying the same
    // text; anything else (disk full, file locked) is retried until it does.
    const retry = !(e && (e.code === 'refused' || e.code === 'invalid'));
    show(`Not saved: ${message}${retry ? ' Retrying…' : ''}`, true);
    if (retry) entry.timer = setTimeout(() => run(key), RETRY_MS);
  }
}

/** Saves `save()` for `key` after a pause in typing; a newer change replaces an older one. */
export function schedule(key, save, delay = DELAY_MS) {
  const entry = pending.get(key) || { running: false, timer: null };
  entry.save = save;
  clearTimeout(entry.timer);
  pending.set(key, entry);
  show('Saving…');
  entry.timer = setTimeout(() => run(key), delay);
}

/** Saves `key` now, if it has an unsaved change. */
export function saveNow(key) {
  if (pending.has(key)) return run(key);
  return Promise.resolve();
}

/** Saves everything not yet saved; resolves when all have been tried. */
export async function flush() {
  for (const key of [...pending.keys()]) {
    await run(key);
  }
  // Wait for any save already running to settle.
  for (let i = 0; i < 50 && [...pending.values()].some((e) => e.running); i++) {
    await new Promise((r) => setTimeout(r, 20));
  }
  return pending.size === 0;
}

export function unsaved() {
  return pending.size;
}
