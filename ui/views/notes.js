// Minute-takers' notes (issue 7). On the overview: the chair exports minute
// packs and imports notes files; in a minute pack the minute-taker gives
// their name and exports their notes. On the minutes screen: each question's
// imported notes side by side, with their authors, and a button that puts a
// note's text into the response (which then autosaves like any typing).
//
// Files are chosen in native dialogs on the Rust side; the typed-path form is
// for keyboard users and for a file the dialog cannot reach.

import * as ipc from '../ipc.js';
import { h, errorSummary } from '../dom.js';
import { shortDateTime } from '../dates.js';

function when(rfc3339) {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return rfc3339;
  return shortDateTime(d);
}

function results(summaries) {
  return h('ul', { class: 'import-results' }, summaries.map((s) => h('li', {}, `${s.file}: ${describe(s)}`)));
}

function describe(s) {
  let text = `${s.author}’s notes for ${s.review_name}: ${s.added} added, ${s.updated} updated`;
  if (s.flagged) text += ` (${s.flagged} changed after you used ${s.flagged === 1 ? 'it' : 'them'}: both versions kept and flagged; “Notes to check” in the minutes lists ${s.flagged === 1 ? 'it' : 'them'})`;
  text += `, ${s.unchanged} unchanged.`;
  if (s.kept_apart) text += ` ${s.kept_apart} claimed another minute-taker’s ${s.kept_apart === 1 ? 'note' : 'notes'}: kept apart, marked “kept apart”, nothing replaced.`;
  if (s.namesake) text += ` Another minute-taker called ${s.author} sent notes before with a different key: check with them that both are genuine.`;
  text += s.new_author
    ? ` Signed with a key seen for the first time, now remembered: ${s.key}.`
    : ` Signed with their known key ${s.key}.`;
  return text;
}

// Where the result of a drop is shown; set by the panel that is on screen.
let dropResult = null;

async function importPaths(paths, out, after) {
  out.replaceChildren(h('p', { class: 'hint' }, 'Importing…'));
  try {
    const summaries = await ipc.importNotes(paths);
    out.replaceChildren(h('div', { class: 'notice', role: 'status' },
      h('p', {}, summaries.length === 1 ? 'Imported one notes file. Responses you had written are unchanged.' : `Imported ${summaries.length} notes files. Responses you had written are unchanged.`),
      results(summaries)));
    if (after) after();
  } catch (e) {
    out.replaceChildren(errorSummary(e));
    const el = out.querySelector('.error-summary');
    if (el) el.focus();
  }
}

// Files dropped on the window: the notes files among them are imported when
// the chair's overview is showing; anywhere else the drop is ignored.
ipc.onFilesDropped((paths) => {
  const json = paths.filter((p) => /\.(s11notes|json)$/i.test(p));
  if (!dropResult || !document.body.contains(dropResult) || !json.length) return;
  importPaths(json, dropResult);
});

