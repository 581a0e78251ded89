// Last year's recommendations followed as actions (issue 18): the actions
// screen, and the editor the minutes screen reuses for one organisation's.
// Status is always in words; its colour only repeats them.

import * as ipc from '../ipc.js';
import { h, replace, errorSummary, exportWarning } from '../dom.js';

const STATUSES = [
  ['not_started', 'Not started'],
  ['in_progress', 'In progress'],
  ['completed', 'Completed'],
  ['not_accepted', 'Not accepted'],
  ['superseded', 'Superseded'],
];

export function actionStatusTag(a) {
  return h('span', { class: `tag tag-action-${a.status}`, 'data-action-status': a.label }, a.status_label);
}

// One action: its text, owner, status, due date and progress notes, and a
// form (behind a disclosure) to change them. `prefix` keeps ids apart when
// the same action shows on two screens; `onSaved(view)` gets the new view.
export function actionCard(a, prefix, onSaved) {
  const id = (s) => `${prefix}-${s}-${a.label}`;
  const status = h('select', { id: id('status') },
    STATUSES.map(([value, label]) => h('option', { value, selected: value === a.status }, label)));
  const due = h('input', { type: 'text', id: id('due'), value: a.due || '', inputmode: 'numeric', 'aria-describedby': id('due-hint') });
  const note = h('textarea', { id: id('note'), rows: '3' });
  const evidenceKind = h('select', { id: id('evidence-kind') },
    h('option', { value: 'note' }, 'A note'), h('option', { value: 'link' }, 'A link'));
  const evidence = h('input', { type: 'text', id: id('evidence'), 'aria-describedby': id('evidence-hint') });
  const errorBox = h('div');
  const saved = h('p', { class: 'hint', role: 'status', id: id('saved') });
  const form = h('form', { class: 'action-form', novalidate: true, 'data-action-form': a.label },
    errorBox,
    h('div', { class: 'field' }, h('label', { for: id('status') }, `Status of recommendation ${a.label}`), status),
    h('div', { class: 'field' }, h('label', { for: id('due') }, 'Due date (optional)'),
      h('p', { class: 'hint', id: id('due-hint') }, 'For example 31/03/2023. Leave it empty for no due date.'), due),
    h('div', { class: 'field' }, h('label', { for: id('note') }, 'Progress note (optional, dated today)'), note),
    h('div', { class: 'field' }, h('label', { for: id('evidence-kind') }, 'Evidence is'), evidenceKind),
    h('div', { class: 'field' }, h('label', { for: id('evidence') }, 'Evidence (optional)'),
      h('p', { class: 'hint', id: id('evidence-hint') }, 'A short note, or a link kept as text (the app does not open it).'), evidence),
    h('button', { type: 'submit', class: 'button', id: id('save') }, `Save recommendation ${a.label}`),
    saved);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const update = { status: status.value, due: due.value };
    if (note.value.trim()) update.note = note.value;
    if (evidence.value.trim()) update.evidence = { kind: evidenceKind.value, text: evidence.value };
    try {
      const view = await ipc.updateAction(a.id, update);
      const now = view && view.actions.find((x) => x.id === a.id);
      onSaved(view, now ? `Saved: recommendation ${a.label} is ${now.status_label.toLowerCase()}.` : 'Saved.');
    } catch (e) {
      errorBox.replaceChildren(errorSummary(e));
      errorBox.querySelector('.error-summary').focus();
    }
  });
  const notes = a.progress.length
    ? h('ol', { class: 'progress-notes', 'data-progress': a.label }, a.progress.map((n, i) => h('li', {},
      h('strong', {}, a.progress_dates[i] || n.date), ': ', n.text,
      n.evidence ? h('div', { class: 'hint' }, n.evidence.kind === 'link' ? 'Evidence (link): ' : 'Evidence: ', n.evidence.text) : null)))
    : h('p', { class: 'hint' }, 'No progress recorded yet.');
  return h('article', { class: 'action-card', 'data-action': a.label },
    h('h3', { class: 'action-title' }, h('span', { class: 'question-number' }, `${a.label}.`), ' ', a.text),
    h('p', { class: 'action-meta' }, 'Owner: ', a.owner, ' · Status: ', actionStatusTag(a),
      a.due_label ? ` · Due ${a.due_label}` : ''),
    notes,
    h('details', { class: 'action-edit' }, h('summary', {}, `Update recommendation ${a.label}`), form));
}

