// An open audit at a glance: the panel, the reviews and the question template.

import * as ipc from '../ipc.js';
import { h, replace, errorSummary, exportWarning } from '../dom.js';
import { notesPanel } from './notes.js';
import { passphraseFields } from './start.js';

function statusTag(review) {
  // The words carry the status; colour only repeats them.
  return h('span', { class: `tag tag-${review.status}` }, review.status_label);
}

// Whether a held review's minutes are signed off, filled in when the core
// answers (the table does not wait for it).
function signedTag(review) {
  if (review.status !== 'held') return null;
  const tag = h('span', { class: 'tag tag-signed', 'data-signed': review.id, hidden: true }, 'Signed off');
  ipc.signOffState(review.id).then((state) => { if (state && state.signed) tag.hidden = false; }).catch(() => {});
  return tag;
}

function panelTable(panel) {
  if (!panel.length) {
    return h('p', { class: 'hint' }, 'No panel members yet. Add the chair and members from the partner agencies.');
  }
  return h('table', { class: 'table', id: 'panel-table' },
    h('caption', { class: 'visually-hidden' }, 'Panel members'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Role'), h('th', { scope: 'col' }, 'Organisation'))),
    h('tbody', {}, panel.map((m) => h('tr', {},
      h('td', {}, m.name, m.chair ? h('span', { class: 'tag tag-chair' }, 'Chair') : null),
      h('td', {}, m.role),
      h('td', {}, m.organisation)))));
}

function reviewsTable(reviews, app) {
  if (!reviews.length) {
    return h('p', { class: 'hint' }, 'No reviews yet. Add one below for each organisation the panel will review.');
  }
  return h('table', { class: 'table', id: 'reviews-table' },
    h('caption', { class: 'visually-hidden' }, 'Reviews'),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Organisation'), h('th', { scope: 'col' }, 'Date'), h('th', { scope: 'col' }, 'Status'),
      h('th', { scope: 'col' }, 'Panel'), h('th', { scope: 'col' }, 'Minutes'), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
    h('tbody', {}, reviews.map((r) => h('tr', {},
      h('td', {}, h('strong', {}, r.short_name || r.organisation), r.short_name ? h('div', { class: 'hint' }, r.organisation) : null),
      h('td', {}, r.date || '—'),
      h('td', {}, statusTag(r), signedTag(r)),
      h('td', {}, r.panel.join(', ')),
      h('td', {}, r.status === 'did_not_take_place'
        ? `${r.contacts} contact attempt${r.contacts === 1 ? '' : 's'}`
        : `${r.answered} of ${r.questions} questions`,
        r.notes_to_check ? h('div', {}, h('button', { type: 'button', class: 'link-button', 'data-notes-to-check': r.id, onclick: () => app.showMinutes(r.id, null, { openNotes: true }) },
          `${r.notes_to_check} ${r.notes_to_check === 1 ? 'note' : 'notes'} to check`, h('span', { class: 'visually-hidden' }, `: ${r.short_name || r.organisation}`))) : null),
      h('td', { class: 'actions' },
        r.status !== 'did_not_take_place'
          ? h('button', { type: 'button', class: 'link-button', 'data-minutes': r.id, onclick: () => app.showMinutes(r.id) }, `Minutes: ${r.short_name || r.organisation}`)
          : null,
        h('button', { type: 'button', class: 'link-button', 'data-setup': r.id, onclick: () => app.showReview(r.id) }, `Set up: ${r.short_name || r.organisation}`))))));
}

// The report and the blank template as PDF, through the native save dialog.
function exportPanel(o) {
  const result = h('p', { class: 'hint', id: 'export-result', role: 'status' });
  const opened = h('p', { class: 'hint', id: 'export-opened', role: 'status' });
  const openButtons = h('div', { class: 'button-group', id: 'export-open', hidden: true });
  const name = `${o.partnership} Section 11 ${o.year}`;
  const exportWith = (title, suggested, write, choose = ipc.choosePdfPath) => async () => {
    try {
      const path = await choose(title, suggested);
      if (!path) return;
      const done = await write(path);
      result.textContent = `Saved ${done.path}. Anyone with this file can read it: share it only as your partnership’s policy allows.`;
      // Opened by the app (the system's own opener), never by the page.
      const open = (folder) => ipc.openExported(done.path, folder)
        .then(() => { opened.textContent = folder ? 'Opening its folder…' : 'Opening the PDF…'; })
        .catch((e) => { opened.textContent = `Not opened: ${e && e.message ? e.message : String(e)}`; });
      openButtons.replaceChildren(
        h('button', { type: 'button', class: 'button button-secondary', id: 'export-open-file', onclick: () => open(false) }, 'Open the PDF'),
        h('button', { type: 'button', class: 'button button-secondary', id: 'export-open-folder', onclick: () => open(true) }, 'Open its folder'));
      openButtons.hidden = false;
    } catch (e) {
      result.textContent = `Not exported: ${e && e.message ? e.message : String(e)}`;
    }
  };
  return h('section', { class: 'panel', 'aria-labelledby': 'h-export' },
    h('h2', { id: 'h-export' }, 'Report'),
    h('p', { class: 'hint' }, 'The report follows the partnership’s Section 11 report: each held review’s table, the recommendations numbered, and the question template as an appendix. Until it is signed off every page is marked DRAFT.'),
    exportWarning('export-not-protected'),
    h('div', { class: 'button-group' },
      h('button', { class: 'button', type: 'button', id: 'export-report', 'aria-describedby': 'export-not-protected', onclick: exportWith('Export the report', name, ipc.exportReportPdf) }, 'Export the report (PDF)…'),
      h('button', { class: 'button button-secondary', type: 'button', id: 'export-report-word', 'aria-describedby': 'export-not-protected', onclick: exportWith('Export the report as Word', name, ipc.exportReportWord, ipc.chooseDocxPath) }, 'Export the report (Word)…'),
      h('button', { class: 'button button-secondary', type: 'button', id: 'export-template', 'aria-describedby': 'export-not-protected', onclick: exportWith('Export the blank question template', `${name} question template`, ipc.exportTemplatePdf) }, 'Blank question template (PDF)…')),
    result, openButtons, opened);
}

// Encryption at rest (issue 8): whether the file is protected, and a way to
// protect it now. The passphrase goes from the form straight to the core.
function protectionPanel() {
  const section = h('section', { class: 'panel', id: 'protection', 'aria-labelledby': 'h-protection' });
  const showProtected = (notice) => section.replaceChildren(
    h('h2', { id: 'h-protection' }, 'Passphrase'),
    notice ? h('p', { class: 'notice', role: 'status' }, notice) : null,
    h('p', { id: 'protection-state' }, 'This audit is protected with a passphrase: the file and the app’s backups of it cannot be read without it. While it is open here, anyone at this computer can read it, so lock the screen when you step away.'));
  const showUnprotected = () => {
    const fields = passphraseFields('protect', { optional: false });
    const errorBox = h('div');
    const form = h('form', { id: 'protect-form', novalidate: true },
      errorBox,
      fields.el,
      h('button', { class: 'button button-secondary', type: 'submit', id: 'protect-audit' }, 'Protect this audit'));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const chosen = await fields.read();
      fields.clear(); // typed again after a problem; not left in the page after use
      if (chosen.problem) {
        errorBox.replaceChildren(errorSummary({ message: chosen.problem }));
        errorBox.querySelector('.error-summary').focus();
        return;
      }
      try {
        await ipc.protectAudit(chosen.passphrase);
        showProtected('Protected. From now on the app asks for the passphrase when this audit is opened. Backups made before were not protected and have been deleted.');
      } catch (e) {
        errorBox.replaceChildren(errorSummary(e));
        errorBox.querySelector('.error-summary').focus();
      }
    });
    section.replaceChildren(
      h('h2', { id: 'h-protection' }, 'Protect with a passphrase'),
      h('p', { id: 'protection-state' }, 'This audit file is not protected: anyone who gets a copy of it can read the minutes. With a passphrase, the file and the app’s backups of it are encrypted and the app asks for the passphrase when it opens the audit.'),
      form);
  };
  ipc.auditProtected().then((yes) => (yes ? showProtected() : showUnprotected())).catch(() => section.remove());
  return section;
}

