// The About panel: what the app is, its version and licence, and what it
// keeps where. A modal <dialog>: Escape closes it and the focus returns to
// the About button.

import { h } from '../dom.js';

export function showAbout(info) {
  const close = h('button', { type: 'button', class: 'button', id: 'about-close' }, 'Close');
  const dialog = h('dialog', { class: 'about', id: 'about', 'aria-labelledby': 'about-title' },
    h('h2', { id: 'about-title' }, 'About Section 11 Panel'),
    h('p', { id: 'about-version' }, info.version ? `Version ${info.version}` : 'Version not known'),
    h('p', {}, 'For Safeguarding Children Partnerships’ Section 11 peer review panels: plan the workshops, take the minutes, and produce the report.'),
    h('h3', {}, 'What it keeps, and where'),
    h('ul', {},
      h('li', {}, 'Each audit is one .s11 file, kept wherever you saved it. Minutes can name children, families and staff: keep audit files on an encrypted disk.'),
      h('li', {}, 'The list of recent audits, the example audit and the window’s size and place are kept in this folder:',
        h('br'), h('code', { id: 'about-data-folder' }, info.data_folder || 'the app’s data folder')),
      h('li', {}, 'Your choice of light or dark theme is kept by the window on this computer.'),
      h('li', {}, 'Nothing is sent over the network. Exports are written only where you choose.')),
    h('h3', {}, 'Licence'),
    h('p', {}, 'Free software under the MIT licence: you may use, copy and change it. It comes with no warranty.'),
    h('div', { class: 'button-group' }, close));
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  close.focus();
}
