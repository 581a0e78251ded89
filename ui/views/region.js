// The region screen (issue 17): the partnerships' reports collated, their
// organisations with status, date and signer; each theme with every
// organisation's response side by side and the lead's regional summary;
// the organisations that did not engage; adding reports and exporting the
// regional report. All text goes in through textContent (dom.js `h`).

import * as ipc from '../ipc.js';
import { h, replace, errorSummary, exportWarning } from '../dom.js';

export function renderRegion(main, view, app, messages = [], error = null) {
  const draftsNote = view.drafts.length
    ? h('p', { class: 'warning-text', id: 'region-drafts' },
      `DRAFT: the reports of ${view.drafts.join(', ')} are not signed off, and the regional report says so on every page.`)
    : null;
  const asDraft = h('input', { type: 'checkbox', id: 'region-add-draft' });
  const add = async () => {
    const paths = await ipc.chooseRegionInputs();
    if (!paths || !paths.length) return;
    await addPaths(main, app, paths, asDraft.checked);
  };
  const exportAs = (word) => async () => {
    const suggested = `${view.name} regional report ${view.year}`;
    const path = word ? await ipc.chooseDocxPath('Export the regional report as Word', suggested)
      : await ipc.choosePdfPath('Export the regional report', suggested);
    if (!path) return;
    try {
      const done = await ipc.exportRegion(path, word);
      renderRegion(main, view, app, [`Wrote the regional report to ${done.path}.`]);
    } catch (e) {
      renderRegion(main, view, app, [], e);
    }
  };

  replace(main,
    error ? errorSummary(error) : null,
    h('h1', { id: 'region-title' }, `${view.name} · Regional report ${view.year}`),
    draftsNote,
    messages.length ? h('div', { class: 'panel', id: 'region-messages', role: 'status' },
      messages.map((m) => h('p', {}, m))) : null,
    h('div', { class: 'button-group' },
      h('button', { class: 'button', type: 'button', id: 'region-add', onclick: add }, 'Add partnerships’ reports…'),
      h('button', { class: 'button button-secondary', type: 'button', id: 'region-export-pdf', 'aria-describedby': 'region-export-warning', onclick: exportAs(false) }, 'Export the regional report (PDF)…'),
      h('button', { class: 'button button-secondary', type: 'button', id: 'region-export-word', 'aria-describedby': 'region-export-warning', onclick: exportAs(true) }, 'Export the regional report (Word)…'),
      h('button', { class: 'button button-secondary', type: 'button', id: 'region-close', onclick: () => app.closeRegion() }, 'Close')),
    h('div', { class: 'checkbox' }, asDraft,
      h('label', { for: 'region-add-draft', class: 'inline-label' }, 'Add as drafts (reports not signed off, or whose signatures do not verify)')),
    exportWarning('region-export-warning'),
    h('h2', {}, 'Partnerships and organisations'),
    view.partnerships.length ? partnershipsTable(view) : h('p', { class: 'hint', id: 'region-empty' },
      'No reports collated yet. Add each partnership’s signed report PDF.'),
    view.themes.length ? h('h2', {}, 'Themes') : null,
    view.themes.map((t, i) => themeSection(t, i)),
    view.not_engaged.length ? h('h2', {}, 'Organisations that did not engage') : null,
    view.not_engaged.length ? h('ul', { id: 'region-not-engaged' }, view.not_engaged.map((n) => h('li', {},
      h('strong', {}, n.organisation), ` (${n.partnership}). `, n.contacts || 'No contact attempts recorded.'))) : null,
  );
  const summary = main.querySelector('.error-summary');
  if (summary) summary.focus();
}

async function addPaths(main, app, paths, draft) {
  try {
    const added = await ipc.regionAdd(paths, draft);
    renderRegion(main, added.view, app, added.messages);
  } catch (e) {
    renderRegion(main, await ipc.regionView(), app, [], e);
  }
}

function partnershipsTable(view) {
  const rows = [];
  for (const p of view.partnerships) {
    p.organisations.forEach((o, k) => {
      rows.push(h('tr', {},
        k === 0 ? h('th', { scope: 'rowgroup', rowspan: String(p.organisations.length) },
          p.short_name, p.draft ? h('span', { class: 'tag tag-draft' }, ' DRAFT') : null) : null,
        h('td', {}, o.name),
        h('td', {}, o.status),
        h('td', {}, o.date),
        k === 0 ? h('td', { rowspan: String(p.organisations.length) },
          p.signed || 'Not signed off',
          p.fingerprint ? h('div', { class: 'hint' }, `Certificate SHA-256 ${p.fingerprint}`) : null) : null));
    });
  }
  return h('table', { class: 'table', id: 'region-partnerships' },
    h('thead', {}, h('tr', {},
      ['Partnership', 'Organisation', 'Status', 'Date', 'Signed off by'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows));
}

function themeSection(theme, i) {
  const id = (s) => `region-theme-${i}-${s}`;
  const strengths = h('textarea', { id: id('strengths'), rows: '3' });
  strengths.value = theme.strengths;
  const development = h('textarea', { id: id('development'), rows: '3' });
  development.value = theme.development;
  const saved = h('span', { class: 'hint', role: 'status', id: id('saved') });
  const save = async () => {
    try {
      await ipc.saveRegionSummary(theme.key, strengths.value, development.value);
      saved.textContent = 'Saved';
    } catch (e) {
      saved.textContent = `Not saved: ${e.message}`;
    }
  };
  return h('details', { class: 'panel region-theme', id: id('details') },
    h('summary', {}, h('span', { class: 'region-theme-title' }, theme.title)),
    theme.questions.map((q) => h('div', { class: 'region-question' },
      h('h3', {}, q.text),
      h('div', { class: 'side-by-side' }, q.responses.map((r) => h('div', { class: 'response-card' },
        h('p', { class: 'hint' }, `${r.partnership} · ${r.organisation}`),
        h('p', {}, r.text || '(no response recorded)')))))),
    theme.recommendations.length ? h('h3', {}, 'Recommendations under this theme') : null,
    theme.recommendations.length ? h('ul', {}, theme.recommendations.map((r) => h('li', {}, r))) : null,
    theme.quotes.length ? h('h3', {}, 'Quoted examples') : null,
    theme.quotes.length ? h('ul', {}, theme.quotes.map((q) => h('li', {}, q))) : null,
    h('h3', {}, 'Regional summary'),
    h('div', { class: 'field' }, h('label', { for: id('strengths') }, 'Strengths across the region'), strengths),
    h('div', { class: 'field' }, h('label', { for: id('development') }, 'Areas for development'), development),
    h('div', { class: 'button-group' },
      h('button', { class: 'button', type: 'button', id: id('save'), onclick: save }, 'Save the summary'), saved));
}