function packPanel(app, pack) {
  const name = h('input', { type: 'text', id: 'pack-author', autocomplete: 'name', 'aria-describedby': 'pack-author-hint' });
  name.value = pack.author;
  const out = h('div', { id: 'pack-result', 'aria-live': 'polite' });
  // The name typed is saved on the way to the minutes: "Save name" first is
  // not needed (issue 15).
  const takeMinutes = h('button', { type: 'button', class: 'button', id: 'take-minutes', onclick: async () => {
    if (!name.value.trim()) {
      out.replaceChildren(errorSummary({ message: 'Give your name first: the chair sees it beside each of your notes.' }));
      name.focus();
      return;
    }
    if (name.value.trim() !== pack.author) {
      try { await ipc.setPackAuthor(name.value); } catch (e) { out.replaceChildren(errorSummary(e)); return; }
    }
    app.showMinutes(pack.review);
  } }, 'Take minutes');
  const nameForm = h('form', { class: 'inline-form pack-name', novalidate: true },
    name, h('button', { type: 'submit', class: 'button button-secondary', id: 'save-pack-author' }, 'Save name'));
  nameForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const info = await ipc.setPackAuthor(name.value);
      name.value = info.author;
      pack.author = info.author;
      out.replaceChildren(h('p', { class: 'notice', role: 'status' }, `Saved: your notes will show as ${info.author}’s.`));
    } catch (e) { out.replaceChildren(errorSummary(e)); }
  });
  const exportNotes = async () => {
    try {
      const suggested = `${pack.review_name} notes – ${name.value || pack.author}`;
      const path = await ipc.chooseNotesExportPath(suggested);
      if (!path) return;
      const done = await ipc.exportNotes(path);
      const n = done.notes;
      const protects = done.encrypted
        ? 'It is encrypted to the chair: only the chair’s audit can read it, so it is safe to email.'
        : 'This pack is from an older version, so the file is NOT encrypted: anyone holding it can read it.';
      out.replaceChildren(h('p', { class: 'notice', role: 'status' },
        `Exported ${n} note${n === 1 ? '' : 's'} to ${path}. ${protects} It is signed with your key ${done.key}: the chair may ask you to read its first characters.`));
    } catch (e) { out.replaceChildren(errorSummary(e)); }
  };
  return h('section', { class: 'panel notes-panel', id: 'minute-pack', 'aria-labelledby': 'h-pack' },
    h('h2', { id: 'h-pack' }, `Minute pack: ${pack.review_name}`),
    h('p', {}, 'You are taking minutes for the chair on this laptop. Everything you type is saved in this file; when the workshop is over, export your notes and give the file to the chair.'),
    h('div', { class: 'field' },
      h('label', { for: 'pack-author' }, 'Your name'),
      h('p', { class: 'hint', id: 'pack-author-hint' }, 'The chair sees it beside each of your notes.'),
      nameForm),
    h('div', { class: 'button-group' }, takeMinutes,
      h('button', { type: 'button', class: 'button button-secondary', id: 'export-my-notes', 'aria-describedby': 'notes-protection', onclick: exportNotes }, 'Export my notes…')),
    h('p', { class: 'hint', id: 'notes-protection' }, 'Your notes file is signed with your own key and encrypted to the chair: only the chair’s audit can read it, and no one can change it or pass off notes as yours.'),
    out);
}

