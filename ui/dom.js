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
