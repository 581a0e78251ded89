// Setting up one review: the organisation, the date, who sits on the panel,
// who represented the organisation, apologies, the preparation remark, its
// status, and the log of attempts to reach an organisation that did not engage.

import * as ipc from '../ipc.js';
import * as autosave from '../autosave.js';
import { h, replace, errorSummary } from '../dom.js';
import { signOffPanel, lockedBanner, lockControls } from './signoff.js';

function field(id, label, input, hint) {
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
    input);
}

function peopleEditor(kind, people, onChange) {
  const list = h('div', { class: 'people', id: `${kind}-list` });
  const rows = [];
  function addRow(p) {
    const n = rows.length + 1;
    const name = h('input', { type: 'text', value: p.name, 'aria-label': `${kind === 'representatives' ? 'Representative' : 'Apology'} ${n}: name` });
    const role = h('input', { type: 'text', value: p.role, 'aria-label': `${kind === 'representatives' ? 'Representative' : 'Apology'} ${n}: role` });
    const row = h('div', { class: 'person-row' }, name, role,
      h('button', { type: 'button', class: 'link-button', onclick: () => {
        rows.splice(rows.indexOf(entry), 1);
        row.remove();
        onChange();
      } }, 'Remove'));
    const entry = { name, role };
    rows.push(entry);
    name.addEventListener('input', onChange);
    role.addEventListener('input', onChange);
    // Enter adds the next person, as it adds a panel member (issue 15).
    for (const input of [name, role]) {
      input.addEventListener('keydown', (ev) => {
        if (ev.key !== 'Enter' || ev.isComposing) return;
        ev.preventDefault();
        addRow({ name: '', role: '' }).focus();
      });
    }
    list.append(row);
    return name;
  }
  people.forEach(addRow);
  const add = h('button', { type: 'button', class: 'button button-secondary', onclick: () => addRow({ name: '', role: '' }).focus() },
    kind === 'representatives' ? 'Add a representative' : 'Add an apology');
  return { el: h('div', {}, h('div', { class: 'person-head', 'aria-hidden': 'true' }, h('span', {}, 'Name'), h('span', {}, 'Role')), list, add),
    value: () => rows.map((r) => ({ name: r.name.value, role: r.role.value })) };
}

