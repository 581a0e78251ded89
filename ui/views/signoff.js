// Sign-off (issue 6): the panel that sends minutes (or the report) for an
// accuracy check, signs them off and reopens them; the locked banner; and
// the audit trail screen. Every rule is the core's: this only shows its
// state and passes on what the chair typed. Text goes in as text only.

import * as ipc from '../ipc.js';
import * as autosave from '../autosave.js';
import { h, replace, errorSummary } from '../dom.js';
import { dateTime } from '../dates.js';

const STAGES = {
  draft: 'Draft',
  sent_for_accuracy_check: 'Sent for accuracy check',
  signed_off: 'Signed off',
};

function when(rfc3339) {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return rfc3339;
  return dateTime(d);
}

function field(id, label, input, hint) {
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
    input);
}

// The record's signature in words; the core checked it.
function signatureWords(sig) {
  if (!sig) return '';
  if (sig.state === 'valid') return `Signed with ${sig.signer}’s key (certificate SHA-256 ${sig.fingerprint.match(/.{1,4}/g).join(' ')}).`;
  if (sig.state === 'invalid') return `This sign-off record is NOT validly signed: it was changed after it was signed (${sig.reason}). Treat this audit file as altered.`;
  return 'Not signed with a key: it was signed off with an earlier version of Section 11 Panel.';
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
      state.altered ? h('p', { id: 'signoff-altered', class: 'signature-bad' }, h('strong', {}, 'Warning: '), state.altered) : null,
      h('p', { class: 'pre' }, s.statement),
      h('p', { class: 'hint' }, 'Fingerprint (SHA-256): ', h('code', { id: 'signoff-digest' }, s.digest)),
      h('p', { id: 'signoff-signature', class: s.signature.state === 'invalid' ? 'signature-bad' : '' },
        s.signature.state === 'invalid' ? h('strong', {}, 'Warning: ') : null, signatureWords(s.signature)),
      (s.accepted_gaps || []).length
        ? h('div', { id: 'signoff-accepted' }, h('p', {}, 'Gaps accepted at sign-off:'), h('ul', {}, s.accepted_gaps.map((g) => h('li', {}, `${g.printed} Reason: ${g.reason}`))))
        : null);
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

  // What is incomplete comes first: it is what the chair must decide on.
  const readiness = gapsSection(state.gaps || []);
  parts.push(readiness.section);

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
  const keyBox = h('div', { class: 'signing-key', id: 'signing-key' });
  const passphrase = h('input', { type: 'password', id: 'signoff-key-passphrase', autocomplete: 'off', 'aria-describedby': 'signoff-key-passphrase-hint' });
  const blocked = (state.gaps || []).some((g) => g.blocking);
  const submit = h('button', { type: 'submit', class: 'button', id: 'signoff-submit', disabled: blocked }, reviewId ? 'Sign off these minutes' : 'Sign off the report');
  const form = h('form', { class: 'panel', id: 'signoff-form', novalidate: true },
    h('h3', {}, reviewId ? 'Sign off these minutes' : 'Sign off the report'),
    h('p', { class: 'hint' }, `Once signed off, ${what} cannot be changed anywhere until someone reopens ${reviewId ? 'them' : 'it'} with a reason. The sign-off is signed with your signing key${reviewId ? '' : ', and so is the report’s PDF'}.`),
    (state.gaps || []).length ? h('p', { class: 'hint' }, 'Confirm each gap listed above, or fix it, before signing off.') : null,
    field('signoff-name', 'Name of the person signing off', name, 'As in your signing key.'),
    field('signoff-role', 'Their role', role),
    field('signoff-statement', 'Statement', statement),
    h('h4', {}, 'Your signing key'),
    keyBox,
    field('signoff-key-passphrase', 'Passphrase of your signing key', passphrase, 'Asked each time you sign; never kept.'),
    submit);
  const showKey = async () => {
    let key = null;
    try { key = await ipc.signingKey(); } catch (e) { fail(e); }
    keyBox.replaceChildren(...keyDescription(key, { fail, chosen: showKey, defaultName: name.value, defaultRole: role.value }));
  };
  showKey();
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    await autosave.flush();
    const input = {
      name: name.value, role: role.value, statement: statement.value,
      accepted_gaps: readiness.accepted(), gap_reason: readiness.reason(),
    };
    try {
      await ipc.signOff(reviewId, input, passphrase.value);
      passphrase.value = '';
      await rerender();
    } catch (e) {
      passphrase.value = '';
      fail(e);
    }
  });
  parts.push(form);
  return h('section', { class: 'signoff', id: 'signoff-panel', 'aria-labelledby': 'h-signoff' }, parts);
}

