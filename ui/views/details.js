// The audit's own details (partnership, year, report date, the report's
// free-text sections) and its panel.

import * as ipc from '../ipc.js';
import * as autosave from '../autosave.js';
import { h, replace, errorSummary } from '../dom.js';

function field(id, label, input, hint) {
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
    input);
}

export async function renderDetails(main, app) {
  let doc;
  try { doc = await ipc.auditDoc(); } catch (e) { replace(main, errorSummary(e)); return; }
  const a = doc.audit;
  const errorBox = h('div', { id: 'details-error' });
  const input = (id, value) => h('input', { type: 'text', id, value });
  const area = (id, value, rows) => { const t = h('textarea', { id, rows: String(rows) }); t.value = value; return t; };
  const partnership = input('audit-partnership', a.partnership);
  const year = input('audit-year', a.year);
  const reportDate = input('audit-report-date', a.report_date);
  const background = area('audit-background', a.background, 10);
  const methodology = area('audit-methodology', a.methodology, 10);
  const conclusion = area('audit-conclusion', a.conclusion, 8);
  const save = () => autosave.schedule('audit-details', async () => {
    try {
      await ipc.saveAuditDetails({
        partnership: partnership.value, year: year.value, report_date: reportDate.value,
        background: background.value, methodology: methodology.value, conclusion: conclusion.value,
      });
      errorBox.replaceChildren();
    } catch (e) { errorBox.replaceChildren(errorSummary(e)); throw e; }
  });
  for (const el of [partnership, year, reportDate, background, methodology, conclusion]) {
    el.addEventListener('input', save);
    el.addEventListener('blur', () => autosave.saveNow('audit-details'));
  }

  const rerender = async (focusId) => {
    await autosave.flush();
    await renderDetails(main, app);
    const el = focusId && document.getElementById(focusId);
    if (el) el.focus();
  };
  const act = async (fn, focusId) => {
    await autosave.flush();
    try { await fn(); await rerender(focusId); } catch (e) { errorBox.replaceChildren(errorSummary(e)); }
  };

  const memberRows = doc.panel.map((m, i) => {
    const name = h('input', { type: 'text', value: m.name, 'aria-label': `Panel member ${i + 1}: name` });
    const role = h('input', { type: 'text', value: m.role, 'aria-label': `Panel member ${i + 1}: role` });
    const org = h('input', { type: 'text', value: m.organisation, 'aria-label': `Panel member ${i + 1}: organisation` });
    const key = `member:${m.id}`;
    const saveMember = () => autosave.schedule(key, async () => {
      try { await ipc.updatePanelMember(m.id, name.value, role.value, org.value); } catch (e) { errorBox.replaceChildren(errorSummary(e)); throw e; }
    });
    for (const el of [name, role, org]) { el.addEventListener('input', saveMember); el.addEventListener('blur', () => autosave.saveNow(key)); }
    const chair = h('input', { type: 'radio', name: 'chair', id: `chair-${m.id}`, checked: m.chair });
    chair.addEventListener('change', () => act(() => ipc.setChair(m.id), `chair-${m.id}`));
    return h('tr', {},
      h('td', {}, name), h('td', {}, role), h('td', {}, org),
      h('td', {}, chair, h('label', { for: `chair-${m.id}`, class: 'inline-label' }, 'Chair')),
      h('td', {}, h('button', { type: 'button', class: 'link-button', onclick: () => act(() => ipc.removePanelMember(m.id)) }, `Remove ${m.name}`)));
  });
  const newName = h('input', { type: 'text', id: 'new-member-name' });
  const newRole = h('input', { type: 'text', id: 'new-member-role' });
  const newOrg = h('input', { type: 'text', id: 'new-member-organisation' });
  const addForm = h('form', { class: 'panel', id: 'add-member', novalidate: true },
    h('h3', {}, 'Add a panel member'),
    field('new-member-name', 'Name', newName),
    field('new-member-role', 'Role', newRole, 'For example Business Manager, or Designated Nurse.'),
    field('new-member-organisation', 'Organisation', newOrg),
    h('button', { type: 'submit', class: 'button' }, 'Add to the panel'));
  addForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    act(() => ipc.addPanelMember(newName.value, newRole.value, newOrg.value), 'new-member-name');
  });

  replace(main,
    h('div', { class: 'title-row' },
      h('div', {}, h('span', { class: 'caption' }, 'Audit details'), h('h1', {}, a.partnership)),
      h('button', { type: 'button', class: 'button button-secondary', onclick: () => app.showOverviewAgain() }, 'Back to overview')),
    errorBox,
    field('audit-partnership', 'Partnership', partnership),
    field('audit-year', 'Audit year', year, 'The two years it spans, for example 2021-22.'),
    field('audit-report-date', 'Report date', reportDate, 'A day (10/02/2022) or a month (2022-03). Leave empty until the report is ready.'),
    h('h2', {}, 'Panel'),
    doc.panel.length
      ? h('table', { class: 'table edit-table', id: 'panel-edit' },
        h('thead', {}, h('tr', {}, ['Name', 'Role', 'Organisation', 'Chair', ''].map((t) => h('th', { scope: 'col' }, t || h('span', { class: 'visually-hidden' }, 'Actions'))))),
        h('tbody', {}, memberRows))
      : h('p', { class: 'hint' }, 'No panel members yet. The first one you add is the chair until you choose another.'),
    addForm,
    h('h2', {}, 'The report’s sections'),
    h('p', { class: 'hint' }, 'Plain text. Leave a blank line between paragraphs; start a line with “- ” for a ticked list item.'),
    field('audit-background', 'Background', background),
    field('audit-methodology', 'Methodology', methodology, 'The report adds the panel’s names from the list above.'),
    field('audit-conclusion', 'Conclusion', conclusion));
  main.focus();
}
