// The minutes screen: one review, theme by theme, each question beside its
// response box as in the report's table. Recommendations sit inline where
// the report prints them. Everything autosaves; the keyboard does it all.

import * as ipc from '../ipc.js';
import { lastYearSection } from './actions.js';
import * as autosave from '../autosave.js';
import { h, replace, errorSummary, reveal, pinnedHeight } from '../dom.js';
import { lockedBanner, lockControls } from './signoff.js';
import { mountTimerBar } from './timer.js';
import { notesForQuestion, showNotesToCheck, minutePackLine } from './notes.js';

const SHORTCUTS = [
  ['Alt + ↓', 'Next box: questions, recommendations and reasons, in order'],
  ['Alt + ↑', 'Previous box'],
  ['Alt + 1 to 9', 'Jump to theme 1 to 9'],
  ['Alt + R', 'Add a recommendation after the current question'],
  ['Alt + N', 'Mark the current theme not completed (or clear it)'],
  ['Alt + F', 'Search the minutes'],
  ['Alt + K', 'Notes to check'],
  ['Alt + S', 'Start, pause or resume the timer'],
  ['Alt + .', 'Timer: next segment'],
  ['Alt + ,', 'Timer: previous segment'],
  ['Alt + M', 'Timer: add a minute to this segment'],
  ['Alt + H or F1', 'Show or hide these shortcuts'],
  ['Ctrl + plus, Ctrl + minus, Ctrl + 0', 'Larger, smaller, normal size (kept for next time)'],
  ['Esc', 'Close this panel, the search or a list'],
];

// Response boxes grow with their text (up to most of the window), so the
// chair sees the whole minute while writing, as the report will show it.
function fit(box) { fitAll([box]); }

// Fits several boxes with one layout: all writes, then all reads, then all
// writes. (Fitting one box at a time forced a layout of the page per box:
// 94 ms for a review of 30 questions, issue 9.)
function fitAll(boxes) {
  // Never taller than the room below the timer bar less what sits above the
  // box in its row (its question, on a narrow window), so the box and its
  // question fit on screen together (issue 15).
  const room = window.innerHeight - pinnedHeight();
  const max = Math.round(window.innerHeight * 0.6);
  boxes.forEach((b) => { b.style.height = 'auto'; });
  const heights = boxes.map((b) => b.scrollHeight);
  const above = boxes.map((b) => {
    const row = b.closest('.question-row, .rec-row');
    const label = row && row.querySelector('.question-text, .rec-label');
    if (!label) return 0;
    const l = label.getBoundingClientRect();
    const t = b.getBoundingClientRect().top;
    return l.bottom <= t + 1 ? t - l.top : 0;
  });
  boxes.forEach((b, i) => {
    const limit = Math.max(96, Math.min(max, Math.round(room - above[i] - 24)));
    b.style.height = `${Math.min(heights[i] + 4, limit)}px`;
    b.dataset.full = heights[i] + 4 >= limit ? '1' : '';
  });
}

// While text is added to a box already at its largest, it stays so: no need
// to lay the box out again to measure it, which for a 5,000-word response
// cost a frame per keystroke (issue 15).
function fitAfterInput(box, ev) {
  if (box.dataset.full === '1' && ev && typeof ev.inputType === 'string' && ev.inputType.startsWith('insert')) return;
  fit(box);
}

function questionBody(q) {
  return [
    h('span', {}, q.text),
    q.points && q.points.length ? h('ul', { class: 'points' }, q.points.map((p) => h('li', {}, p))) : null,
    q.follow_up ? h('span', { class: 'follow-up' }, q.follow_up) : null,
  ];
}

