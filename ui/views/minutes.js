// The minutes screen: one review, theme by theme, each question beside its
// response box as in the report's table. Recommendations sit inline where
// the report prints them. Everything autosaves; the keyboard does it all.

import * as ipc from '../ipc.js';
import * as autosave from '../autosave.js';
import { h, replace, errorSummary } from '../dom.js';
import { lockedBanner, lockControls } from './signoff.js';
import { mountTimerBar } from './timer.js';
import { notesForQuestion } from './notes.js';

const SHORTCUTS = [
  ['Alt + ↓', 'Next question'],
  ['Alt + ↑', 'Previous question'],
  ['Alt + 1 to 9', 'Jump to theme 1 to 9'],
  ['Alt + R', 'Add a recommendation after the current question'],
  ['Alt + N', 'Mark the current theme not completed (or clear it)'],
  ['Alt + F', 'Search the minutes'],
  ['Alt + S', 'Start, pause or resume the timer'],
  ['Alt + .', 'Timer: next segment'],
  ['Alt + ,', 'Timer: previous segment'],
  ['Alt + M', 'Timer: add a minute to this segment'],
  ['Alt + H or F1', 'Show or hide these shortcuts'],
  ['Esc', 'Close this panel or the search results'],
];

// Response boxes grow with their text (up to most of the window), so the
// chair sees the whole minute while writing, as the report will show it.
function fit(box) { fitAll([box]); }

