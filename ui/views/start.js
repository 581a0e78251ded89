// The start screen: new audit, open, the example, and recent files.

import * as ipc from '../ipc.js';
import { h, replace, errorSummary } from '../dom.js';

export function renderStart(main, info, app, error, retry) {
  const newForm = newAuditForm(info, app);
  newForm.hidden = true;

  const actions = h('div', { class: 'button-group' },
    h('button', { class: 'button', id: 'new-audit', type: 'button', onclick: () => {
      newForm.hidden = false;
      newForm.querySelector('input').focus();
    } }, 'New audit'),
    h('button', { class: 'button button-secondary', id: 'open-audit', type: 'button', onclick: () => app.open(async () => {
      const path = await ipc.chooseAuditToOpen();
      return path ? ipc.openAudit(path) : null;
    }) }, 'Open an audit…'),
    h('button', { class: 'button button-secondary', id: 'open-example', type: 'button', onclick: () => app.open(ipc.openExample) },
      'Open the example'),
  );

  const recent = info.recent && info.recent.length
    ? h('ul', { class: 'recent-list', id: 'recent' }, info.recent.map((r) => h('li', {},
        h('button', {
          class: 'link-button', type: 'button', disabled: !r.exists, title: r.path,
          onclick: () => app.open(() => ipc.openAudit(r.path)),
        }, r.name),
        h('span', { class: 'hint' }, r.exists ? r.path : `${r.path} (not found)`))))
    : h('p', { class: 'hint', id: 'recent' }, 'Audits you open will be listed here. New to the app? Open the example: the 2021-22 South Gloucestershire report as an audit.');

  replace(main,
    error ? errorSummary(error, retry) : null,
    h('h1', {}, 'Section 11 peer review'),
    h('p', { class: 'lead' }, 'Plan the panel’s workshops, take the minutes theme by theme, and produce the partnership’s Section 11 report. Each audit is kept in one .s11 file on this computer.'),
    actions,
    newForm,
    h('h2', {}, 'Recent audits'),
    recent,
  );
  const summary = main.querySelector('.error-summary');
  if (summary) summary.focus();
  if (summary && error && error.path && (error.code === 'damaged' || error.code === 'not_an_audit')) {
    offerBackup(summary, error.path, app);
  }
}

// A damaged file (or one that no longer reads as an audit) which the app has
// backed up: offer the newest backup. Opening it puts the backup in the
// file's place and keeps the damaged file beside it, renamed.
async function offerBackup(summary, path, app) {
  let backup = null;
  try { backup = await ipc.latestBackup(path); } catch (_) { return; }
  if (!backup) return;
  const made = new Date(backup.made_at);
  const when = Number.isNaN(made.getTime()) ? 'earlier'
    : made.toLocaleString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });
  summary.append(
    h('p', { id: 'backup-offer' }, `The app has a backup of this audit from ${when}. Opening it puts the backup in this file’s place; the damaged file is kept beside it, renamed. Anything typed after the backup was made is not in it.`),
    h('button', { class: 'button', id: 'open-backup', type: 'button', onclick: () => app.open(() => ipc.openLatestBackup(path)) }, 'Open the latest backup'));
}

function newAuditForm(info, app) {
  const partnership = h('input', { id: 'new-partnership', name: 'partnership', type: 'text', autocomplete: 'organization', required: true });
  const year = h('input', { id: 'new-year', name: 'year', type: 'text', inputmode: 'numeric', pattern: '[0-9]{4}-[0-9]{2}', value: info.current_year || '', required: true, 'aria-describedby': 'new-year-hint' });
  const form = h('form', { class: 'panel', id: 'new-audit-form', novalidate: true },
    h('h2', {}, 'New audit'),
    h('div', { class: 'field' },
      h('label', { for: 'new-partnership' }, 'Partnership'),
      partnership),
    h('div', { class: 'field' },
      h('label', { for: 'new-year' }, 'Audit year'),
      h('p', { class: 'hint', id: 'new-year-hint' }, 'The two years it spans, for example 2021-22.'),
      year),
    h('div', { class: 'button-group' },
      h('button', { class: 'button', type: 'submit' }, 'Choose where to save…'),
      h('button', { class: 'button button-secondary', type: 'button', onclick: () => { form.hidden = true; } }, 'Cancel')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const name = partnership.value.trim();
    const y = year.value.trim();
    app.open(async () => {
      const path = await ipc.chooseNewAuditPath(`${name || 'Section 11'} ${y}`.trim());
      return path ? ipc.createAudit(path, name, y) : null;
    });
  });
  return form;
}
