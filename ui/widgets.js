// Widgets more than one screen can use: boxes that grow with their text, a
// keyboard-shortcuts panel, and holders that give up their rendering while
// far from the view (issue 22).

import { h, pinnedHeight } from './dom.js';

// ----- Boxes that grow with their text -----
// Response boxes grow with their text (up to most of the window), so the
// chair sees the whole minute while writing, as the report will show it.
export function fit(box) { fitAll([box]); }

// Fits several boxes with one layout: all writes, then all reads, then all
// writes. (Fitting one box at a time forced a layout of the page per box:
// 94 ms for a review of 30 questions, issue 9.) A box in a collapsed holder
// (see `farHolders`) is left as it is: it has no layout to measure, and it
// keeps the height it was given while it had one.
export function fitAll(boxes) {
  boxes = boxes.filter((b) => !b.closest('.far'));
  if (!boxes.length) return;
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
export function fitAfterInput(box, ev) {
  if (box.dataset.full === '1' && ev && typeof ev.inputType === 'string' && ev.inputType.startsWith('insert')) return;
  fit(box);
}

// ----- Keyboard shortcuts -----
// A panel listing `shortcuts` ([keys, what they do]); `toggle(show)` opens
// or closes it (no argument: the other way), the focus going back to where
// it was on closing.
export function shortcutsPanel(shortcuts) {
  let returnTo = null;
  const panel = h('div', { class: 'help-panel', id: 'help', role: 'dialog', 'aria-labelledby': 'help-title', hidden: true, tabindex: '-1' },
    h('h2', { id: 'help-title' }, 'Keyboard shortcuts'),
    h('table', { class: 'table' }, h('tbody', {}, shortcuts.map(([k, d]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, d))))),
    h('button', { type: 'button', class: 'button button-secondary', onclick: () => toggle(false) }, 'Close'));
  function toggle(show) {
    const open = show === undefined ? panel.hidden : show;
    if (open) {
      returnTo = document.activeElement;
      panel.hidden = false;
      panel.focus();
    } else {
      panel.hidden = true;
      if (returnTo) returnTo.focus();
    }
  }
  return { panel, toggle, isOpen: () => !panel.hidden };
}

// ----- Holders that give up their rendering far from the view -----
// A long screen (a review's minutes: 30 response boxes, 90 note cards) costs
// WebKit memory for every box's layout, text and scrolling layer whether or
// not it is on screen. A holder more than about a screen away from the view
// is "far": its children are not displayed (CSS `.far > * { display: none }`)
// and the holder keeps the height it had, so nothing above or below moves
// (WebKitGTK has no scroll anchoring: a height changing above the view would
// push what the chair is reading away). Its elements stay in the page, with
// their values, listeners and ids: a minute typed is never dropped, every
// query (the keyboard order, a theme's first box, the counts) still finds
// them, and `near(el)` brings an element's holder back before it is focused
// or measured. A holder with the focus is never made far.
//
// Returns { observe(holders), near(el), stop() }.
export function farHolders(root, { margin = '150% 0px' } = {}) {
  // All heights are read before any holder changes: one layout, not one
  // per holder.
  const makeFar = (holders) => {
    const going = holders.filter((el) => !el.classList.contains('far') && !el.contains(document.activeElement));
    const heights = going.map((el) => el.getBoundingClientRect().height);
    going.forEach((el, i) => {
      el.style.minHeight = `${heights[i]}px`;
      el.classList.add('far');
    });
  };
  const nearHolder = (holder) => {
    if (!holder.classList.contains('far')) return;
    holder.classList.remove('far');
    holder.style.minHeight = '';
  };
  const io = new IntersectionObserver((entries) => {
    if (!root.isConnected) return;
    entries.filter((e) => e.isIntersecting).forEach((e) => nearHolder(e.target));
    makeFar(entries.filter((e) => !e.isIntersecting).map((e) => e.target));
  }, { rootMargin: margin });
  const watched = new Set();
  // A new window size or zoom wraps text differently: every holder comes
  // back with its real height, and is watched afresh (the observer reports
  // each holder once more), so those still far go again with their new one.
  const onResize = () => {
    if (!root.isConnected) { stop(); return; }
    root.querySelectorAll('.far').forEach(nearHolder);
    io.disconnect();
    watched.forEach((el) => io.observe(el));
  };
  window.addEventListener('resize', onResize);
  function stop() {
    io.disconnect();
    watched.clear();
    window.removeEventListener('resize', onResize);
  }
  return {
    observe(holders) { holders.forEach((el) => { watched.add(el); io.observe(el); }); },
    near(el) {
      const holder = el && el.closest('.far');
      if (holder) nearHolder(holder);
    },
    stop,
  };
}