// Fits several boxes with one layout: all writes, then all reads, then all
// writes. (Fitting one box at a time forced a layout of the page per box:
// 94 ms for a review of 30 questions, issue 9.)
function fitAll(boxes) {
  const max = Math.round(window.innerHeight * 0.6);
  boxes.forEach((b) => { b.style.height = 'auto'; });
  const heights = boxes.map((b) => b.scrollHeight);
  boxes.forEach((b, i) => { b.style.height = `${Math.min(heights[i] + 4, max)}px`; });
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
export async function renderMinutes(main, app, reviewId, focusId, all = false) {
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

  // ----- Side list of themes with counts -----
  const counters = new Map();
  const nav = h('nav', { class: 'theme-nav', 'aria-label': 'Themes' },
    h('h2', { class: 'nav-title' }, 'Themes'),
    h('ol', {}, view.themes.map((t, i) => {
      const count = h('span', { class: 'count' });
      counters.set(t.id, count);
      return h('li', {}, h('a', { href: `#theme-${t.id}`, onclick: (ev) => { ev.preventDefault(); jumpToTheme(i); } },
        h('span', { class: 'nav-theme' }, `${i + 1}. ${t.title}`), count));
    })));

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
    const box = h('textarea', { id: `rec-${rec.id}`, class: 'rec-text', rows: '2', 'aria-label': `Recommendation ${rec.label}` });
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
      box.addEventListener('input', () => {
        fit(box);
        updateCount(t);
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
            notesForQuestion(app, review, q.id, box))),
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
  let locked = false;
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
  const results = h('div', { class: 'search-results', id: 'search-results', 'aria-live': 'polite' });
  const search = h('input', { type: 'search', id: 'search', 'aria-describedby': 'search-hint' });
  search.addEventListener('keydown', async (ev) => {
    if (ev.key === 'Escape') { results.replaceChildren(); return; }
    if (ev.key !== 'Enter') return;
    ev.preventDefault();
    await autosave.flush();
    let hits = [];
    try { hits = await ipc.searchMinutes(search.value); } catch (e) { app.notify(e); return; }
    results.replaceChildren(
      h('p', { class: 'hint' }, hits.length ? `${hits.length} found` : `Nothing found for “${search.value}”.`),
      h('ul', { class: 'hits' }, hits.map((hit) => h('li', {},
        h('button', { type: 'button', class: 'link-button', onclick: () => {
          results.replaceChildren();
          if (hit.review === review.id) focusQuestion(hit.question);
          else app.showMinutes(hit.review, `resp-${hit.question}`);
        } }, hit.review_name),
        ' ', h('span', {}, hit.excerpt)))));
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
  function boxes() { ensureAllThemes(); return [...main.querySelectorAll('textarea.response')]; }
  function focusQuestion(qid) {
    ensureAllThemes();
    const box = document.getElementById(`resp-${qid}`);
    if (box) { box.focus(); box.scrollIntoView({ block: 'center' }); }
  }
  function step(by) {
    const all = boxes();
    const i = all.findIndex((b) => b.dataset.question === current.question);
    const next = all[Math.max(0, Math.min(all.length - 1, i + by))];
    if (next) { next.focus(); next.scrollIntoView({ block: 'center' }); }
  }
  function jumpToTheme(i) {
    const t = view.themes[i];
    if (!t) return;
    ensureAllThemes();
    const first = main.querySelector(`textarea.response[data-theme="${CSS.escape(t.id)}"]`);
    // The theme's heading goes to the top (clear of the timer bar), so the
    // chair sees which theme the first question belongs to.
    const heading = document.getElementById(`theme-title-${t.id}`);
    if (first) { first.focus({ preventScroll: true }); heading.scrollIntoView({ block: 'start' }); } else heading.focus();
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
    if (ev.key === 'F1' || (ev.altKey && (ev.key === 'h' || ev.key === 'H'))) { ev.preventDefault(); toggleHelp(); return; }
    if (ev.key === 'Escape' && !help.hidden) { ev.preventDefault(); toggleHelp(false); return; }
    if (!ev.altKey || ev.ctrlKey || ev.metaKey) return;
    if (ev.key === 'ArrowDown') { ev.preventDefault(); step(1); }
    else if (ev.key === 'ArrowUp') { ev.preventDefault(); step(-1); }
    else if (/^[1-9]$/.test(ev.key) || /^Digit[1-9]$/.test(ev.code)) { ev.preventDefault(); jumpToTheme(Number(ev.code.slice(-1) || ev.key) - 1); }
    else if (ev.code === 'KeyR') { ev.preventDefault(); addRecommendation(); }
    else if (ev.code === 'KeyN') { ev.preventDefault(); toggleIncomplete(); }
    else if (ev.code === 'KeyF') { ev.preventDefault(); search.focus(); search.select(); }
    else if (timer && ev.code === 'KeyS') { ev.preventDefault(); timer.toggle(); }
    else if (timer && ev.code === 'Period') { ev.preventDefault(); timer.next(); }
    else if (timer && ev.code === 'Comma') { ev.preventDefault(); timer.previous(); }
    else if (timer && ev.code === 'KeyM') { ev.preventDefault(); timer.addMinute(); }
  });

  replace(main,
    h('div', { class: 'title-row' },
      h('div', {},
        h('span', { class: 'caption' }, 'Minutes'),
        h('h1', { id: 'minutes-title' }, name),
        h('p', { class: 'hint' }, [review.date ? app.britishDate(review.date) : 'No date set', view.panel.length ? `Panel: ${view.panel.join(', ')}` : null].filter(Boolean).join(' · '))),
      h('div', { class: 'button-group tight' },
        h('button', { type: 'button', class: 'button button-secondary', id: 'back-to-overview', onclick: () => app.showOverviewAgain() }, 'Back to overview'),
        h('button', { type: 'button', class: 'button button-secondary', onclick: () => app.showReview(review.id) }, 'Set up this review'),
        h('button', { type: 'button', class: 'button button-secondary', id: 'show-help', onclick: () => toggleHelp() }, 'Shortcuts (F1)'))),
    view.frozen ? h('p', { class: 'hint' }, 'This review is held: its questions are kept as they were asked, whatever later changes the template.') : null,
    h('div', { class: 'search-bar' },
      h('label', { for: 'search' }, 'Search the minutes'),
      h('p', { class: 'hint', id: 'search-hint' }, 'Every review’s responses and notes. Press Enter to search.'),
      search, results),
    help,
    h('div', { class: 'minutes-layout' }, nav, minutesMain));
  // Signed-off minutes are shown read-only, with who signed them and when;
  // the core and the database refuse changes anyway.
  // (If the sign-off state cannot be read, the core still refuses changes.)
  const signOff = await signOffAsked;
  if (signOff && signOff.locked_message) {
    const titleRow = main.querySelector('.title-row');
    titleRow.after(lockedBanner(signOff));
    lockControls(minutesMain);
    locked = true;
  }
  timer = mountTimerBar(main, app, review.id, { goToTheme: (id) => jumpToTheme(view.themes.findIndex((t) => t.id === id)) });
  view.themes.forEach(updateCount);
  fitAll(boxesIn(minutesMain));
  if (focusId) {
    ensureAllThemes();
    const el = document.getElementById(focusId);
    if (el) { el.focus(); el.scrollIntoView({ block: 'center' }); }
  } else {
    const first = main.querySelector('textarea.response');
    if (first) first.focus({ preventScroll: true });
  }
  // The caller runs this once the first theme is on screen.
  return addThemesGradually;
}
