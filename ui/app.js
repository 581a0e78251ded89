// Section 11 Panel's UI: a start screen and an audit overview. Plain ES
// modules, no bundler; all data comes through ipc.js.

import * as ipc from './ipc.js';
import { renderStart } from './views/start.js';
import { renderOverview } from './views/overview.js';

const main = document.getElementById('main');
const headerAudit = document.getElementById('header-audit');

const app = {
  async showStart(error, retry) {
    headerAudit.textContent = '';
    document.title = 'Section 11 Panel';
    let info = { recent: [], current_year: '', initial_file: null, version: '' };
    try {
      info = await ipc.startInfo();
    } catch (e) {
      error = error || e;
    }
    renderStart(main, info, app, error, retry);
  },
  showOverview(overview) {
    headerAudit.textContent = `${overview.partnership} · ${overview.year}`;
    document.title = `${overview.partnership} ${overview.year} – Section 11 Panel`;
    renderOverview(main, overview, app);
  },
  // Runs an action that opens an audit; shows its overview, or the error
  // with a way to try the same thing again (the other copy may have closed).
  async open(action) {
    try {
      const overview = await action();
      if (overview) app.showOverview(overview);
    } catch (e) {
      await app.showStart(e, () => app.open(action));
    }
  },
  async close() {
    try { await ipc.closeAudit(); } catch (_) { /* nothing is lost: every change is already saved */ }
    await app.showStart();
  },
};

async function boot() {
  let info;
  try {
    info = await ipc.startInfo();
  } catch (e) {
    return app.showStart(e);
  }
  if (info.initial_file) {
    return app.open(() => ipc.openAudit(info.initial_file));
  }
  return app.showStart();
}

boot();
