// The start screen: new audit, open, the example, and recent files.

import * as ipc from '../ipc.js';
import { h, replace, errorSummary } from '../dom.js';
import { dateTime } from '../dates.js';

export function renderStart(main, info, app, error, retry) {
  // A protected audit (or a wrong passphrase): ask for it, one thing on the page.
  if (error && error.code === 'passphrase' && error.path) {
    renderPassphrase(main, error, app);
    return;
  }
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
  const regionForm = newRegionForm(info, app);
  regionForm.hidden = true;
  const regional = h('div', { class: 'button-group' },
    h('button', { class: 'button button-secondary', id: 'open-region', type: 'button', onclick: () => app.openRegion(async () => {
      const path = await ipc.chooseRegionToOpen();
      return path ? ipc.openRegion(path) : null;
    }) }, 'Open a regional collation…'),
    h('button', { class: 'button button-secondary', id: 'new-region', type: 'button', onclick: () => {
      regionForm.hidden = false;
      regionForm.querySelector('input').focus();
    } }, 'New regional collation'));

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
    h('h2', {}, 'Regional report'),
    h('p', { class: 'hint' }, 'Collate the partnerships’ signed reports into one report for the region (a .s11region file).'),
    regional,
    regionForm,
  );
  const summary = main.querySelector('.error-summary');
  if (summary) summary.focus();
  if (summary && error && error.path && (error.code === 'damaged' || error.code === 'not_an_audit')) {
    offerBackup(summary, error.path, app);
  }
}

// Asks for a protected audit's passphrase and opens it. The passphrase lives
// only in this form and the call that opens the file: it is not kept, logged
// or put in the recent list. After a wrong one the message says so plainly.
function renderPassphrase(main, error, app) {
  const path = error.path;
  const name = path.split(/[\\/]/).pop() || path;
  const input = h('input', { id: 'passphrase', name: 'passphrase', type: 'password', autocomplete: 'current-password', spellcheck: 'false', 'aria-describedby': 'passphrase-hint' });
  const form = h('form', { id: 'passphrase-form', novalidate: true },
    h('div', { class: 'field' },
      h('label', { for: 'passphrase' }, 'Passphrase'),
      h('p', { class: 'hint', id: 'passphrase-hint' }, 'Passphrases are case-sensitive.'),
      input),
    h('div', { class: 'button-group' },
      h('button', { class: 'button', type: 'submit', id: 'passphrase-open' }, 'Open'),
      h('button', { class: 'button button-secondary', type: 'button', id: 'passphrase-cancel', onclick: () => app.showStart() }, 'Cancel')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const passphrase = input.value;
    input.value = '';
    app.open(() => (error.viaBackup ? ipc.openLatestBackup(path, passphrase) : ipc.openAudit(path, passphrase)));
  });
  replace(main,
    // Asked for the first time, nothing is wrong yet: no error summary.
    error.withPassphrase ? errorSummary(error) : null,
    h('h1', {}, 'This audit is protected'),
    h('p', { class: 'lead', id: 'passphrase-file' }, `Type the passphrase for ${name} to open it.`),
    form);
  const summary = main.querySelector('.error-summary');
  if (summary) summary.focus(); else input.focus();
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
    : dateTime(made);
  summary.append(
    h('p', { id: 'backup-offer' }, `The app has a backup of this audit from ${when}. Opening it puts the backup in this file’s place; the damaged file is kept beside it, renamed. Anything typed after the backup was made is not in it.`),
    h('button', { class: 'button', id: 'open-backup', type: 'button', onclick: () => app.open(() => ipc.openLatestBackup(path)) }, 'Open the latest backup'));
}

function newAuditForm(info, app) {
  const partnership = h('input', { id: 'new-partnership', name: 'partnership', type: 'text', autocomplete: 'organization', required: true });
  const year = h('input', { id: 'new-year', name: 'year', type: 'text', inputmode: 'numeric', pattern: '[0-9]{4}-[0-9]{2}', value: info.current_year || '', required: true, 'aria-describedby': 'new-year-hint' });
  const protection = passphraseFields('new');
  const errorBox = h('div');
  const form = h('form', { class: 'panel', id: 'new-audit-form', novalidate: true },
    h('h2', {}, 'New audit'),
    errorBox,
    h('div', { class: 'field' },
      h('label', { for: 'new-partnership' }, 'Partnership'),
      partnership),
    h('div', { class: 'field' },
      h('label', { for: 'new-year' }, 'Audit year'),
      h('p', { class: 'hint', id: 'new-year-hint' }, 'The two years it spans, for example 2021-22.'),
      year),
    protection.el,
    h('div', { class: 'button-group' },
      h('button', { class: 'button', type: 'submit' }, 'Choose where to save…'),
      h('button', { class: 'button button-secondary', type: 'button', onclick: () => { form.hidden = true; } }, 'Cancel')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const name = partnership.value.trim();
    const y = year.value.trim();
    const chosen = await protection.read();
    if (chosen.problem) {
      protection.clear();
      errorBox.replaceChildren(errorSummary({ message: chosen.problem }));
      errorBox.querySelector('.error-summary').focus();
      return;
    }
    app.open(async () => {
      const path = await ipc.chooseNewAuditPath(`${name || 'Section 11'} ${y}`.trim());
      return path ? ipc.createAudit(path, name, y, chosen.passphrase) : null;
    });
  });
  return form;
}

