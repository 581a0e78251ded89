// Sign-off (issue 6): the panel that sends minutes (or the report) for an
// accuracy check, signs them off and reopens them; the locked banner; and
// the audit trail screen. Every rule is the core's: this only shows its
// state and passes on what the chair typed. Text goes in as text only.

import * as ipc from '../ipc.js';
import * as autosave from '../autosave.js';
import { h, replace, errorSummary } from '../dom.js';

const STAGES = {
  draft: 'Draft',
  sent_for_accuracy_check: 'Sent for accuracy check',
  signed_off: 'Signed off',
};

function when(rfc3339) {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return rfc3339;
  return d.toLocaleString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

function field(id, label, input, hint) {
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
    input);
}

// The banner a locked screen starts with: words, an icon-free heading and a
// border, so the state never rests on colour alone.
export function lockedBanner(state) {
  if (!state || !state.locked_message) return null;
  return h('div', { class: 'signed-banner', id: 'signed-banner', role: 'status' },
    h('p', { class: 'signed-banner-title' }, 'Locked: signed off'),
    h('p', {}, state.locked_message));
}

// Makes every control in `root` read-only except those inside `keep`.
export function lockControls(root, keep) {
  root.querySelectorAll('input, textarea, select, button').forEach((el) => {
    if (keep && keep.some((k) => k && k.contains(el))) return;
    if (el.tagName === 'TEXTAREA' || (el.tagName === 'INPUT' && el.type === 'text')) el.readOnly = true;
    else el.disabled = true;
    el.setAttribute('aria-readonly', 'true');
  });
}

// The sign-off panel for one review (`reviewId`) or the report (null).
// `rerender` redraws the screen after a change.
export function signOffPanel(state, reviewId, rerender) {
  const what = reviewId ? 'these minutes' : 'the report';
  const errorBox = h('div', { id: 'signoff-error' });
  const fail = (e) => { errorBox.replaceChildren(errorSummary(e)); errorBox.firstChild.focus(); };
  const heading = h('h2', { id: 'h-signoff' }, 'Sign-off');
  const stage = h('p', { id: 'signoff-stage' }, h('strong', {}, 'Stage: '), `${STAGES[state.stage] || state.stage} (version ${state.version})`);
  const parts = [heading, stage, errorBox];

  if (state.signed) {
    const s = state.signed;
    parts.push(
      h('p', { id: 'signoff-record' }, `Signed off on ${when(s.signed_at)} by ${s.name}${s.role ? `, ${s.role}` : ''}.`),
      h('p', { class: 'pre' }, s.statement),
      h('p', { class: 'hint' }, 'Fingerprint (SHA-256): ', h('code', { id: 'signoff-digest' }, s.digest)));
    const name = h('input', { type: 'text', id: 'reopen-name', value: state.default_name, autocomplete: 'name' });
    const role = h('input', { type: 'text', id: 'reopen-role', value: state.default_role });
    const reason = h('textarea', { id: 'reopen-reason', rows: '2', 'aria-describedby': 'reopen-reason-hint' });
    const form = h('form', { class: 'panel', id: 'reopen-form', novalidate: true },
      h('h3', {}, `Reopen ${what}`),
      h('p', { class: 'hint' }, 'The signed version is kept, and a new draft version starts. The audit trail records who reopened it, when and why.'),
      field('reopen-name', 'Your name', name),
      field('reopen-role', 'Your role', role),
      field('reopen-reason', 'Reason for reopening', reason, 'For example: the organisation corrected a job title.'),
      h('button', { type: 'submit', class: 'button button-warning', id: 'reopen-submit' }, `Reopen ${what}`));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      try { await ipc.reopen(reviewId, name.value, role.value, reason.value); await rerender(); } catch (e) { fail(e); }
    });
    parts.push(form);
    return h('section', { class: 'signoff', id: 'signoff-panel', 'aria-labelledby': 'h-signoff' }, parts);
  }

  if (state.locked_message) {
    // Minutes inside a signed-off report: the report must be reopened first.
    return h('section', { class: 'signoff', id: 'signoff-panel', 'aria-labelledby': 'h-signoff' }, parts);
  }
  if (state.cannot_sign) {
    parts.push(h('p', { class: 'hint', id: 'signoff-cannot' }, state.cannot_sign));
    return h('section', { class: 'signoff', id: 'signoff-panel', 'aria-labelledby': 'h-signoff' }, parts);
  }

  if (state.sent_for_check) {
    const c = state.sent_for_check;
    parts.push(h('p', {}, `Sent for an accuracy check on ${when(c.at)} by ${c.name}.`, c.text ? ` ${c.text}` : ''));
  } else {
    const sentBy = h('input', { type: 'text', id: 'check-by', value: state.default_name });
    const note = h('input', { type: 'text', id: 'check-note', 'aria-describedby': 'check-note-hint' });
    const check = h('form', { class: 'panel', id: 'check-form', novalidate: true },
      h('h3', {}, 'Send for an accuracy check (optional)'),
      h('p', { class: 'hint' }, 'Records that the draft went to the organisation to confirm, as minutes usually do. Nothing is locked.'),
      field('check-by', 'Sent by', sentBy),
      field('check-note', 'Sent to, or a note', note, 'For example: emailed to the designated nurse.'),
      h('button', { type: 'submit', class: 'button button-secondary', id: 'check-submit' }, 'Record as sent for accuracy check'));
    check.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      try { await ipc.sendForAccuracyCheck(reviewId, sentBy.value, note.value); await rerender(); } catch (e) { fail(e); }
    });
    parts.push(check);
  }

  const name = h('input', { type: 'text', id: 'signoff-name', value: state.default_name, autocomplete: 'name' });
  const role = h('input', { type: 'text', id: 'signoff-role', value: state.default_role });
  const statement = h('textarea', { id: 'signoff-statement', rows: '3' });
  statement.value = state.default_statement;
  const form = h('form', { class: 'panel', id: 'signoff-form', novalidate: true },
    h('h3', {}, reviewId ? 'Sign off these minutes' : 'Sign off the report'),
    h('p', { class: 'hint' }, `Once signed off, ${what} cannot be changed anywhere until someone reopens them with a reason.`),
    field('signoff-name', 'Name of the person signing off', name),
    field('signoff-role', 'Their role', role),
    field('signoff-statement', 'Statement', statement),
    h('button', { type: 'submit', class: 'button', id: 'signoff-submit' }, reviewId ? 'Sign off these minutes' : 'Sign off the report'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    await autosave.flush();
    try { await ipc.signOff(reviewId, { name: name.value, role: role.value, statement: statement.value }); await rerender(); } catch (e) { fail(e); }
  });
  parts.push(form);
  return h('section', { class: 'signoff', id: 'signoff-panel', 'aria-labelledby': 'h-signoff' }, parts);
}