// What is incomplete, each kind with every instance and its own "sign off
// anyway" confirmation; a blocking gap has none. The core checks the same
// again: this only collects what the chair confirmed.
function gapsSection(gaps) {
  if (!gaps.length) {
    return {
      section: h('p', { id: 'signoff-ready' }, 'Nothing is missing: every check before sign-off passed.'),
      accepted: () => [],
      reason: () => '',
    };
  }
  const boxes = [];
  const reason = h('textarea', { id: 'signoff-gap-reason', rows: '2', 'aria-describedby': 'signoff-gap-reason-hint' });
  const anyAcceptable = gaps.some((g) => !g.blocking);
  const section = h('div', { class: 'gaps', id: 'signoff-gaps', role: 'group', 'aria-labelledby': 'h-gaps' },
    h('h4', { id: 'h-gaps' }, 'Not complete yet'),
    h('p', { class: 'hint' }, 'Fix these, or confirm each one to sign off anyway. What you confirm is kept with the sign-off and printed in the report.'),
    gaps.map((g) => {
      const id = `gap-${g.kind}`;
      let confirm = null;
      if (!g.blocking) {
        const box = h('input', { type: 'checkbox', id, value: g.kind });
        boxes.push(box);
        confirm = h('div', { class: 'checkbox' }, box, h('label', { for: id }, ` Sign off anyway: ${g.printed}`));
      }
      return h('div', { class: `gap${g.blocking ? ' gap-blocking' : ''}`, id: `${id}-item` },
        h('p', { class: 'gap-summary' }, g.summary),
        g.items.length ? h('ul', {}, g.items.slice(0, 12).map((i) => h('li', {}, i)),
          g.items.length > 12 ? h('li', {}, `… and ${g.items.length - 12} more`) : null) : null,
        confirm);
    }),
    anyAcceptable ? field('signoff-gap-reason', 'Why sign off with these gaps', reason, 'For example: the organisation left before theme 7; agreed by the panel.') : null);
  return {
    section,
    accepted: () => boxes.filter((b) => b.checked).map((b) => b.value),
    reason: () => reason.value,
  };
}

// The remembered signing key, with ways to choose another or make one.
function keyDescription(key, { fail, chosen, defaultName, defaultRole }) {
  const choose = h('button', { type: 'button', class: 'button button-secondary', id: 'signing-key-choose' }, key ? 'Use another key file…' : 'Choose your key file…');
  choose.addEventListener('click', async () => {
    try { if (await ipc.chooseSigningKey()) await chosen(); } catch (e) { fail(e); }
  });
  const make = h('button', { type: 'button', class: 'button button-secondary', id: 'signing-key-make' }, 'Make a new signing key…');
  const out = [];
  if (key) {
    out.push(h('p', { id: 'signing-key-current' },
      key.name ? `${key.name}: ` : '', h('code', {}, key.path),
      key.exists ? '' : ' (this file is no longer there: choose it again or make a new key)'));
    if (key.fingerprint) out.push(h('p', { class: 'hint' }, 'Certificate fingerprint (SHA-256): ', h('code', { id: 'signing-key-fingerprint' }, key.fingerprint.match(/.{1,4}/g).join(' '))));
  } else {
    out.push(h('p', { id: 'signing-key-none' }, 'You have no signing key on this computer yet. Choose the .p12 or .pfx file your organisation gave you, or make one here.'));
  }
  const newForm = h('div', { class: 'panel', id: 'signing-key-new', hidden: true });
  const kName = h('input', { type: 'text', id: 'new-key-name', value: defaultName, autocomplete: 'name' });
  const kRole = h('input', { type: 'text', id: 'new-key-role', value: defaultRole });
  const kPass = h('input', { type: 'password', id: 'new-key-passphrase', autocomplete: 'new-password', 'aria-describedby': 'new-key-passphrase-hint' });
  const kPass2 = h('input', { type: 'password', id: 'new-key-passphrase-again', autocomplete: 'new-password' });
  const save = h('button', { type: 'button', class: 'button', id: 'new-key-save' }, 'Save the new signing key…');
  save.addEventListener('click', async () => {
    if (kPass.value !== kPass2.value) { fail({ message: 'The two passphrases are not the same. Type the same passphrase in both boxes.' }); return; }
    try { if (await ipc.createSigningKey(kName.value, kRole.value, kPass.value)) await chosen(); } catch (e) { fail(e); }
  });
  newForm.append(
    h('p', { class: 'hint' }, 'Your key is saved in a file only you should have, protected by its passphrase. Its certificate is self-signed: the partnership publishes its fingerprint so readers can tell it is yours. Keep a copy somewhere safe; a lost passphrase cannot be recovered.'),
    field('new-key-name', 'Your name', kName),
    field('new-key-role', 'Your role', kRole),
    field('new-key-passphrase', 'Passphrase for the key', kPass, 'At least 8 characters; a few unrelated words are easy to type and hard to guess.'),
    field('new-key-passphrase-again', 'The same passphrase again', kPass2),
    save);
  make.addEventListener('click', () => { newForm.hidden = !newForm.hidden; if (!newForm.hidden) kName.focus(); });
  out.push(h('div', { class: 'button-group' }, choose, make), newForm);
  return out;
}