function newRegionForm(info, app) {
  const name = h('input', { id: 'new-region-name', type: 'text', required: true });
  const year = h('input', { id: 'new-region-year', type: 'text', inputmode: 'numeric', value: info.current_year || '', required: true, 'aria-describedby': 'new-region-year-hint' });
  const form = h('form', { class: 'panel', id: 'new-region-form', novalidate: true },
    h('h2', {}, 'New regional collation'),
    h('div', { class: 'field' }, h('label', { for: 'new-region-name' }, 'Region'), name),
    h('div', { class: 'field' },
      h('label', { for: 'new-region-year' }, 'Audit year'),
      h('p', { class: 'hint', id: 'new-region-year-hint' }, 'The year of the partnerships’ reports, for example 2021-22.'),
      year),
    h('div', { class: 'button-group' },
      h('button', { class: 'button', type: 'submit' }, 'Choose where to save…'),
      h('button', { class: 'button button-secondary', type: 'button', onclick: () => { form.hidden = true; } }, 'Cancel')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const n = name.value.trim();
    const y = year.value.trim();
    app.openRegion(async () => {
      const path = await ipc.chooseNewRegionPath(`${n || 'Region'} ${y}`.trim());
      return path ? ipc.createRegion(path, n, y) : null;
    });
  });
  return form;
}

// "Protect this audit with a passphrase": a checkbox revealing the passphrase
// and its confirmation. `read()` gives { passphrase } (null when unticked) or
// { problem } in words for the error summary. Used by the new audit form and
// the overview's protection panel (prefix keeps their ids apart). The rules
// for a new passphrase are the core's: `read()` asks it, before any dialog.
export function passphraseFields(prefix, { optional = true } = {}) {
  const id = (s) => `${prefix}-${s}`;
  const first = h('input', { id: id('passphrase'), type: 'password', autocomplete: 'new-password', spellcheck: 'false', 'aria-describedby': id('passphrase-hint') });
  const again = h('input', { id: id('passphrase-again'), type: 'password', autocomplete: 'new-password', spellcheck: 'false' });
  const fields = h('div', { class: 'passphrase-fields', id: id('passphrase-fields') },
    h('div', { class: 'field' },
      h('label', { for: id('passphrase') }, 'Passphrase'),
      h('p', { class: 'hint', id: id('passphrase-hint') },
        'A few unrelated words are easy to type and hard to guess. '
        + 'Keep it somewhere safe: a lost passphrase cannot be recovered, by you or anyone else, and the audit cannot be opened without it.'),
      first),
    h('div', { class: 'field' },
      h('label', { for: id('passphrase-again') }, 'Type the passphrase again'),
      again));
  const check = optional ? h('input', { type: 'checkbox', id: id('protect') }) : null;
  if (check) {
    fields.hidden = true;
    check.addEventListener('change', () => { fields.hidden = !check.checked; if (check.checked) first.focus(); });
  }
  const el = h('div', {},
    check ? h('div', { class: 'checkbox' }, check,
      h('label', { for: id('protect'), class: 'inline-label' }, 'Protect this audit with a passphrase')) : null,
    check ? h('p', { class: 'hint' }, 'The file, and the app’s backups of it, cannot be read without the passphrase. Exports (PDF reports, notes files, minute packs) are not protected by it.') : null,
    fields);
  const read = async () => {
    if (check && !check.checked) return { passphrase: null };
    const passphrase = first.value;
    const repeated = again.value;
    try {
      await ipc.checkNewPassphrase(passphrase);
    } catch (e) {
      return { problem: e && e.message ? e.message : String(e) };
    }
    if (passphrase !== repeated) return { problem: 'The two passphrases are not the same. Type them again.' };
    return { passphrase };
  };
  const clear = () => { first.value = ''; again.value = ''; };
  return { el, read, clear };
}
