// The minutes screen: one review, theme by theme, each question beside its
// response box as in the report's table. Recommendations sit inline where
// the report prints them. Everything autosaves; the keyboard does it all.
//
// The screen's parts share one state object `s` (made in renderMinutes):
// the review, the chair's place (`s.current`), the timer bar's actions and
// the far holders (ui/widgets.js) that keep the screen light.

import * as ipc from '../ipc.js';
import { lastYearSection } from './actions.js';
import * as autosave from '../autosave.js';
import { h, replace, errorSummary, reveal, pinnedHeight } from '../dom.js';
import { fit, fitAll, fitAfterInput, shortcutsPanel, farHolders } from '../widgets.js';
import { lockedBanner, lockControls } from './signoff.js';
import { mountTimerBar } from './timer.js';
import { notesForQuestion, showNotesToCheck, minutePackLine } from './notes.js';
import { dateTimeSeconds } from '../dates.js';

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

// Every box in the order of the page: each theme's reason (when shown),
// its questions' responses, and the recommendations where they sit.
const STEP_BOXES = 'textarea.response, textarea.rec-text, .reason-field:not([hidden]) textarea.reason';

// The response and recommendation boxes under `root`, which grow with their text.
const boxesIn = (root) => [...root.querySelectorAll('textarea.response, textarea.rec-text')];

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
  const loaded = await loadMinutes(main, reviewId);
  if (!loaded) return undefined;
  const { view, signOff } = loaded;
  const review = view.review;
  const s = {
    main, app, view, review, signOff,
    name: review.short_name || review.organisation,
    responses: new Map(review.responses.map((r) => [r.question, r.text])),
    incomplete: new Map(review.incomplete_themes.map((t) => [t.theme, t.reason])),
    current: { theme: view.themes.length ? view.themes[0].id : null, question: null },
    // If the sign-off state cannot be read, the core still refuses changes.
    locked: Boolean(signOff && signOff.locked_message),
    usedNotes: new Set(view.used_notes || []),
    counters: new Map(),
    minutesMain: h('div', { class: 'minutes-main' }),
    timer: null, // the timer bar's actions, once it is mounted
    lastBox: null,
  };
  s.rerender = (focus) => rerender(s, reviewId, focus);
  // Response cells and recommendations a screen or more away give up their
  // rendering (issue 22): the large audit's minutes cost WebKit 25 MB more
  // with every box and note card laid out.
  s.far = farHolders(s.minutesMain);
  const nav = themeNav(s);
  const themes = themeBuilder(s, all);
  const nav2 = navigation(s, themes);
  const search = searchDialog(s, nav2);
  const help = shortcutsPanel(SHORTCUTS);
  const notes = notesToCheck(s, nav2);
  bindKeys(s, nav2, search, help, notes);
  mountScreen(s, nav, search, help, notes);

  s.timer = mountTimerBar(main, app, review.id, {
    goToTheme: (id) => nav2.jumpToTheme(view.themes.findIndex((t) => t.id === id), true),
    themeNumber: (id) => view.themes.findIndex((t) => t.id === id) + 1,
    themeCount: view.themes.length,
    markTheme: nav.markTimerTheme,
    keepInView: () => {
      const box = document.activeElement;
      if (!(box instanceof HTMLTextAreaElement) || !s.minutesMain.contains(box)) return;
      if (box.matches('textarea.response, textarea.rec-text')) fit(box);
      reveal(box, nav2.questionOf(box));
    },
    reviewStatus: review.status,
  });
  view.themes.forEach((t) => updateCount(s, t));
  fitAll(boxesIn(s.minutesMain));
  if (options.openNotes) {
    const first = main.querySelector('textarea.response');
    if (first) first.focus({ preventScroll: true });
    notes.open();
  } else if (focusId) {
    nav2.goToId(focusId);
  } else {
    const first = main.querySelector('textarea.response');
    // Theme 1's heading and first question in view, below the timer bar.
    if (first) nav2.goTo(first, document.getElementById(`theme-title-${view.themes[0].id}`));
  }
  // Holders are watched once the screen is laid out and scrolled, so the
  // first ones made far are those really far from where the chair is.
  s.far.observe(holdersIn(s.minutesMain));
  // The caller runs this once the first theme is on screen.
  return themes.addThemesGradually;
}