const EVENTS = { sent_for_accuracy_check: 'Sent for accuracy check', signed_off: 'Signed off', reopened: 'Reopened' };

// Every accuracy check, sign-off and reopening, oldest first.
export async function renderTrail(main, app) {
  let trail;
  let report;
  let problems;
  try { [trail, report, problems] = await Promise.all([ipc.signOffTrail(), ipc.signOffState(null), ipc.signOffProblems()]); } catch (e) { replace(main, errorSummary(e)); return; }
  replace(main,
    h('div', { class: 'title-row' },
      h('div', {}, h('span', { class: 'caption' }, 'Sign-off'), h('h1', {}, 'The report’s sign-off and audit trail')),
      h('div', { class: 'button-group tight' },
        h('button', { type: 'button', class: 'button button-secondary', onclick: () => app.showOverviewAgain() }, 'Back to overview'))),
    problems.length
      ? h('div', { class: 'error-summary', id: 'signoff-problems', role: 'alert' },
        h('h2', { class: 'error-summary-title' }, 'This audit file was changed outside Section 11 Panel after sign-off'),
        h('ul', {}, problems.map((p) => h('li', {}, p))))
      : null,
    lockedBanner(report),
    signOffPanel(report, null, () => renderTrail(main, app)),
    h('h2', { id: 'h-trail' }, 'Audit trail'),
    h('p', { class: 'hint' }, 'Every accuracy check, sign-off and reopening, oldest first. Nothing here can be changed or removed.'),
    trail.length
      ? h('table', { class: 'table', id: 'trail' },
        h('caption', { class: 'visually-hidden' }, 'Sign-offs and reopenings, oldest first'),
        h('thead', {}, h('tr', {}, ['When', 'What', 'Event', 'Version', 'Who', 'Statement or reason', 'Fingerprint', 'Signature'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, trail.map((e) => h('tr', {},
          h('td', {}, when(e.at)), h('td', {}, e.subject), h('td', {}, EVENTS[e.event] || e.event), h('td', {}, String(e.version)),
          h('td', {}, e.role ? `${e.name}, ${e.role}` : e.name), h('td', { class: 'pre' }, e.text),
          h('td', {}, e.digest ? h('code', { title: e.digest }, `${e.digest.slice(0, 16)}…`) : ''),
          h('td', { class: e.signature_ok ? '' : 'signature-bad' },
            e.signature_ok ? '' : h('strong', {}, 'Warning: '), e.signature,
            (e.accepted_gaps || []).length ? h('ul', {}, e.accepted_gaps.map((g) => h('li', {}, `Gap accepted: ${g}`))) : null)))))
      : h('p', { id: 'trail-empty' }, 'Nothing has been sent for an accuracy check, signed off or reopened yet.'));
  main.focus();
}