function chairPanel(app, overview) {
  const reviews = overview.reviews.filter((r) => r.status !== 'did_not_take_place');
  const out = h('div', { id: 'notes-result', 'aria-live': 'polite' });
  dropResult = out;
  const select = h('select', { id: 'pack-review' }, reviews.map((r) => h('option', { value: r.id }, r.short_name || r.organisation)));
  const packPassphrase = h('input', { type: 'password', id: 'pack-passphrase', autocomplete: 'new-password', 'aria-describedby': 'pack-protection' });
  const exportPack = async () => {
    const r = reviews.find((x) => x.id === select.value);
    if (!r) return;
    try {
      const path = await ipc.chooseMinutePackPath(`${r.short_name || r.organisation} minute pack`);
      if (!path) return;
      const info = await ipc.exportMinutePack(r.id, path, packPassphrase.value);
      packPassphrase.value = '';
      out.replaceChildren(h('p', { class: 'notice', role: 'status' },
        `Exported the minute pack for ${info.review_name} to ${path}. It holds the set-up and questions, no minutes, and is encrypted with the passphrase you chose: tell it to each minute-taker by phone, not in the same email. Their notes files come back encrypted to this audit.`));
    } catch (e) { out.replaceChildren(errorSummary(e)); }
  };
  const chooseFiles = async () => {
    let paths = [];
    try { paths = await ipc.chooseNotesFiles(); } catch (e) { out.replaceChildren(errorSummary(e)); return; }
    if (paths.length) importPaths(paths, out);
  };
  const typed = h('input', { type: 'text', id: 'notes-path', 'aria-describedby': 'notes-path-hint', spellcheck: 'false' });
  const typedForm = h('form', { class: 'inline-form', id: 'import-notes-form', novalidate: true },
    typed, h('button', { type: 'submit', class: 'button button-secondary', id: 'import-notes-path' }, 'Import'));
  typedForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const paths = typed.value.split('\n').map((p) => p.trim()).filter(Boolean);
    importPaths(paths, out, () => { typed.value = ''; });
  });
  return h('section', { class: 'panel notes-panel', id: 'minute-takers', 'aria-labelledby': 'h-minute-takers' },
    h('h2', { id: 'h-minute-takers' }, 'Minute-takers'),
    h('p', {}, 'Panel members can take minutes on their own laptops without a network: export a minute pack for a review, and import the notes files they send back. Their notes appear beside each question in the minutes, with their names; your responses are never changed by an import.'),
    reviews.length ? h('div', { class: 'field' },
      h('label', { for: 'pack-review' }, 'Review'),
      h('div', { class: 'inline-form flush' }, select),
      h('label', { for: 'pack-passphrase' }, 'Passphrase for the pack'),
      h('p', { class: 'hint', id: 'pack-protection' }, 'At least 8 characters. The pack is encrypted with it; tell it to the minute-taker by phone, and they type it when they open the pack. Notes files made from the pack are encrypted to this audit: only it can read them.'),
      h('div', { class: 'inline-form flush' }, packPassphrase,
        h('button', { type: 'button', class: 'button button-secondary', id: 'export-pack', 'aria-describedby': 'pack-protection', onclick: exportPack }, 'Export minute pack…'))) : null,
    h('div', { class: 'button-group' },
      h('button', { type: 'button', class: 'button button-secondary', id: 'import-notes', onclick: chooseFiles }, 'Import notes files…')),
    h('div', { class: 'field' },
      h('label', { for: 'notes-path' }, 'Or type the full path of a notes file'),
      h('p', { class: 'hint', id: 'notes-path-hint' }, 'You can also drop notes files on this window.'),
      typedForm),
    out);
}

/** The overview's notes section: the minute-taker's in a pack, else the chair's. */
export function notesPanel(app, overview) {
  const holder = h('div', { id: 'notes-holder' });
  ipc.minutePackInfo().then((pack) => {
    holder.replaceChildren(pack ? packPanel(app, pack) : chairPanel(app, overview));
    // A minute-taker's pack opens on "your name", first on the screen.
    if (pack) {
      const title = holder.closest('main') && holder.closest('main').querySelector('.title-row');
      if (title) title.after(holder);
      const name = holder.querySelector('#pack-author');
      if (name) name.focus();
    }
  }).catch((e) => holder.replaceChildren(errorSummary(e)));
  return holder;
}

/**
 * The imported notes for one question, side by side with their authors, or
 * null when there are none. "Insert into response" appends the note's text
 * to `box` and lets the box's own input handler autosave it.
 */
export function notesForQuestion(app, review, questionId, box, { locked = false, used = new Set() } = {}) {
  const notes = (review.notes || []).filter((n) => n.question === questionId && (n.text.trim() || n.superseded));
  if (!notes.length) return null;
  const card = (n) => {
    const usedMark = h('p', { class: 'note-used', hidden: !used.has(n.id) }, 'Used in the response');
    const insert = () => {
      if (locked) return;
      const current = box.value.replace(/\s+$/, '');
      box.value = current ? `${current}\n\n${n.text}` : n.text;
      box.dispatchEvent(new Event('input'));
      box.focus();
      box.setSelectionRange(box.value.length, box.value.length);
      usedMark.hidden = false;
      box.dispatchEvent(new CustomEvent('note-used', { bubbles: true, detail: n.id }));
    };
    const flag = n.superseded ? h('div', { class: 'note-flag', role: 'note' },
      h('p', { class: 'note-flag-title' }, `Changed after you used it. The earlier text (${when(n.superseded.updated)}) is kept here:`),
      h('div', { class: 'note-text' }, n.superseded.text),
      h('button', { type: 'button', class: 'link-button small', onclick: async (ev) => {
        try { await ipc.clearNoteFlag(n.id); ev.target.closest('.note-flag').remove(); } catch (e) { app.notify(e); }
      } }, 'I have checked the response: clear this flag')) : null;
    // On signed-off minutes the button says why it cannot be used.
    const lockedWhy = locked ? h('p', { class: 'hint', id: `note-locked-${n.id}` }, 'These minutes are signed off: reopen them to insert a note.') : null;
    return h('li', { class: 'note-card', 'data-note': n.id },
      h('p', { class: 'note-author' }, h('strong', {}, n.author), ' ', h('span', { class: 'hint' }, when(n.updated))),
      h('div', { class: 'note-text' }, n.text),
      flag,
      usedMark,
      h('button', { type: 'button', class: 'button button-secondary note-insert', onclick: insert, disabled: locked || !n.text.trim(), 'aria-describedby': locked ? `note-locked-${n.id}` : null },
        'Insert into response', h('span', { class: 'visually-hidden' }, ` (${n.author}’s note)`)),
      lockedWhy);
  };
  return h('div', { class: 'notes-side' },
    h('h3', { class: 'notes-title' }, `Minute-takers’ notes (${notes.length})`),
    h('ul', { class: 'note-cards' }, notes.map(card)));
}