function addReviewForm(app) {
  const organisation = h('input', { type: 'text', id: 'new-review-organisation' });
  const shortName = h('input', { type: 'text', id: 'new-review-short-name', 'aria-describedby': 'new-review-short-name-hint' });
  const errorBox = h('div');
  const form = h('form', { class: 'panel', id: 'add-review', novalidate: true },
    h('h3', {}, 'Add a review'),
    errorBox,
    h('div', { class: 'field' }, h('label', { for: 'new-review-organisation' }, 'Organisation'), organisation),
    h('div', { class: 'field' }, h('label', { for: 'new-review-short-name' }, 'Short name (optional)'),
      h('p', { class: 'hint', id: 'new-review-short-name-hint' }, 'For example “BNSSG CCG”.'), shortName),
    h('button', { type: 'submit', class: 'button' }, 'Add and set up'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const id = await ipc.addReview(organisation.value, shortName.value);
      app.showReview(id);
    } catch (e) {
      errorBox.replaceChildren(errorSummary(e));
    }
  });
  return form;
}

// "2021-22" gives "2022-23"; anything else is left for the chair to type.
function followingYear(year) {
  const m = /^(\d{4})-\d{2}$/.exec(year || '');
  if (!m) return '';
  const first = Number(m[1]) + 1;
  return `${first}-${String((first + 1) % 100).padStart(2, '0')}`;
}