// The actions for a spreadsheet, or the action plan as PDF, through the
// native save dialog; the file is opened by the app, never by the page.
function exportPanel(view) {
  const result = h('p', { class: 'hint', id: 'actions-export-result', role: 'status' });
  const name = `${view.from_partnership} actions from ${view.from_year}`;
  const run = (kind) => async () => {
    try {
      const path = await ipc.chooseActionsExportPath(kind, name);
      if (!path) return;
      const done = await ipc.exportActions(path, kind);
      result.textContent = `Saved ${done}. Anyone with this file can read it: share it only as your partnership’s policy allows.`;
    } catch (e) {
      result.textContent = `Not exported: ${e && e.message ? e.message : String(e)}`;
    }
  };
  return h('section', { class: 'panel', 'aria-labelledby': 'h-actions-export' },
    h('h2', { id: 'h-actions-export' }, 'Export'),
    exportWarning('actions-export-not-protected'),
    h('div', { class: 'button-group' },
      h('button', { type: 'button', class: 'button button-secondary', id: 'actions-export-pdf', 'aria-describedby': 'actions-export-not-protected', onclick: run('pdf') }, 'Action plan (PDF)…'),
      h('button', { type: 'button', class: 'button button-secondary', id: 'actions-export-csv', 'aria-describedby': 'actions-export-not-protected', onclick: run('csv') }, 'For a spreadsheet (CSV)…')),
    result);
}

export async function renderActions(main, app, filters = { owner: '', status: '' }, message = '') {
  let view;
  try { view = await ipc.actionsView(); } catch (e) { replace(main, errorSummary(e)); return; }
  const back = h('button', { type: 'button', class: 'button button-secondary', id: 'actions-back', onclick: () => app.showOverviewAgain() }, 'Back to overview');
  if (!view) {
    replace(main,
      h('div', { class: 'title-row' }, h('h1', {}, 'Actions'), back),
      h('p', {}, 'This audit was not started from last year’s, so it has no recommendations to follow. Open last year’s audit and choose “Start next year’s audit from this one”.'));
    main.focus();
    return;
  }
  const rerender = (v, msg) => renderActions(main, app, filters, msg);
  const owner = h('select', { id: 'actions-owner' },
    h('option', { value: '' }, 'All organisations'),
    view.owners.map((o) => h('option', { value: o, selected: o === filters.owner }, o)));
  const status = h('select', { id: 'actions-status' },
    h('option', { value: '' }, 'Any status'),
    STATUSES.map(([value, label]) => h('option', { value, selected: value === filters.status }, label)));
  const list = h('div', { id: 'actions-list' });
  const shown = h('p', { class: 'hint', id: 'actions-shown', role: 'status' });
  const fill = () => {
    const rows = view.actions.filter((a) => (!owner.value || a.owner === owner.value) && (!status.value || a.status === status.value));
    shown.textContent = `Showing ${rows.length} of ${view.actions.length} recommendations.`;
    list.replaceChildren(...rows.map((a) => actionCard(a, 'action', rerender)));
  };
  owner.addEventListener('change', () => { filters = { ...filters, owner: owner.value }; fill(); });
  status.addEventListener('change', () => { filters = { ...filters, status: status.value }; fill(); });
  fill();
  replace(main,
    h('div', { class: 'title-row' },
      h('div', {}, h('span', { class: 'caption' }, `From the ${view.from_year} audit (${view.from_file || view.from_partnership})`),
        h('h1', { id: 'actions-title' }, `Progress on ${view.from_year} recommendations`)),
      back),
    message ? h('p', { class: 'notice', role: 'status', id: 'actions-message' }, message) : null,
    h('ul', { class: 'action-counts', id: 'action-counts', 'aria-label': 'Recommendations by status' },
      view.counts.map((c) => h('li', { 'data-count': c.status }, h('span', { class: `tag tag-action-${c.status}` }, c.label), ` ${c.count}`))),
    h('div', { class: 'filters' },
      h('div', { class: 'field' }, h('label', { for: 'actions-owner' }, 'Organisation'), owner),
      h('div', { class: 'field' }, h('label', { for: 'actions-status' }, 'Status'), status)),
    shown,
    list,
    exportPanel(view));
  // After a save the focus goes to what it says, so the keyboard is not
  // left on a form that has just been replaced.
  const said = message && document.getElementById('actions-message');
  if (said) { said.setAttribute('tabindex', '-1'); said.focus(); } else main.focus();
}

// On the minutes of a review whose organisation had recommendations last
// year: those first, with status and a progress note editable there, so the
// panel can ask about them. Empty (and hidden) otherwise.
export function lastYearSection(review) {
  const section = h('section', { class: 'panel last-year', id: 'last-year', 'aria-labelledby': 'h-last-year', hidden: true });
  const fillFrom = (view, message) => {
    const mine = view ? view.actions.filter((a) => a.review === review.id || a.owner === review.organisation) : [];
    if (!mine.length) { section.hidden = true; section.replaceChildren(); return; }
    section.hidden = false;
    replace(section,
      h('h2', { id: 'h-last-year' }, 'Last year’s recommendations'),
      h('p', { class: 'hint' }, `What the ${view.from_year} report recommended for ${review.short_name || review.organisation}, and how far each has got. Ask the organisation about them first.`),
      message ? h('p', { class: 'notice', role: 'status', id: 'last-year-message', tabindex: '-1' }, message) : null,
      mine.map((a) => actionCard(a, 'ly', fillFrom)));
    if (message) section.querySelector('#last-year-message').focus();
  };
  ipc.actionsView().then((v) => fillFrom(v)).catch(() => {});
  return section;
}