/**
 * The notes that need the chair (flagged, or not yet used) as a dialog;
 * choosing one closes it and calls `jump(item)`. `items`: { note, number,
 * theme, flagged, question }.
 */
export function showNotesToCheck(items, jump) {
  const returnTo = document.activeElement;
  let jumped = false;
  const close = h('button', { type: 'button', class: 'button button-secondary', id: 'notes-check-close' }, 'Close');
  const dialog = h('dialog', { class: 'dialog notes-check', id: 'notes-check', 'aria-labelledby': 'notes-check-title' },
    h('h2', { id: 'notes-check-title' }, 'Notes to check'),
    items.length
      ? h('p', { class: 'hint' }, 'Minute-takers’ notes not yet used in a response, and notes that changed after you used them. Choose one to go to its question.')
      : h('p', { id: 'notes-check-none' }, 'Nothing to check: every note is used and none is flagged.'),
    items.length ? h('ul', { class: 'notes-check-list' }, items.map((item) => h('li', {},
      h('button', { type: 'button', class: 'link-button', 'data-check-question': item.question, onclick: () => {
        jumped = true;
        dialog.close();
        jump(item);
      } }, `Question ${item.number}: ${item.note.author}’s note`),
      h('span', { class: item.flagged ? 'check-state check-flagged' : 'check-state' }, item.flagged ? 'Changed after you used it' : 'Not used yet'),
      h('span', { class: 'hint check-theme' }, item.theme),
      h('span', { class: 'check-excerpt' }, item.note.text.length > 140 ? `${item.note.text.slice(0, 140)}…` : item.note.text)))) : null,
    h('div', { class: 'button-group' }, close));
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (!jumped && returnTo && returnTo.isConnected) returnTo.focus({ preventScroll: true });
  });
  document.body.append(dialog);
  dialog.showModal();
  const first = dialog.querySelector('[data-check-question]') || close;
  first.focus();
}

/** One line on the minutes screen of a minute pack: whose notes, and the export. */
export function minutePackLine(app, pack) {
  const out = h('span', { id: 'pack-line-result', role: 'status' });
  const exportNotes = async () => {
    try {
      const suggested = `${pack.review_name} notes – ${pack.author}`;
      const path = await ipc.chooseNotesExportPath(suggested);
      if (!path) return;
      const n = await ipc.exportNotes(path);
      out.textContent = `Exported ${n} note${n === 1 ? '' : 's'} to ${path}.`;
    } catch (e) { app.notify(e); }
  };
  return h('div', { class: 'notice pack-line' },
    h('strong', {}, 'Minute pack'), ` for ${pack.review_name}: your notes are saved as ${pack.author || 'you'}’s in this file. `,
    h('button', { type: 'button', class: 'link-button', id: 'pack-line-export', onclick: exportNotes }, 'Export my notes…'),
    ' ', out);
}