// Issue 18: next year's audit from this one, through the save dialog as a
// new audit is made. A protected audit's successor keeps its passphrase
// unless the chair ticks the box and gives another.
function nextYearPanel(o, app) {
  const year = h('input', { type: 'text', id: 'next-year', value: followingYear(o.year), 'aria-describedby': 'next-year-hint', inputmode: 'numeric' });
  const protection = passphraseFields('next');
  const errorBox = h('div');
  const form = h('form', { class: 'panel', id: 'next-year-form', novalidate: true, 'aria-labelledby': 'h-next-year' },
    h('h2', { id: 'h-next-year' }, 'Start next year’s audit from this one'),
    h('p', { class: 'hint' }, 'A new audit file with the same partnership, panel and question template (which you can then change), this year’s organisations as planned reviews, and every recommendation to follow as an action. No minutes, notes or sign-offs are copied, and this file is not changed. If this audit is protected, the new one keeps the same passphrase unless you give another below.'),
    errorBox,
    h('div', { class: 'field' }, h('label', { for: 'next-year' }, 'Year of the new audit'),
      h('p', { class: 'hint', id: 'next-year-hint' }, 'For example 2022-23.'), year),
    protection.el,
    h('button', { type: 'submit', class: 'button button-secondary', id: 'start-next-year' }, 'Start next year’s audit…'));
  // For a protected audit, unticked means "the same passphrase".
  ipc.auditProtected().then((yes) => {
    const label = yes && form.querySelector('label[for="next-protect"]');
    if (label) label.textContent = 'Protect the new audit with a different passphrase';
  }).catch(() => {});
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const chosen = await protection.read();
    protection.clear();
    if (chosen.problem) {
      errorBox.replaceChildren(errorSummary({ message: chosen.problem }));
      errorBox.querySelector('.error-summary').focus();
      return;
    }
    const y = year.value.trim();
    app.open(async () => {
      const path = await ipc.chooseNewAuditPath(`${o.partnership} ${y}`.trim());
      return path ? ipc.startNextYear(path, y, chosen.passphrase) : null;
    });
  });
  return form;
}

// Shown once the core says this audit follows last year's recommendations.
function actionsButton(app) {
  const button = h('button', { class: 'button button-secondary', type: 'button', id: 'show-actions', hidden: true, onclick: () => app.showActions() }, 'Last year’s recommendations');
  ipc.actionsView().then((v) => {
    if (!v) return;
    const open = v.counts.filter((c) => c.status === 'not_started' || c.status === 'in_progress').reduce((n, c) => n + c.count, 0);
    button.textContent = `Progress on ${v.from_year} recommendations (${open} open)`;
    button.hidden = false;
  }).catch(() => {});
  return button;
}

function templateList(template) {
  return h('ol', { class: 'themes', id: 'template' }, template.themes.map((t) => h('li', { class: 'theme' },
    h('h3', { class: 'theme-title' }, t.title),
    h('ol', { class: 'questions' }, t.questions.map((q) => h('li', {},
      q.text,
      q.points && q.points.length ? h('ul', {}, q.points.map((p) => h('li', {}, p))) : null,
      q.follow_up ? h('div', {}, q.follow_up) : null))))));
}

export function renderOverview(main, o, app) {
  const recs = o.organisation_recommendations + o.partnership_recommendations;
  replace(main,
    h('div', { class: 'title-row' },
      h('div', {},
        h('span', { class: 'caption' }, `Section 11 audit ${o.year}`),
        h('h1', { id: 'audit-title' }, o.partnership)),
      h('button', { class: 'button button-secondary', type: 'button', id: 'close-audit', onclick: () => app.close() }, 'Close audit')),
    h('div', { class: 'button-group' },
      h('button', { class: 'button button-secondary', type: 'button', id: 'edit-details', onclick: () => app.showDetails() }, 'Audit details and panel'),
      h('button', { class: 'button button-secondary', type: 'button', id: 'edit-template', onclick: () => app.showTemplate() }, 'Question template'),
      h('button', { class: 'button button-secondary', type: 'button', id: 'audit-trail', onclick: () => app.showTrail() }, 'Sign-off and audit trail'),
      actionsButton(app)),
    h('dl', { class: 'summary-list' },
      h('div', {}, h('dt', {}, 'Report date'), h('dd', {}, o.report_date || 'Not set yet')),
      h('div', {}, h('dt', {}, 'Reviews'), h('dd', {}, String(o.reviews.length))),
      h('div', {}, h('dt', {}, 'Recommendations'), h('dd', {},
        `${recs} (${o.organisation_recommendations} for organisations, ${o.partnership_recommendations} for the partnership)`))),
    h('section', { 'aria-labelledby': 'h-reviews' }, h('h2', { id: 'h-reviews' }, 'Reviews'), reviewsTable(o.reviews, app), addReviewForm(app)),
    notesPanel(app, o),
    exportPanel(o),
    protectionPanel(),
    nextYearPanel(o, app),
    h('section', { 'aria-labelledby': 'h-panel' }, h('h2', { id: 'h-panel' }, 'Panel'), panelTable(o.panel)),
    h('section', { 'aria-labelledby': 'h-template' },
      h('h2', { id: 'h-template' }, 'Question template'),
      h('p', { class: 'hint' }, `${o.template.name}, version ${o.template.version}: ${o.template.themes.length} themes.`),
      templateList(o.template)),
  );
  main.focus();
}