// Both questions go to the core at once; the screen is built when both
// answers are in, with no wait (and so no half-drawn frame) in between.
// Signed-off minutes are built locked, so no control looks usable and then
// silently does nothing.
async function loadMinutes(main, reviewId) {
  const signOffAsked = ipc.signOffState(reviewId).catch(() => null);
  let view;
  try {
    view = await ipc.minutesView(reviewId);
  } catch (e) {
    replace(main, errorSummary(e));
    return null;
  }
  return { view, signOff: await signOffAsked };
}

async function rerender(s, reviewId, focus) {
  await autosave.flush();
  const scroll = window.scrollY;
  s.far.stop();
  await renderMinutes(s.main, s.app, reviewId, focus, true);
  if (!focus) window.scrollTo(0, scroll);
}

// The parts of the screen that give up their rendering when far from the view.
const holdersIn = (root) => [...root.querySelectorAll('.response-cell, .rec-row')];

// ----- Side list of themes with counts -----
function themeNav(s) {
  const navLinks = new Map();
  const element = h('nav', { class: 'theme-nav', 'aria-label': 'Themes' },
    h('h2', { class: 'nav-title' }, 'Themes'),
    h('ol', {}, s.view.themes.map((t, i) => {
      const count = h('span', { class: 'count' });
      s.counters.set(t.id, count);
      const link = h('a', { href: `#theme-${t.id}`, 'data-nav-theme': t.id, onclick: (ev) => { ev.preventDefault(); s.jumpToTheme(i); } },
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
  return { element, markTimerTheme };
}

// A theme's count: from the boxes once the theme is built, from the data until then.
function updateCount(s, theme) {
  const el = s.counters.get(theme.id);
  if (!el) return;
  const built = s.main.querySelectorAll(`textarea.response[data-theme="${CSS.escape(theme.id)}"]`);
  const texts = built.length ? [...built].map((b) => b.value) : theme.questions.map((q) => s.responses.get(q.id) || '');
  const filled = texts.filter((t) => t.trim() !== '').length;
  const notCompleted = s.incomplete.has(theme.id);
  el.textContent = notCompleted ? 'not completed' : `${filled} of ${texts.length}`;
  el.classList.toggle('count-empty', filled === 0 && !notCompleted);
  el.classList.toggle('count-done', filled === texts.length && texts.length > 0);
}

// ----- Recommendations -----
function recommendationRow(s, rec) {
  const box = h('textarea', {
    id: `rec-${rec.id}`, class: 'rec-text', rows: '2', 'aria-label': `Recommendation ${rec.label}`,
    'data-theme': rec.theme, 'data-question': rec.after_question,
  });
  box.value = rec.text;
  box.addEventListener('input', () => autosave.schedule(`rec:${rec.id}`, () => ipc.saveRecommendationText(rec.id, box.value)));
  box.addEventListener('blur', () => autosave.saveNow(`rec:${rec.id}`));
  const forSelect = h('select', { 'aria-label': `Who recommendation ${rec.label} is for` },
    h('option', { value: 'organisation' }, `For ${s.name}`),
    h('option', { value: 'partnership' }, 'For the partnership'));
  forSelect.value = rec.for;
  forSelect.addEventListener('change', async () => {
    await autosave.flush();
    try {
      await ipc.setRecommendationFor(rec.id, forSelect.value === 'partnership');
      s.rerender(`rec-${rec.id}`);
    } catch (e) { s.app.notify(e); }
  });
  return h('div', { class: 'rec-row' },
    h('label', { for: `rec-${rec.id}`, class: 'rec-label' }, `Recommendation ${rec.label}:`),
    box,
    h('div', { class: 'rec-actions' }, forSelect,
      h('button', { type: 'button', class: 'link-button', onclick: async () => {
        await autosave.flush();
        try { await ipc.removeRecommendation(rec.id); s.rerender(); } catch (e) { s.app.notify(e); }
      } }, `Remove recommendation ${rec.label}`)));
}

function recsAfter(s, themeId, questionId) {
  return s.view.recommendations
    .filter((r) => r.theme === themeId && (r.after_question || null) === questionId)
    .map((r) => recommendationRow(s, r));
}

async function addRecommendation(s) {
  if (!s.current.theme) return;
  await autosave.flush();
  try {
    const id = await ipc.addRecommendation(s.review.id, s.current.theme, s.current.question, false);
    s.rerender(`rec-${id}`);
  } catch (e) { s.app.notify(e); }
}

// ----- History of a response -----
async function showHistory(s, q, box, holder) {
  if (holder.childElementCount) { holder.replaceChildren(); return; }
  await autosave.saveNow(`resp:${q.id}`);
  let versions = [];
  try { versions = await ipc.responseHistory(s.review.id, q.id); } catch (e) { s.app.notify(e); return; }
  if (!versions.length) {
    holder.replaceChildren(h('p', { class: 'hint' }, 'No earlier versions yet. A version is kept every couple of minutes while the response changes.'));
    return;
  }
  holder.replaceChildren(h('h3', {}, 'Earlier versions'), h('ol', { class: 'versions' }, versions.map((v) => h('li', {},
    h('div', { class: 'hint' }, dateTimeSeconds(new Date(v.saved))),
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
// The "not completed" tick box and its reason.
function incompleteControls(s, t) {
  const reasonBox = h('textarea', { id: `reason-${t.id}`, class: 'reason', rows: '2' });
  reasonBox.value = s.incomplete.get(t.id) || '';
  const reasonField = h('div', { class: 'field reason-field', hidden: !s.incomplete.has(t.id) },
    h('label', { for: `reason-${t.id}` }, 'Why this theme was not completed'), reasonBox);
  const check = h('input', { type: 'checkbox', id: `incomplete-${t.id}`, checked: s.incomplete.has(t.id) });
  const saveIncomplete = () => {
    const reason = check.checked ? (reasonBox.value.trim() || 'This section was not completed.') : null;
    if (reason === null) s.incomplete.delete(t.id); else s.incomplete.set(t.id, reason);
    updateCount(s, t);
    autosave.schedule(`incomplete:${t.id}`, () => ipc.setThemeIncomplete(s.review.id, t.id, reason));
  };
  check.addEventListener('change', () => {
    reasonField.hidden = !check.checked;
    saveIncomplete();
    if (check.checked) reasonBox.focus();
  });
  reasonBox.addEventListener('input', saveIncomplete);
  reasonBox.addEventListener('blur', () => autosave.saveNow(`incomplete:${t.id}`));
  return [
    h('div', { class: 'incomplete-toggle' }, check, h('label', { for: `incomplete-${t.id}`, class: 'inline-label' }, 'This theme was not completed')),
    reasonField,
  ];
}

// A question beside its response box, its history and its notes, then the
// recommendations made after it.
function questionRow(s, t, ti, q, qi) {
  const boxId = `resp-${q.id}`;
  const box = h('textarea', {
    id: boxId, class: 'response', rows: '4', 'data-theme': t.id, 'data-question': q.id,
    'aria-describedby': `q-${q.id}`,
  });
  box.value = s.responses.get(q.id) || '';
  box.addEventListener('focus', () => { s.current = { theme: t.id, question: q.id }; });
  let filled = box.value.trim() !== '';
  box.addEventListener('input', (ev) => {
    fitAfterInput(box, ev);
    // The theme's count changes only when a box becomes empty or not.
    const now = box.value.trim() !== '';
    if (now !== filled) { filled = now; updateCount(s, t); }
    autosave.schedule(`resp:${q.id}`, () => ipc.saveResponse(s.review.id, q.id, box.value));
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
        h('button', { type: 'button', class: 'link-button small', onclick: () => showHistory(s, q, box, history) }, 'Earlier versions'),
        history,
        notesForQuestion(s.app, s.review, q.id, box, { locked: s.locked, used: s.usedNotes }))),
    recsAfter(s, t.id, q.id),
  ];
}

function buildTheme(s, t, ti) {
  return h('section', { class: 'theme-section', id: `theme-${t.id}`, 'aria-labelledby': `theme-title-${t.id}` },
    h('h2', { id: `theme-title-${t.id}`, tabindex: '-1' }, `${ti + 1}. ${t.title}`),
    incompleteControls(s, t),
    t.questions.map((q, qi) => questionRow(s, t, ti, q, qi)),
    recsAfter(s, t.id, null),
    h('button', { type: 'button', class: 'button button-secondary add-rec', onclick: () => {
      const last = t.questions.length ? t.questions[t.questions.length - 1].id : null;
      if (s.current.theme !== t.id) s.current = { theme: t.id, question: last };
      addRecommendation(s);
    } }, `Add a recommendation to ${t.title}`));
}

// Built one theme at a time: the first before the screen is shown, the
// rest just after its first paint (or at once when something needs them:
// see ensureAllThemes). A long review's screen so appears in about half the
// time (issue 9).
function themeBuilder(s, all) {
  const { view, minutesMain } = s;
  const themesBuilt = all ? view.themes.length : Math.min(1, view.themes.length);
  minutesMain.append(...view.themes.slice(0, themesBuilt).map((t, ti) => buildTheme(s, t, ti)));
  const unbuilt = view.themes.slice(themesBuilt).map((t, i) => [t, themesBuilt + i]);
  // Boxes are fitted as their theme is added, before anything can scroll to
  // it: WebKit does not anchor scrolling, so a box growing later above a
  // theme the chair jumped to would push it out of view. Only then are the
  // theme's holders watched (and those far from the view made far).
  function addThemes(count) {
    if (!minutesMain.isConnected) return;
    const sections = unbuilt.splice(0, count).map(([t, ti]) => buildTheme(s, t, ti));
    if (!sections.length) return;
    minutesMain.append(...sections);
    if (s.locked) sections.forEach((section) => lockControls(section));
    fitAll(sections.flatMap(boxesIn));
    view.themes.forEach((t) => updateCount(s, t));
    s.far.observe(sections.flatMap(holdersIn));
  }
  // One theme a task, so a keystroke never waits for them all.
  function addThemesGradually() {
    addThemes(1);
    if (unbuilt.length && minutesMain.isConnected) setTimeout(addThemesGradually, 0);
  }
  return { ensureAllThemes: () => addThemes(unbuilt.length), addThemesGradually };
}

// ----- Moving about: boxes in order, themes, places -----
function navigation(s, themes) {
  const { view, minutesMain, main } = s;
  minutesMain.addEventListener('focusin', (ev) => {
    const box = ev.target;
    if (!(box instanceof HTMLTextAreaElement) || !box.matches(STEP_BOXES)) return;
    s.lastBox = box;
    const section = box.closest('section.theme-section');
    if (section) s.current = { theme: section.id.slice('theme-'.length), question: box.dataset.question || null };
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
  // question into view below the timer bar. A far box is brought near first.
  // The box is fitted again first: the room it may take depends on the
  // timer bar's height now, which may have changed since it was built.
  function goTo(box, heading = null) {
    s.far.near(box);
    box.focus({ preventScroll: true });
    if (box.matches('textarea.response, textarea.rec-text')) fit(box);
    reveal(box, questionOf(box), heading);
  }
  function goToId(id) {
    themes.ensureAllThemes();
    const el = document.getElementById(id);
    if (el) goTo(el);
  }
  function themeOf(box) {
    const section = box && box.closest('section.theme-section');
    return section ? section.id.slice('theme-'.length) : null;
  }
  function step(by) {
    themes.ensureAllThemes();
    const boxes = [...minutesMain.querySelectorAll(STEP_BOXES)];
    let i = boxes.indexOf(document.activeElement);
    if (i < 0) i = boxes.indexOf(s.lastBox);
    const next = i < 0 ? boxes[0] : boxes[Math.max(0, Math.min(boxes.length - 1, i + by))];
    if (!next) return;
    const from = i < 0 ? null : themeOf(boxes[i]);
    goTo(next);
    const to = themeOf(next);
    // Moving on to the next theme moves the timer too, if it was on the
    // theme just finished (the chair keeping pace with the conversation).
    if (s.timer && from && to && from !== to) s.timer.minutesMovedTo(to, from);
  }
  // `fromTimer`: the timer moved, so the minutes follow and not the reverse.
  function jumpToTheme(i, fromTimer = false) {
    const t = view.themes[i];
    if (!t) return;
    themes.ensureAllThemes();
    const first = main.querySelector(`textarea.response[data-theme="${CSS.escape(t.id)}"]`);
    // The theme's heading comes into view with its first question, clear of
    // the timer bar, so the chair sees which theme the question belongs to.
    // The heading goes to the top (as far as the page can scroll), showing
    // as much of the theme as fits; its first question stays in view.
    const heading = document.getElementById(`theme-title-${t.id}`);
    if (first) s.far.near(first);
    (first || heading).focus({ preventScroll: true });
    if (first) fit(first);
    window.scrollBy(0, heading.getBoundingClientRect().top - pinnedHeight() - 8);
    if (first) reveal(first, questionOf(first));
    if (!fromTimer && s.timer) s.timer.minutesMovedTo(t.id);
  }
  s.jumpToTheme = jumpToTheme;
  function toggleIncomplete() {
    const check = document.getElementById(`incomplete-${s.current.theme}`);
    if (check) { check.checked = !check.checked; check.dispatchEvent(new Event('change')); }
  }
  return { goTo, goToId, step, jumpToTheme, questionOf, toggleIncomplete };
}

// ----- Search -----
// A modal dialog: it is drawn above everything, so the sticky timer bar can
// never hide it or its results (issue 15). It keeps its query and results
// while the screen is open.
const KIND = { response: 'response', note: 'note', recommendation: 'recommendation' };

function searchDialog(s, nav) {
  const results = h('div', { class: 'search-results', id: 'search-results', 'aria-live': 'polite' });
  const search = h('input', { type: 'search', id: 'search', 'aria-describedby': 'search-hint', autocomplete: 'off' });
  const form = h('form', { class: 'inline-form flush', role: 'search', novalidate: true },
    search, h('button', { type: 'submit', class: 'button', id: 'search-go' }, 'Search'));
  const dialog = h('dialog', { class: 'dialog search-dialog', id: 'search-dialog', 'aria-labelledby': 'search-title' },
    h('h2', { id: 'search-title' }, 'Search the minutes'),
    h('label', { for: 'search' }, 'Words to find'),
    h('p', { class: 'hint', id: 'search-hint' }, 'Every review’s responses, minute-takers’ notes and recommendations. Press Enter to search, Esc to close.'),
    form,
    results,
    h('div', { class: 'button-group' },
      h('button', { type: 'button', class: 'button button-secondary', id: 'search-close', onclick: () => dialog.close() }, 'Close')));
  let returnTo = null;
  dialog.addEventListener('close', () => {
    if (returnTo && returnTo.isConnected) returnTo.focus({ preventScroll: true });
    returnTo = null;
  });
  function open() {
    if (dialog.open) { search.focus(); search.select(); return; }
    returnTo = document.activeElement;
    dialog.showModal();
    search.focus();
    search.select();
  }
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    await autosave.flush();
    let hits = [];
    try { hits = await ipc.searchMinutes(search.value); } catch (e) { s.app.notify(e); return; }
    results.replaceChildren(
      h('p', { class: 'hint', id: 'search-count' }, hits.length ? `${hits.length} found` : `Nothing found for “${search.value}”.`),
      h('ul', { class: 'hits' }, hits.map((hit) => {
        const target = hit.kind === 'recommendation' ? `rec-${hit.recommendation}` : `resp-${hit.question}`;
        const here = hit.review === s.review.id;
        const what = hit.kind === 'note' ? `${hit.author}’s note` : KIND[hit.kind] || hit.kind;
        return h('li', { class: 'hit' },
          h('button', { type: 'button', class: 'link-button hit-place', 'data-hit': target, onclick: () => {
            returnTo = null;
            dialog.close();
            if (here) nav.goToId(target);
            else s.app.showMinutes(hit.review, target);
          } }, `${hit.place}: ${what}${here ? '' : ` (${hit.review_name})`}`),
          h('span', { class: 'hit-theme' }, hit.theme_title),
          h('span', { class: 'hit-excerpt' }, hit.excerpt));
      })));
  });
  return { dialog, open };
}

// ----- Notes that need the chair -----
// Flagged (changed after the chair used them) or not yet used, in the
// order of the minutes; each jumps to its question.
function notesToCheck(s, nav) {
  const { view, review, usedNotes } = s;
  function items() {
    const out = [];
    view.themes.forEach((t, ti) => t.questions.forEach((q, qi) => {
      (review.notes || []).filter((n) => n.question === q.id).forEach((n) => {
        const flagged = Boolean(n.superseded);
        const unused = n.text.trim() !== '' && !usedNotes.has(n.id);
        if (flagged || unused) out.push({ note: n, number: `${ti + 1}.${qi + 1}`, theme: t.title, flagged, question: q.id });
      });
    }));
    return out;
  }
  const button = h('button', { type: 'button', class: 'button button-secondary', id: 'notes-to-check', 'aria-haspopup': 'dialog', onclick: () => open() });
  function count() {
    button.textContent = `Notes to check (${items().length})`;
    button.hidden = !(review.notes || []).length;
  }
  function open() {
    showNotesToCheck(items(), (item) => nav.goToId(`resp-${item.question}`));
  }
  // A note inserted into its response is used from then on.
  s.minutesMain.addEventListener('note-used', (ev) => { usedNotes.add(ev.detail); count(); });
  count();
  return { button, open };
}

// ----- Keys -----
function bindKeys(s, nav, search, help, notes) {
  s.app.setKeys((ev) => {
    // A modal dialog (search, notes to check, the session plan) has the keys.
    if (document.querySelector('dialog[open]')) return;
    if (ev.key === 'F1' || (ev.altKey && (ev.key === 'h' || ev.key === 'H'))) { ev.preventDefault(); help.toggle(); return; }
    if (ev.key === 'Escape' && help.isOpen()) { ev.preventDefault(); help.toggle(false); return; }
    if (!ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const timer = s.timer;
    if (ev.key === 'ArrowDown') { ev.preventDefault(); nav.step(1); }
    else if (ev.key === 'ArrowUp') { ev.preventDefault(); nav.step(-1); }
    else if (/^[1-9]$/.test(ev.key) || /^Digit[1-9]$/.test(ev.code)) { ev.preventDefault(); nav.jumpToTheme(Number(ev.code.slice(-1) || ev.key) - 1); }
    else if (ev.code === 'KeyR') { ev.preventDefault(); addRecommendation(s); }
    else if (ev.code === 'KeyN') { ev.preventDefault(); nav.toggleIncomplete(); }
    else if (ev.code === 'KeyF') { ev.preventDefault(); search.open(); }
    else if (ev.code === 'KeyK') { ev.preventDefault(); notes.open(); }
    else if (timer && ev.code === 'KeyS') { ev.preventDefault(); timer.toggle(); }
    else if (timer && ev.code === 'Period') { ev.preventDefault(); timer.next(); }
    else if (timer && ev.code === 'Comma') { ev.preventDefault(); timer.previous(); }
    else if (timer && ev.code === 'KeyM') { ev.preventDefault(); timer.addMinute(); }
  });
}

// ----- The screen -----
function mountScreen(s, nav, search, help, notes) {
  const { main, app, review, view, minutesMain } = s;
  const packLine = h('div', { id: 'pack-status' });
  replace(main,
    h('div', { class: 'title-row minutes-title-row' },
      h('div', { class: 'minutes-heading' },
        h('h1', { id: 'minutes-title' }, h('span', { class: 'caption-inline' }, 'Minutes: '), s.name),
        h('p', { class: 'hint minutes-meta' }, [review.date ? app.britishDate(review.date) : 'No date set', view.panel.length ? `Panel: ${view.panel.join(', ')}` : null].filter(Boolean).join(' · '))),
      h('div', { class: 'button-group tight' },
        h('button', { type: 'button', class: 'button button-secondary', id: 'back-to-overview', onclick: () => app.showOverviewAgain() }, 'Back to overview'),
        h('button', { type: 'button', class: 'button button-secondary', id: 'set-up-review', onclick: () => app.showReview(review.id) }, 'Set up this review'),
        h('button', { type: 'button', class: 'button button-secondary', id: 'open-search', 'aria-haspopup': 'dialog', onclick: () => search.open() }, 'Search (Alt+F)'),
        notes.button,
        h('button', { type: 'button', class: 'button button-secondary', id: 'show-help', onclick: () => help.toggle() }, 'Shortcuts (F1)'))),
    packLine,
    lastYearSection(review),
    view.frozen ? h('p', { class: 'hint' }, 'This review is held: its questions are kept as they were asked, whatever later changes the template.') : null,
    help.panel,
    search.dialog,
    h('div', { class: 'minutes-layout' }, nav.element, minutesMain));
  // Signed-off minutes are shown read-only, with who signed them and when;
  // the core and the database refuse changes anyway.
  if (s.locked) {
    const titleRow = main.querySelector('.title-row');
    titleRow.after(lockedBanner(s.signOff));
    lockControls(minutesMain);
  }
  // In a minute pack, the pack's own state stays in view of the minute-taker.
  ipc.minutePackInfo().then((pack) => {
    if (pack && packLine.isConnected) packLine.replaceChildren(minutePackLine(app, pack));
  }).catch(() => { /* the chair's audit: no pack line */ });
}