const EVENTS = { sent_for_accuracy_check: 'Sent for accuracy check', signed_off: 'Signed off', reopened: 'Reopened' };

// Every accuracy check, sign-off and reopening, oldest first.
export async function renderTrail(main, app) {
  let trail;
  let report;
  try { [trail, report] = await Promise.all([ipc.signOffTrail(), ipc.signOffState(null)]); } catch (e) { replace(main, errorSummary(e)); return; }
  replace(main,
    h('div', { class: 'title-row' },
      h('div', {}, h('span', { class: 'caption' }, 'Sign-off'), h('h1', {}, 'The report’s sign-off and audit trail')),
      h('div', { class: 'button-group tight' },
        h('button', { type: 'button', class: 'button button-secondary', onclick: () => app.showOverviewAgain() }, 'Back to overview'))),
    lockedBanner(report),
    signOffPanel(report, null, () => renderTrail(main, app)),
    h('h2', { id: 'h-trail' }, 'Audit trail'),
    h('p', { class: 'hint' }, 'Every accuracy check, sign-off and reopening, oldest first. Nothing here can be changed or removed.'),
    trail.length
      ? h('table', { class: 'table', id: 'trail' },
        h('caption', { class: 'visually-hidden' }, 'Sign-offs and reopenings, oldest first'),
        h('thead', {}, h('tr', {}, ['When', 'What', 'Event', 'Version', 'Who', 'Statement or reason', 'Fingerprint'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, trail.map((e) => h('tr', {},
          h('td', {}, when(e.at)), h('td', {}, e.subject), h('td', {}, EVENTS[e.event] || e.event), h('td', {}, String(e.version)),
          h('td', {}, e.role ? `${e.name}, ${e.role}` : e.name), h('td', { class: 'pre' }, e.text),
          h('td', {}, e.digest ? h('code', { title: e.digest }, `${e.digest.slice(0, 16)}…`) : '')))))
      : h('p', { id: 'trail-empty' }, 'Nothing has been sent for an accuracy check, signed off or reopened yet.'));
  main.focus();
}
