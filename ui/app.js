// Section 11 Panel's UI. Plain ES modules, no bundler; all data comes
// through ipc.js, and every change goes through autosave.js.

import * as ipc from './ipc.js';
import * as autosave from './autosave.js';
import { renderStart } from './views/start.js';
import { renderOverview } from './views/overview.js';
import { renderMinutes } from './views/minutes.js';
import { renderReview } from './views/review.js';
import { renderDetails } from './views/details.js';
import { renderTemplate } from './views/template.js';
import { renderTrail } from './views/signoff.js';
import { renderActions } from './views/actions.js';
import { renderRegion } from './views/region.js';
import { showAbout } from './views/about.js';
import { initTheme } from './theme.js';
import { initZoom } from './zoom.js';
import { stopTimerTicks } from './views/timer.js';
import { longDateUtc } from './dates.js';

const main = document.getElementById('main');
const headerAudit = document.getElementById('header-audit');
const statusEl = document.getElementById('status');
autosave.init(statusEl);
initTheme(document.getElementById('theme-toggle'));
initZoom(document.getElementById('zoom-controls'));
document.getElementById('about-open').addEventListener('click', async () => {
  let info = {};
  try { info = await ipc.startInfo(); } catch (_) { /* the panel says what it can without it */ }
  showAbout(info);
});

// Once the next frame is on screen: the moment a person sees the screen.
// (A frame callback runs just before the frame is drawn, and a task queued
// from it runs just after.) `asked` (a performance.now() time) is when the
// person asked for the screen, so the benchmark can tell how long a screen
// change took as they felt it. `then` runs after that, for work the screen
// can finish once it is visible.
function afterPaint(screen, asked = null, then = null) {
  requestAnimationFrame(() => setTimeout(() => {
    ipc.uiReady(screen, asked === null ? null : performance.now() - asked);
    if (then) then();
  }, 0));
}

// One keyboard handler at a time: the current screen's.
let keyHandler = null;
document.addEventListener('keydown', (ev) => { if (keyHandler) keyHandler(ev); });

// Leaving a screen saves what is pending first. The next screen starts at
// its top, not at the scroll position of the one before (issue 15).
async function leave() {
  keyHandler = null;
  stopTimerTicks();
  await autosave.flush();
  window.scrollTo(0, 0);
}

const app = {
  setKeys(handler) { keyHandler = handler; },
  notify(e) {
    statusEl.textContent = `Not done: ${e && e.message ? e.message : String(e)}`;
    statusEl.classList.add('status-failing');
  },
  britishDate(iso) {
    if (!iso) return '';
    const d = new Date(`${iso}T00:00:00Z`);
    if (Number.isNaN(d.getTime())) return iso;
    return longDateUtc(d);
  },
  async showStart(error, retry) {
    await leave();
    headerAudit.textContent = '';
    statusEl.textContent = '';
    document.title = 'Section 11 Panel';
    let info = { recent: [], current_year: '', initial_file: null, version: '' };
    try {
      info = await ipc.startInfo();
    } catch (e) {
      error = error || e;
    }
    renderStart(main, info, app, error, retry);
    afterPaint('start');
  },
  showOverview(overview) {
    keyHandler = null;
    stopTimerTicks();
    window.scrollTo(0, 0);
    headerAudit.textContent = `${overview.partnership} · ${overview.year}`;
    document.title = `${overview.partnership} ${overview.year} – Section 11 Panel`;
    renderOverview(main, overview, app);
    afterPaint('audit');
  },
  async showOverviewAgain() {
    await leave();
    try { app.showOverview(await ipc.overview()); } catch (e) { await app.showStart(e); }
  },
  // `options.openNotes`: open the list of notes to check.
  async showMinutes(reviewId, focusId, options = {}) {
    const asked = performance.now();
    await leave();
    const finish = await renderMinutes(main, app, reviewId, focusId, false, options);
    afterPaint('minutes', asked, finish);
  },
  async showReview(reviewId) { await leave(); await renderReview(main, app, reviewId); },
  async showDetails() { await leave(); await renderDetails(main, app); },
  async showTemplate() { await leave(); await renderTemplate(main, app); },
  async showTrail() { await leave(); await renderTrail(main, app); },
  async showActions() { await leave(); await renderActions(main, app); },
  // Runs an action that opens an audit; shows its overview, or the error
  // with a way to try the same thing again (the other copy may have closed).
  async open(action) {
    try {
      await leave();
      const overview = await action();
      if (overview) app.showOverview(overview);
    } catch (e) {
      await app.showStart(e, () => app.open(action));
    }
  },
  // Opens (or creates) a regional collation and shows the region screen.
  async openRegion(action) {
    try {
      await leave();
      const view = await action();
      if (!view) return;
      headerAudit.textContent = `${view.name} · ${view.year} (regional)`;
      document.title = `${view.name} regional report ${view.year} – Section 11 Panel`;
      renderRegion(main, view, app);
      afterPaint('region');
    } catch (e) {
      await app.showStart(e, () => app.openRegion(action));
    }
  },
  async closeRegion() {
    await leave();
    try { await ipc.closeRegion(); } catch (_) { /* nothing is lost: every change is already saved */ }
    await app.showStart();
  },
  async close() {
    await leave();
    try { await ipc.closeAudit(); } catch (_) { /* nothing is lost: every change is already saved */ }
    await app.showStart();
  },
};

// A fault in the page must not pass silently: say so where the chair looks.
window.addEventListener('error', (ev) => {
  // The browser reports a ResizeObserver that changed sizes in its own
  // callback as an error, though it only means the next frame finishes the
  // job; it is not a fault for the chair to see.
  if (String(ev.message).startsWith('ResizeObserver loop')) return;
  app.notify({ message: `Something went wrong on this screen (${ev.message}). Your saved work is safe.` });
});
window.addEventListener('unhandledrejection', (ev) => app.notify(ev.reason || { message: 'Something went wrong on this screen. Your saved work is safe.' }));

// Closing the window waits for the last write. If a write keeps failing the
// first close is held back with the reason shown; a second close quits.
let closeAttempts = 0;
const tauriWindow = window.__TAURI__ && window.__TAURI__.window;
if (tauriWindow) {
  tauriWindow.getCurrentWindow().onCloseRequested(async (event) => {
    const saved = await autosave.flush();
    if (!saved && closeAttempts++ === 0) {
      event.preventDefault();
      app.notify({ message: 'Some changes could not be saved (see above). Close again to quit without them, or fix the problem and wait for “Saved”.' });
    }
  });
}

async function boot() {
  let info;
  try {
    info = await ipc.startInfo();
  } catch (e) {
    return app.showStart(e);
  }
  if (info.initial_file && info.initial_file.endsWith('.s11region')) {
    return app.openRegion(() => ipc.openRegion(info.initial_file));
  }
  if (info.initial_file) {
    return app.open(() => ipc.openAudit(info.initial_file));
  }
  return app.showStart();
}

boot();