// `all`: build every theme before the first paint (a redraw that keeps the
// scroll position needs the whole page); otherwise only the first theme is
// built, and the function returned builds the rest (the caller runs it after
// the first paint; anything that needs a later theme sooner builds them).
export async function renderMinutes(main, app, reviewId, focusId, all = false, options = {}) {
  // Both questions go to the core at once; the screen is built when both
  // answers are in, with no wait (and so no half-drawn frame) in between.
  const signOffAsked = ipc.signOffState(reviewId).catch(() => null);
  let view;
  try {
    view = await ipc.minutesView(reviewId);
  } catch (e) {
    replace(main, errorSummary(e));
    return;
  }
  const review = view.review;
  const name = review.short_name || review.organisation;
  const responses = new Map(review.responses.map((r) => [r.question, r.text]));
  const incomplete = new Map(review.incomplete_themes.map((t) => [t.theme, t.reason]));
  let current = { theme: view.themes.length ? view.themes[0].id : null, question: null };
  // Asked at the same time as the view: signed-off minutes are built locked,
  // so no control looks usable and then silently does nothing.
  // (If the sign-off state cannot be read, the core still refuses changes.)
  const signOff = await signOffAsked;
  const locked = Boolean(signOff && signOff.locked_message);
  const usedNotes = new Set(view.used_notes || []);

  // ----- Side list of themes with counts -----
  const counters = new Map();
  const navLinks = new Map();
  const nav = h('nav', { class: 'theme-nav', 'aria-label': 'Themes' },
    h('h2', { class: 'nav-title' }, 'Themes'),
    h('ol', {}, view.themes.map((t, i) => {
      const count = h('span', { class: 'count' });
      counters.set(t.id, count);
      const link = h('a', { href: `#theme-${t.id}`, 'data-nav-theme': t.id, onclick: (ev) => { ev.preventDefault(); jumpToTheme(i); } },
        h('span', { class: 'nav-theme' }, `${i + 1}. ${t.title}`), count,
        h('span', { class: 'nav-now', hidden: true }, 'Timer is here'));
      navLinks.set(t.id, link);
      return h('li', {}, link);
    })));
  // The theme the running timer is on: words and aria-current, not colour alone.
  function markTimerTheme(themeId) {
    navLinks.forEach((link, id) => {
      const here = id === themeId;
      link.classList.toggle('nav-current', here);
      if (here) link.setAttribute('aria-current', 'step'); else link.removeAttribute('aria-current');
      link.querySelector('.nav-now').hidden = !here;
    });
  }

  // From the boxes once the theme is built, from the data until then.
  function updateCount(theme) {
    const el = counters.get(theme.id);
    if (!el) return;
    const built = main.querySelectorAll(`textarea.response[data-theme="${CSS.escape(theme.id)}"]`);
    const texts = built.length ? [...built].map((b) => b.value) : theme.questions.map((q) => responses.get(q.id) || '');
    const filled = texts.filter((t) => t.trim() !== '').length;
    const notCompleted = incomplete.has(theme.id);
    el.textContent = notCompleted ? 'not completed' : `${filled} of ${texts.length}`;
    el.classList.toggle('count-empty', filled === 0 && !notCompleted);
    el.classList.toggle('count-done', filled === texts.length && texts.length > 0);
  }

  // ----- Recommendations -----
  function recommendationRow(rec) {
    const box = h('textarea', {
      id: `rec-${rec.id}`, class: 'rec-text', rows: '2', 'aria-label': `Recommendation ${rec.label}`,
      'data-theme': rec.theme, 'data-question': rec.after_question,
    });
    box.value = rec.text;
    box.addEventListener('input', () => autosave.schedule(`rec:${rec.id}`, () => ipc.saveRecommendationText(rec.id, box.value)));
    box.addEventListener('blur', () => autosave.saveNow(`rec:${rec.id}`));
    const forSelect = h('select', { 'aria-label': `Who recommendation ${rec.label} is for` },
      h('option', { value: 'organisation' }, `For ${name}`),
      h('option', { value: 'partnership' }, 'For the partnership'));
    forSelect.value = rec.for;
    forSelect.addEventListener('change', async () => {
      await autosave.flush();
      try {
        await ipc.setRecommendationFor(rec.id, forSelect.value === 'partnership');
        rerender(`rec-${rec.id}`);
      } catch (e) { app.notify(e); }
    });
    return h('div', { class: 'rec-row' },
      h('label', { for: `rec-${rec.id}`, class: 'rec-label' }, `Recommendation ${rec.label}:`),
      box,
      h('div', { class: 'rec-actions' }, forSelect,
        h('button', { type: 'button', class: 'link-button', onclick: async () => {
          await autosave.flush();
          try { await ipc.removeRecommendation(rec.id); rerender(); } catch (e) { app.notify(e); }
        } }, `Remove recommendation ${rec.label}`)));
  }

  function recsAfter(themeId, questionId) {
    return view.recommendations
      .filter((r) => r.theme === themeId && (r.after_question || null) === questionId)
      .map(recommendationRow);
  }

  async function addRecommendation() {
    if (!current.theme) return;
    await autosave.flush();
    try {
      const id = await ipc.addRecommendation(review.id, current.theme, current.question, false);
      rerender(`rec-${id}`);
    } catch (e) { app.notify(e); }
  }

  // ----- History of a response -----
  async function showHistory(q, box, holder) {
    if (holder.childElementCount) { holder.replaceChildren(); return; }
    await autosave.saveNow(`resp:${q.id}`);
    let versions = [];
    try { versions = await ipc.responseHistory(review.id, q.id); } catch (e) { app.notify(e); return; }
    if (!versions.length) {
      holder.replaceChildren(h('p', { class: 'hint' }, 'No earlier versions yet. A version is kept every couple of minutes while the response changes.'));
      return;
    }
    holder.replaceChildren(h('h3', {}, 'Earlier versions'), h('ol', { class: 'versions' }, versions.map((v) => h('li', {},
      h('div', { class: 'hint' }, new Date(v.saved).toLocaleString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' })),
      h('div', { class: 'version-text' }, v.text),
      h('button', { type: 'button', class: 'button button-secondary', onclick: () => {
        box.value = v.text;
        box.dispatchEvent(new Event('input'));
        autosave.saveNow(`resp:${q.id}`);
        holder.replaceChildren();
        box.focus();
      } }, 'Restore this version')))));
  }

  // ----- Themes and questions -----
  // Built one theme at a time: the first before the screen is shown, the
  // rest just after its first paint (or at once when something needs them:
  // see ensureAllThemes). A long review's screen so appears in about half the
  // time (issue 9).
  const buildTheme = (t, ti) => {
    const reasonBox = h('textarea', { id: `reason-${t.id}`, class: 'reason', rows: '2' });
    reasonBox.value = incomplete.get(t.id) || '';
    const reasonField = h('div', { class: 'field reason-field', hidden: !incomplete.has(t.id) },
      h('label', { for: `reason-${t.id}` }, 'Why this theme was not completed'), reasonBox);
    const check = h('input', { type: 'checkbox', id: `incomplete-${t.id}`, checked: incomplete.has(t.id) });
    const saveIncomplete = () => {
      const reason = check.checked ? (reasonBox.value.trim() || 'This section was not completed.') : null;
      if (reason === null) incomplete.delete(t.id); else incomplete.set(t.id, reason);
      updateCount(t);
      autosave.schedule(`incomplete:${t.id}`, () => ipc.setThemeIncomplete(review.id, t.id, reason));
    };
    check.addEventListener('change', () => {
      reasonField.hidden = !check.checked;
      saveIncomplete();
      if (check.checked) reasonBox.focus();
    });
    reasonBox.addEventListener('input', saveIncomplete);
    reasonBox.addEventListener('blur', () => autosave.saveNow(`incomplete:${t.id}`));

    const rows = t.questions.map((q, qi) => {
      const boxId = `resp-${q.id}`;
      const box = h('textarea', {
        id: boxId, class: 'response', rows: '4', 'data-theme': t.id, 'data-question': q.id,
        'aria-describedby': `q-${q.id}`,
      });
      box.value = responses.get(q.id) || '';
      box.addEventListener('focus', () => { current = { theme: t.id, question: q.id }; });
      let filled = box.value.trim() !== '';
      box.addEventListener('input', (ev) => {
        fitAfterInput(box, ev);
        // The theme's count changes only when a box becomes empty or not.
        const now = box.value.trim() !== '';
        if (now !== filled) { filled = now; updateCount(t); }
        autosave.schedule(`resp:${q.id}`, () => ipc.saveResponse(review.id, q.id, box.value));
      });
      box.addEventListener('blur', () => autosave.saveNow(`resp:${q.id}`));
      const history = h('div', { class: 'history' });
      return [
        h('div', { class: 'question-row' },
          h('div', { class: 'question-text', id: `q-${q.id}` },
            h('span', { class: 'question-number' }, `${ti + 1}.${qi + 1}`), ' ', questionBody(q)),
          h('div', { class: 'response-cell' },
            h('label', { for: boxId, class: 'visually-hidden' }, `Response to question ${ti + 1}.${qi + 1}`),
            box,
            h('button', { type: 'button', class: 'link-button small', onclick: () => showHistory(q, box, history) }, 'Earlier versions'),
            history,
            notesForQuestion(app, review, q.id, box, { locked, used: usedNotes }))),
        recsAfter(t.id, q.id),
      ];
    });
    return h('section', { class: 'theme-section', id: `theme-${t.id}`, 'aria-labelledby': `theme-title-${t.id}` },
      h('h2', { id: `theme-title-${t.id}`, tabindex: '-1' }, `${ti + 1}. ${t.title}`),
      h('div', { class: 'incomplete-toggle' }, check, h('label', { for: `incomplete-${t.id}`, class: 'inline-label' }, 'This theme was not completed')),
      reasonField,
      rows,
      recsAfter(t.id, null),
      h('button', { type: 'button', class: 'button button-secondary add-rec', onclick: () => {
        const last = t.questions.length ? t.questions[t.questions.length - 1].id : null;
        if (current.theme !== t.id) current = { theme: t.id, question: last };
        addRecommendation();
      } }, `Add a recommendation to ${t.title}`));
  };
  const themesBuilt = all ? view.themes.length : Math.min(1, view.themes.length);
  const themeSections = view.themes.slice(0, themesBuilt).map(buildTheme);
  let unbuilt = view.themes.slice(themesBuilt).map((t, i) => [t, themesBuilt + i]);
  const minutesMain = h('div', { class: 'minutes-main' }, themeSections);
  // Boxes are fitted as their theme is added, before anything can scroll to
  // it: WebKit does not anchor scrolling, so a box growing later above a
  // theme the chair jumped to would push it out of view.
  const boxesIn = (root) => [...root.querySelectorAll('textarea.response, textarea.rec-text')];
  function addThemes(count) {
    if (!minutesMain.isConnected) return;
    const sections = unbuilt.splice(0, count).map(([t, ti]) => buildTheme(t, ti));
    if (!sections.length) return;
    minutesMain.append(...sections);
    if (locked) sections.forEach((section) => lockControls(section));
    fitAll(sections.flatMap(boxesIn));
    view.themes.forEach(updateCount);
  }
  function ensureAllThemes() { addThemes(unbuilt.length); }
  // One theme a task, so a keystroke never waits for them all.
  function addThemesGradually() {
    addThemes(1);
    if (unbuilt.length && minutesMain.isConnected) setTimeout(addThemesGradually, 0);
  }

  // ----- Search -----
  // A modal dialog: it is drawn above everything, so the sticky timer bar can
  // never hide it or its results (issue 15). It keeps its query and results
  // while the screen is open.
  const results = h('div', { class: 'search-results', id: 'search-results', 'aria-live': 'polite' });
  const search = h('input', { type: 'search', id: 'search', 'aria-describedby': 'search-hint', autocomplete: 'off' });
  const searchForm = h('form', { class: 'inline-form flush', role: 'search', novalidate: true },
    search, h('button', { type: 'submit', class: 'button', id: 'search-go' }, 'Search'));
  const searchDialog = h('dialog', { class: 'dialog search-dialog', id: 'search-dialog', 'aria-labelledby': 'search-title' },
    h('h2', { id: 'search-title' }, 'Search the minutes'),
    h('label', { for: 'search' }, 'Words to find'),
    h('p', { class: 'hint', id: 'search-hint' }, 'Every review’s responses, minute-takers’ notes and recommendations. Press Enter to search, Esc to close.'),
    searchForm,
    results,
    h('div', { class: 'button-group' },
      h('button', { type: 'button', class: 'button button-secondary', id: 'search-close', onclick: () => searchDialog.close() }, 'Close')));
  let searchReturn = null;
  searchDialog.addEventListener('close', () => {
    if (searchReturn && searchReturn.isConnected) searchReturn.focus({ preventScroll: true });
    searchReturn = null;
  });
  function openSearch() {
    if (searchDialog.open) { search.focus(); search.select(); return; }
    searchReturn = document.activeElement;
    searchDialog.showModal();
    search.focus();
    search.select();
  }
  const KIND = { response: 'response', note: 'note', recommendation: 'recommendation' };
  searchForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    await autosave.flush();
    let hits = [];
    try { hits = await ipc.searchMinutes(search.value); } catch (e) { app.notify(e); return; }
    results.replaceChildren(
      h('p', { class: 'hint', id: 'search-count' }, hits.length ? `${hits.length} found` : `Nothing found for “${search.value}”.`),
      h('ul', { class: 'hits' }, hits.map((hit) => {
        const target = hit.kind === 'recommendation' ? `rec-${hit.recommendation}` : `resp-${hit.question}`;
        const here = hit.review === review.id;
        const what = hit.kind === 'note' ? `${hit.author}’s note` : KIND[hit.kind] || hit.kind;
        return h('li', { class: 'hit' },
          h('button', { type: 'button', class: 'link-button hit-place', 'data-hit': target, onclick: () => {
            searchReturn = null;
            searchDialog.close();
            if (here) goToId(target);
            else app.showMinutes(hit.review, target);
          } }, `${hit.place}: ${what}${here ? '' : ` (${hit.review_name})`}`),
          h('span', { class: 'hit-theme' }, hit.theme_title),
          h('span', { class: 'hit-excerpt' }, hit.excerpt));
      })));
  });

  // ----- Help -----
  const help = h('div', { class: 'help-panel', id: 'help', role: 'dialog', 'aria-labelledby': 'help-title', hidden: true, tabindex: '-1' },
    h('h2', { id: 'help-title' }, 'Keyboard shortcuts'),
    h('table', { class: 'table' }, h('tbody', {}, SHORTCUTS.map(([k, d]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, d))))),
    h('button', { type: 'button', class: 'button button-secondary', onclick: () => toggleHelp(false) }, 'Close'));
  let helpReturn = null;
  function toggleHelp(show) {
    const open = show === undefined ? help.hidden : show;
    if (open) { helpReturn = document.activeElement; help.hidden = false; help.focus(); } else { help.hidden = true; if (helpReturn) helpReturn.focus(); }
  }

  // ----- Navigation -----
  // Every box in the order of the page: each theme's reason (when shown),
  // its questions' responses, and the recommendations where they sit.
  const STEP_BOXES = 'textarea.response, textarea.rec-text, .reason-field:not([hidden]) textarea.reason';
  let lastBox = null;
  minutesMain.addEventListener('focusin', (ev) => {
    const box = ev.target;
    if (!(box instanceof HTMLTextAreaElement) || !box.matches(STEP_BOXES)) return;
    lastBox = box;
    const section = box.closest('section.theme-section');
    if (section) current = { theme: section.id.slice('theme-'.length), question: box.dataset.question || null };
  });
  function questionOf(box) {
    const row = box.closest('.question-row');
    if (row) return row.querySelector('.question-text');
    const rec = box.closest('.rec-row');
    if (rec) return rec.querySelector('.rec-label');
    const field = box.closest('.reason-field');
    return field ? field.querySelector('label') : box;
  }
  // Focus without the browser's own scrolling, then bring the box and its
  // question into view below the timer bar.
  // The box is fitted again first: the room it may take depends on the
  // timer bar's height now, which may have changed since it was built.
  function goTo(box, heading = null) {
    box.focus({ preventScroll: true });
    if (box.matches('textarea.response, textarea.rec-text')) fit(box);
    reveal(box, questionOf(box), heading);
  }
  function goToId(id) {
    ensureAllThemes();
    const el = document.getElementById(id);
    if (el) goTo(el);
  }
  function themeOf(box) {
    const section = box && box.closest('section.theme-section');
    return section ? section.id.slice('theme-'.length) : null;
  }
  function step(by) {
    ensureAllThemes();
    const all = [...minutesMain.querySelectorAll(STEP_BOXES)];
    let i = all.indexOf(document.activeElement);
    if (i < 0) i = all.indexOf(lastBox);
    const next = i < 0 ? all[0] : all[Math.max(0, Math.min(all.length - 1, i + by))];
    if (!next) return;
    const from = i < 0 ? null : themeOf(all[i]);
    goTo(next);
    const to = themeOf(next);
    // Moving on to the next theme moves the timer too, if it was on the
    // theme just finished (the chair keeping pace with the conversation).
    if (timer && from && to && from !== to) timer.minutesMovedTo(to, from);
  }
  // `fromTimer`: the timer moved, so the minutes follow and not the reverse.
  function jumpToTheme(i, fromTimer = false) {
    const t = view.themes[i];
    if (!t) return;
    ensureAllThemes();
    const first = main.querySelector(`textarea.response[data-theme="${CSS.escape(t.id)}"]`);
    // The theme's heading comes into view with its first question, clear of
    // the timer bar, so the chair sees which theme the question belongs to.
    // The heading goes to the top (as far as the page can scroll), showing
    // as much of the theme as fits; its first question stays in view.
    const heading = document.getElementById(`theme-title-${t.id}`);
    (first || heading).focus({ preventScroll: true });
    if (first) fit(first);
    window.scrollBy(0, heading.getBoundingClientRect().top - pinnedHeight() - 8);
    if (first) reveal(first, questionOf(first));
    if (!fromTimer && timer) timer.minutesMovedTo(t.id);
  }
  function toggleIncomplete() {
    const check = document.getElementById(`incomplete-${current.theme}`);
    if (check) { check.checked = !check.checked; check.dispatchEvent(new Event('change')); }
  }

  async function rerender(focus) {
    await autosave.flush();
    const scroll = window.scrollY;
    await renderMinutes(main, app, reviewId, focus, true);
    if (!focus) window.scrollTo(0, scroll);
  }

  let timer = null; // the timer bar's actions, once it is mounted below
  app.setKeys((ev) => {
    // A modal dialog (search, notes to check, the session plan) has the keys.
    if (document.querySelector('dialog[open]')) return;
    if (ev.key === 'F1' || (ev.altKey && (ev.key === 'h' || ev.key === 'H'))) { ev.preventDefault(); toggleHelp(); return; }
    if (ev.key === 'Escape' && !help.hidden) { ev.preventDefault(); toggleHelp(false); return; }
    if (!ev.altKey || ev.ctrlKey || ev.metaKey) return;
    if (ev.key === 'ArrowDown') { ev.preventDefault(); step(1); }
    else if (ev.key === 'ArrowUp') { ev.preventDefault(); step(-1); }
    else if (/^[1-9]$/.test(ev.key) || /^Digit[1-9]$/.test(ev.code)) { ev.preventDefault(); jumpToTheme(Number(ev.code.slice(-1) || ev.key) - 1); }
    else if (ev.code === 'KeyR') { ev.preventDefault(); addRecommendation(); }
    else if (ev.code === 'KeyN') { ev.preventDefault(); toggleIncomplete(); }
    else if (ev.code === 'KeyF') { ev.preventDefault(); openSearch(); }
    else if (ev.code === 'KeyK') { ev.preventDefault(); openNotesToCheck(); }
    else if (timer && ev.code === 'KeyS') { ev.preventDefault(); timer.toggle(); }
    else if (timer && ev.code === 'Period') { ev.preventDefault(); timer.next(); }
    else if (timer && ev.code === 'Comma') { ev.preventDefault(); timer.previous(); }
    else if (timer && ev.code === 'KeyM') { ev.preventDefault(); timer.addMinute(); }
  });

  // ----- Notes that need the chair -----
  // Flagged (changed after the chair used them) or not yet used, in the
  // order of the minutes; each jumps to its question.
  function notesToCheck() {
    const items = [];
    view.themes.forEach((t, ti) => t.questions.forEach((q, qi) => {
      (review.notes || []).filter((n) => n.question === q.id).forEach((n) => {
        const flagged = Boolean(n.superseded);
        const unused = n.text.trim() !== '' && !usedNotes.has(n.id);
        if (flagged || unused) items.push({ note: n, number: `${ti + 1}.${qi + 1}`, theme: t.title, flagged, question: q.id });
      });
    }));
    return items;
  }
  const notesButton = h('button', { type: 'button', class: 'button button-secondary', id: 'notes-to-check', 'aria-haspopup': 'dialog', onclick: () => openNotesToCheck() });
  function countNotes() {
    const n = notesToCheck().length;
    notesButton.textContent = `Notes to check (${n})`;
    notesButton.hidden = !(review.notes || []).length;
  }
  function openNotesToCheck() {
    showNotesToCheck(notesToCheck(), (item) => goToId(`resp-${item.question}`));
  }
  // A note inserted into its response is used from then on.
  minutesMain.addEventListener('note-used', (ev) => { usedNotes.add(ev.detail); countNotes(); });
  countNotes();

  const packLine = h('div', { id: 'pack-status' });
  replace(main,
    h('div', { class: 'title-row minutes-title-row' },
      h('div', { class: 'minutes-heading' },
        h('h1', { id: 'minutes-title' }, h('span', { class: 'caption-inline' }, 'Minutes: '), name),
        h('p', { class: 'hint minutes-meta' }, [review.date ? app.britishDate(review.date) : 'No date set', view.panel.length ? `Panel: ${view.panel.join(', ')}` : null].filter(Boolean).join(' · '))),
      h('div', { class: 'button-group tight' },
        h('button', { type: 'button', class: 'button button-secondary', id: 'back-to-overview', onclick: () => app.showOverviewAgain() }, 'Back to overview'),
        h('button', { type: 'button', class: 'button button-secondary', id: 'set-up-review', onclick: () => app.showReview(review.id) }, 'Set up this review'),
        h('button', { type: 'button', class: 'button button-secondary', id: 'open-search', 'aria-haspopup': 'dialog', onclick: () => openSearch() }, 'Search (Alt+F)'),
        notesButton,
        h('button', { type: 'button', class: 'button button-secondary', id: 'show-help', onclick: () => toggleHelp() }, 'Shortcuts (F1)'))),
    packLine,
    lastYearSection(review),
    view.frozen ? h('p', { class: 'hint' }, 'This review is held: its questions are kept as they were asked, whatever later changes the template.') : null,
    help,
    searchDialog,
    h('div', { class: 'minutes-layout' }, nav, minutesMain));
  // Signed-off minutes are shown read-only, with who signed them and when;
  // the core and the database refuse changes anyway.
  if (locked) {
    const titleRow = main.querySelector('.title-row');
    titleRow.after(lockedBanner(signOff));
    lockControls(minutesMain);
  }
  // In a minute pack, the pack's own state stays in view of the minute-taker.
  ipc.minutePackInfo().then((pack) => {
    if (pack && packLine.isConnected) packLine.replaceChildren(minutePackLine(app, pack));
  }).catch(() => { /* the chair's audit: no pack line */ });
  timer = mountTimerBar(main, app, review.id, {
    goToTheme: (id) => jumpToTheme(view.themes.findIndex((t) => t.id === id), true),
    themeNumber: (id) => view.themes.findIndex((t) => t.id === id) + 1,
    themeCount: view.themes.length,
    markTheme: markTimerTheme,
    keepInView: () => {
      const box = document.activeElement;
      if (!(box instanceof HTMLTextAreaElement) || !minutesMain.contains(box)) return;
      if (box.matches('textarea.response, textarea.rec-text')) fit(box);
      reveal(box, questionOf(box));
    },
    reviewStatus: review.status,
  });
  view.themes.forEach(updateCount);
  fitAll(boxesIn(minutesMain));
  if (options.openNotes) {
    const first = main.querySelector('textarea.response');
    if (first) first.focus({ preventScroll: true });
    openNotesToCheck();
  } else if (focusId) {
    goToId(focusId);
  } else {
    const first = main.querySelector('textarea.response');
    // Theme 1's heading and first question in view, below the timer bar.
    if (first) goTo(first, document.getElementById(`theme-title-${view.themes[0].id}`));
  }
  // The caller runs this once the first theme is on screen.
  return addThemesGradually;
}
