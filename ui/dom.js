// Building the page from data. Text only ever goes in as text nodes
// (`textContent`), so nothing a user typed can become markup or script.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function replace(container, ...children) {
  container.replaceChildren(...children.flat(Infinity).filter(Boolean));
}

// Exports leave the app, and the audit's passphrase (issue 8) does not go
// with them: every export button is described by this warning.
export function exportWarning(id) {
  return h('p', { class: 'hint export-warning', id }, 'Not protected by the passphrase: anyone with the file can read it.');
}

// A GOV.UK-style error summary: a heading and the message, focused so a
// screen reader announces it and the keyboard lands on it.
export function errorSummary(error, retry) {
  return h('div', { class: 'error-summary', role: 'alert', tabindex: '-1' },
    h('h2', { class: 'error-summary-title', text: 'There is a problem' }),
    h('p', { text: error && error.message ? error.message : String(error) }),
    retry ? h('button', { class: 'button button-secondary', id: 'retry', type: 'button', onclick: retry }, 'Try again') : null);
}

// How much of the top of the window is pinned (the status line, and on the
// minutes the timer bar), once scrolled: what a scrolled-to element must
// stay below.
export function pinnedHeight() {
  const status = document.getElementById('status');
  const bar = document.getElementById('timer-bar');
  return (status ? status.offsetHeight : 0) + (bar && bar.isConnected ? bar.offsetHeight : 0);
}

// Scrolls the page so that all of `els` (a box, its question, its theme's
// heading) are wholly in view below everything pinned at the top; when they
// do not fit, their top goes just below the pinned part. Nothing moves if
// they are already in view. (scrollIntoView cannot do this: it knows nothing
// of the sticky bars, and WebKit ignores scroll-margin for it in places.)
//
// `els` come most important first: when they do not all fit, the last ones
// are left out (a theme's heading before the question being typed).
export function reveal(...els) {
  let rects = els.filter(Boolean).map((e) => e.getBoundingClientRect());
  if (!rects.length) return;
  const pinned = pinnedHeight();
  const gap = 8;
  const span = (rs) => Math.max(...rs.map((r) => r.bottom)) - Math.min(...rs.map((r) => r.top));
  while (rects.length > 1 && span(rects) + 2 * gap > window.innerHeight - pinned) rects = rects.slice(0, -1);
  const top = Math.min(...rects.map((r) => r.top));
  const bottom = Math.max(...rects.map((r) => r.bottom));
  if (top >= pinned && bottom <= window.innerHeight) return;
  const room = window.innerHeight - pinned;
  const by = (top < pinned || bottom - top + 2 * gap > room)
    ? top - pinned - gap
    : bottom - window.innerHeight + gap;
  window.scrollBy(0, by);
}
