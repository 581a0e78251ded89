// Light or dark: the system's setting until the chair chooses one with the
// header button; the choice is kept in this computer's WebView storage (it
// is a preference, not audit content).

const KEY = 'section11-panel.theme';
const systemDark = window.matchMedia('(prefers-color-scheme: dark)');

function load() {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : null;
  } catch (_) {
    return null; // storage refused: follow the system
  }
}

let choice = load();

const current = () => choice || (systemDark.matches ? 'dark' : 'light');

// The button names the theme it switches to, so its label is its action.
function apply(button) {
  if (choice) document.documentElement.dataset.theme = choice;
  else delete document.documentElement.dataset.theme;
  button.textContent = current() === 'dark' ? 'Light theme' : 'Dark theme';
}

export function initTheme(button) {
  apply(button);
  systemDark.addEventListener('change', () => apply(button));
  button.addEventListener('click', () => {
    choice = current() === 'dark' ? 'light' : 'dark';
    try { localStorage.setItem(KEY, choice); } catch (_) { /* kept for this session only */ }
    apply(button);
  });
}