export async function renderReview(main, app, reviewId) {
  let doc;
  try { doc = await ipc.auditDoc(); } catch (e) { replace(main, errorSummary(e)); return; }
  const review = doc.reviews.find((r) => r.id === reviewId);
  if (!review) { replace(main, errorSummary({ message: 'That review is no longer in this audit.' })); return; }
  // Held reviews' minutes are signed off from here; a locked one shows why.
  let signOff = null;
  if (review.status === 'held') {
    try { signOff = await ipc.signOffState(reviewId); } catch (e) { replace(main, errorSummary(e)); return; }
  }

  const organisation = h('input', { type: 'text', id: 'review-organisation', value: review.organisation });
  const shortName = h('input', { type: 'text', id: 'review-short-name', value: review.short_name, 'aria-describedby': 'review-short-name-hint' });
  // Shown as the hint writes dates (10/02/2022), whatever form was typed.
  let dateShown = review.date || '';
  if (dateShown) { try { dateShown = await ipc.dateAsTyped(dateShown); } catch (_) { /* shown as stored */ } }
  const date = h('input', { type: 'text', id: 'review-date', value: dateShown, 'aria-describedby': 'review-date-hint', inputmode: 'numeric' });
  const preparation = h('textarea', { id: 'review-preparation', rows: '4' });
  preparation.value = review.preparation;
  const panelChecks = doc.panel.map((m) => ({
    id: m.id,
    input: h('input', { type: 'checkbox', id: `sits-${m.id}`, checked: review.panel.includes(m.id) }),
    member: m,
  }));
  const errorBox = h('div', { id: 'review-error' });
  const changed = () => autosave.schedule(`review:${reviewId}`, async () => {
    try {
      await ipc.saveReview(reviewId, details());
      errorBox.replaceChildren();
    } catch (e) {
      errorBox.replaceChildren(errorSummary(e));
      throw e;
    }
  });
  const reps = peopleEditor('representatives', review.representatives, changed);
  const apologies = peopleEditor('apologies', review.apologies, changed);
  function details() {
    // Keep the panel in the panel's own order, which is how the report names them.
    return {
      organisation: organisation.value,
      short_name: shortName.value,
      date: date.value.trim() || null, // as typed: the core reads 10/02/2022 or 2022-02-10
      preparation: preparation.value,
      panel: panelChecks.filter((c) => c.input.checked).map((c) => c.id),
      representatives: reps.value(),
      apologies: apologies.value(),
    };
  }
  for (const el of [organisation, shortName, date, preparation]) {
    el.addEventListener('input', changed);
    el.addEventListener('blur', () => autosave.saveNow(`review:${reviewId}`));
  }
  panelChecks.forEach((c) => c.input.addEventListener('change', changed));

  const statuses = [['planned', 'Planned'], ['held', 'Held'], ['did_not_take_place', 'Did not take place']];
  const statusRadios = h('fieldset', { class: 'radios', id: 'review-status' },
    h('legend', {}, 'Status'),
    statuses.map(([value, label]) => {
      const radio = h('input', { type: 'radio', name: 'status', id: `status-${value}`, value, checked: review.status === value });
      radio.addEventListener('change', async () => {
        await autosave.flush();
        try {
          await ipc.setReviewStatus(reviewId, value);
          errorBox.replaceChildren();
          renderReview(main, app, reviewId).then(() => document.getElementById(`status-${value}`).focus());
        } catch (e) {
          errorBox.replaceChildren(errorSummary(e));
          document.getElementById(`status-${review.status}`).checked = true;
        }
      });
      return h('div', { class: 'radio' }, radio, h('label', { for: `status-${value}`, class: 'inline-label' }, label));
    }),
    h('p', { class: 'hint' }, 'Marking a review held keeps its questions as they were asked, whatever later changes the template.'));

  // Contact log
  const contactRows = review.contacts.map((c, i) => h('tr', {},
    h('td', {}, app.britishDate(c.date)), h('td', {}, c.person), h('td', {}, c.method), h('td', { class: 'pre' }, c.note),
    h('td', {}, h('button', { type: 'button', class: 'link-button', onclick: async () => {
      await autosave.flush();
      try { await ipc.removeContact(reviewId, i); renderReview(main, app, reviewId); } catch (e) { errorBox.replaceChildren(errorSummary(e)); }
    } }, 'Remove'))));
  const cDate = h('input', { type: 'text', id: 'contact-date', inputmode: 'numeric', 'aria-describedby': 'contact-date-hint' });
  const cPerson = h('input', { type: 'text', id: 'contact-person' });
  const cMethod = h('input', { type: 'text', id: 'contact-method', list: 'contact-methods' });
  const cNote = h('textarea', { id: 'contact-note', rows: '2' });
  const contactForm = h('form', { class: 'panel', id: 'contact-form', novalidate: true },
    h('h3', {}, 'Add a contact attempt'),
    field('contact-date', 'Date', cDate, 'For example 23/11/2021'),
    field('contact-person', 'Who was contacted', cPerson),
    field('contact-method', 'How', cMethod),
    h('datalist', { id: 'contact-methods' }, ['Email', 'Telephone', 'Letter', 'Meeting'].map((m) => h('option', { value: m }))),
    field('contact-note', 'What happened', cNote),
    h('button', { type: 'submit', class: 'button' }, 'Add to the log'));
  contactForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    await autosave.flush();
    try {
      await ipc.addContact(reviewId, { date: cDate.value, person: cPerson.value, method: cMethod.value, note: cNote.value });
      await renderReview(main, app, reviewId);
      document.getElementById('contact-date').focus();
    } catch (e) { errorBox.replaceChildren(errorSummary(e)); }
  });

  const panelEl = signOff ? signOffPanel(signOff, reviewId, () => renderReview(main, app, reviewId)) : null;
  const titleRow = h('div', { class: 'title-row' },
      h('div', {}, h('span', { class: 'caption' }, 'Set up a review'), h('h1', {}, review.short_name || review.organisation)),
      h('div', { class: 'button-group tight' },
        h('button', { type: 'button', class: 'button button-secondary', onclick: () => app.showOverviewAgain() }, 'Back to overview'),
        review.status !== 'did_not_take_place'
          ? h('button', { type: 'button', class: 'button', id: 'open-minutes', onclick: () => app.showMinutes(reviewId) }, 'Take the minutes')
          : null));
  replace(main,
    titleRow,
    lockedBanner(signOff),
    errorBox,
    field('review-organisation', 'Organisation', organisation),
    field('review-short-name', 'Short name', shortName, 'What the report’s headings and recommendations call it, for example “BNSSG CCG”.'),
    field('review-date', 'Date of the workshop', date, 'For example 10/02/2022'),
    statusRadios,
    h('fieldset', { class: 'checkboxes', id: 'review-panel' }, h('legend', {}, 'Panel members on this review'),
      doc.panel.length ? panelChecks.map((c) => h('div', { class: 'checkbox' }, c.input,
        h('label', { for: `sits-${c.id}`, class: 'inline-label' }, c.member.name, c.member.chair ? ' (chair)' : '')))
        : h('p', { class: 'hint' }, 'Add panel members in the audit’s details first.')),
    h('h2', {}, 'Representatives of the organisation'), reps.el,
    h('h2', {}, 'Apologies'), apologies.el,
    field('review-preparation', review.status === 'did_not_take_place' ? 'What happened' : 'How the organisation prepared', preparation,
      review.status === 'did_not_take_place' ? 'The report prints this after the contact log.' : 'The report prints this remark after the paragraph naming who took part.'),
    h('h2', {}, 'Contact log'),
    h('p', { class: 'hint' }, 'Every attempt to reach an organisation that has not engaged. The report lists them for a review that did not take place.'),
    review.contacts.length
      ? h('table', { class: 'table', id: 'contact-log' }, h('thead', {}, h('tr', {}, ['Date', 'Person', 'How', 'What happened', ''].map((t) => h('th', { scope: 'col' }, t || h('span', { class: 'visually-hidden' }, 'Actions'))))), h('tbody', {}, contactRows))
      : h('p', { class: 'hint' }, 'No contact attempts recorded.'),
    contactForm,
    panelEl,
  );
  if (signOff && signOff.locked_message) lockControls(main, [titleRow, panelEl]);
  main.focus();
}
