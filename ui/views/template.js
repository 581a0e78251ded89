// The question template editor: themes and their questions, with sub-points.
// Held reviews keep the questions they were asked, so edits here only change
// reviews still being planned (the core refuses an edit that would orphan a
// planned review's minutes, and says why).

import * as ipc from '../ipc.js';
import * as autosave from '../autosave.js';
import { h, replace, errorSummary } from '../dom.js';

// For an audit started from last year's (issue 18): what the chair has
// changed in the template since then, listed in words. Hidden otherwise.
function changesSinceLastYear() {
  const section = h('section', { class: 'panel', id: 'template-changes', 'aria-labelledby': 'h-template-changes', hidden: true });
  ipc.actionsView().then((v) => {
    if (!v) return;
    section.hidden = false;
    section.replaceChildren(
      h('h2', { id: 'h-template-changes' }, `Changes since the ${v.from_year} template`),
      v.template_changes.length
        ? h('ul', { id: 'template-changes-list' }, v.template_changes.map((c) => h('li', {}, c)))
        : h('p', { class: 'hint', id: 'template-changes-list' }, `No changes yet: this is the ${v.from_year} template as it was.`));
  }).catch(() => {});
  return section;
}

export async function renderTemplate(main, app, focusId) {
  let doc;
  try { doc = await ipc.auditDoc(); } catch (e) { replace(main, errorSummary(e)); return; }
  const errorBox = h('div', { id: 'template-error' });
  const act = async (fn, focus) => {
    await autosave.flush();
    try { await fn(); await renderTemplate(main, app, focus); } catch (e) { errorBox.replaceChildren(errorSummary(e)); errorBox.querySelector('.error-summary').focus(); }
  };
  const autosaved = (key, el, save) => {
    el.addEventListener('input', () => autosave.schedule(key, async () => {
      try { await save(); } catch (e) { errorBox.replaceChildren(errorSummary(e)); throw e; }
    }));
    el.addEventListener('blur', () => autosave.saveNow(key));
  };

  const themes = doc.template.themes.map((t, ti) => {
    const title = h('input', { type: 'text', id: `theme-title-${t.id}`, value: t.title, 'aria-label': `Theme ${ti + 1} title` });
    autosaved(`theme:${t.id}`, title, () => ipc.renameTheme(t.id, title.value));
    const questions = t.questions.map((q, qi) => {
      const label = `Question ${ti + 1}.${qi + 1}`;
      const text = h('textarea', { id: `question-${q.id}`, rows: '2', 'aria-label': label });
      text.value = q.text;
      const qPoints = q.points || [];
      const points = h('textarea', { rows: String(Math.max(2, qPoints.length)), 'aria-label': `${label}: sub-points, one per line` });
      points.value = qPoints.join('\n');
      const follow = h('input', { type: 'text', value: q.follow_up || '', 'aria-label': `${label}: follow-up question` });
      const save = () => ipc.saveQuestion(q.id, text.value, points.value.split('\n'), follow.value);
      for (const el of [text, points, follow]) autosaved(`question:${q.id}`, el, save);
      return h('li', { class: 'template-question' },
        h('div', { class: 'template-fields' },
          text,
          h('div', { class: 'sub' }, h('span', { class: 'hint' }, 'Sub-points, one per line (optional)'), points),
          h('div', { class: 'sub' }, h('span', { class: 'hint' }, 'Follow-up after the sub-points (optional)'), follow)),
        h('div', { class: 'row-actions' },
          h('button', { type: 'button', class: 'link-button', disabled: qi === 0, onclick: () => act(() => ipc.moveQuestion(q.id, -1), `question-${q.id}`) }, `Move ${label} up`),
          h('button', { type: 'button', class: 'link-button', disabled: qi === t.questions.length - 1, onclick: () => act(() => ipc.moveQuestion(q.id, 1), `question-${q.id}`) }, `Move ${label} down`),
          h('button', { type: 'button', class: 'link-button', onclick: () => act(() => ipc.removeQuestion(q.id)) }, `Remove ${label}`)));
    });
    const newQ = h('input', { type: 'text', id: `new-question-${t.id}`, 'aria-label': `New question for ${t.title}` });
    const addQ = h('form', { class: 'inline-form', novalidate: true }, newQ, h('button', { type: 'submit', class: 'button button-secondary' }, 'Add question'));
    addQ.addEventListener('submit', (ev) => { ev.preventDefault(); act(() => ipc.addQuestion(t.id, newQ.value), `new-question-${t.id}`); });
    return h('section', { class: 'template-theme' },
      h('div', { class: 'theme-head' }, h('span', { class: 'question-number' }, `${ti + 1}.`), title,
        h('div', { class: 'row-actions' },
          h('button', { type: 'button', class: 'link-button', disabled: ti === 0, onclick: () => act(() => ipc.moveTheme(t.id, -1), `theme-title-${t.id}`) }, 'Move theme up'),
          h('button', { type: 'button', class: 'link-button', disabled: ti === doc.template.themes.length - 1, onclick: () => act(() => ipc.moveTheme(t.id, 1), `theme-title-${t.id}`) }, 'Move theme down'),
          h('button', { type: 'button', class: 'link-button', onclick: () => act(() => ipc.removeTheme(t.id)) }, `Remove theme ${t.title}`))),
      h('ol', { class: 'template-questions' }, questions),
      addQ);
  });
  const newTheme = h('input', { type: 'text', id: 'new-theme' });
  const addTheme = h('form', { class: 'panel', novalidate: true },
    h('label', { for: 'new-theme' }, 'Add a theme'), newTheme, ' ', h('button', { type: 'submit', class: 'button' }, 'Add theme'));
  addTheme.addEventListener('submit', (ev) => { ev.preventDefault(); act(() => ipc.addTheme(newTheme.value), 'new-theme'); });

  replace(main,
    h('div', { class: 'title-row' },
      h('div', {}, h('span', { class: 'caption' }, `${doc.template.name}, version ${doc.template.version}`), h('h1', {}, 'Question template')),
      h('button', { type: 'button', class: 'button button-secondary', onclick: () => app.showOverviewAgain() }, 'Back to overview')),
    h('p', { class: 'hint' }, 'Changes apply to reviews still being planned. A held review keeps the questions it was asked.'),
    errorBox,
    changesSinceLastYear(),
    themes,
    addTheme);
  const el = focusId && document.getElementById(focusId);
  if (el) el.focus(); else main.focus();
}
