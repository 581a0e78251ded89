// The workshop timer bar at the top of the minutes screen, and its plan
// panel. The page keeps no time of its own: on every tick from the Rust side
// it asks for the timer's view, which the core replays from the events stored
// in the .s11 file. So a restarted app shows the right time at once, and a
// slow or missed tick only leaves the display a second behind.
//
// Following the running segment: when the chair moves to another segment
// (Next, Previous, or their shortcuts) and it is a theme, the minutes move to
// that theme's first question, unless the chair is writing elsewhere. The
// rule: follow when the focus is not in a text field, or is in the theme of
// the segment just left (the chair is keeping pace with the plan). When the
// focus is in a text field of some other theme (catching up on earlier
// minutes), it stays there and the bar offers "Go to this theme" instead.

import * as ipc from '../ipc.js';
import { h } from '../dom.js';

const WARNING_TEXT = {
  segment_two_minutes: '2 minutes left in this segment',
  segment_ended: 'Time is up for this segment',
  session_five_minutes: '5 minutes left in the session',
  session_ended: 'The session’s time is up',
};

// Kept across redraws of the minutes screen while the app runs; off at start.
let soundOn = false;
const planOpen = new Set();
let stopTicks = null;

/** "4:05", "1:02:03"; never negative (callers say "over"). */
function clock(seconds) {
  const s = Math.abs(Math.trunc(seconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const secs = String(s % 60).padStart(2, '0');
  return hours ? `${hours}:${String(minutes).padStart(2, '0')}:${secs}` : `${minutes}:${secs}`;
}

function left(seconds) {
  return seconds < 0 ? `${clock(seconds)} over` : `${clock(seconds)} left`;
}

/** Local time of day, 24-hour, as the chair's clock shows it. */
function timeOfDay(utcSeconds) {
  return new Date(utcSeconds * 1000).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false });
}

function minutesWord(n) {
  return `${n} ${n === 1 ? 'minute' : 'minutes'}`;
}

function planDiff(state) {
  if (state.status === 'not_started') return 'Not started';
  const minutes = Math.round(Math.abs(state.behind_plan_seconds) / 60);
  if (minutes === 0) return 'On plan';
  const ahead = state.behind_plan_seconds < 0;
  if (state.status === 'finished') return `${minutes} min ${ahead ? 'shorter' : 'longer'} than planned`;
  return `${minutes} min ${ahead ? 'ahead of' : 'behind'} plan`;
}

let audio = null;
/** A short, quiet beep; no sound files. Fails silently where audio is unavailable. */
function beep() {
  try {
    audio = audio || new AudioContext();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = 'sine';
    osc.frequency.value = 880;
    const t = audio.currentTime;
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.2, t + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.35);
    osc.connect(gain).connect(audio.destination);
    osc.start(t);
    osc.stop(t + 0.4);
  } catch (_) { /* the visual warning is always there */ }
}

/**
 * Mounts the timer bar into `container` for `reviewId`. `hooks.goToTheme(id)`
 * moves the minutes to a theme. Returns the actions the minutes screen's
 * shortcuts call.
 */
export function mountTimerBar(container, app, reviewId, hooks) {
  let view = null;
  let busy = false;
  let lastSegment = null;
  let lastWarnings = null;
  let confirmingFinish = false;

  const statusLabel = h('span', { class: 'timer-status', id: 'timer-status' });
  const segmentTitle = h('strong', { class: 'timer-segment-title', id: 'timer-segment-title' });
  const segmentLeft = h('span', { class: 'timer-big', id: 'timer-segment-left' });
  const sessionLeft = h('dd', { id: 'timer-session-left' });
  const predictedEnd = h('dd', { id: 'timer-predicted-end' });
  const planState = h('dd', { id: 'timer-plan-diff' });
  const warning = h('p', { class: 'timer-warning', id: 'timer-warning', 'aria-live': 'polite' });
  const goToTheme = h('button', { type: 'button', class: 'link-button small', id: 'timer-go-to-theme', hidden: true, onclick: () => {
    const seg = view && view.plan.segments[view.state.current_segment];
    if (seg && seg.kind.type === 'theme') hooks.goToTheme(seg.kind.theme_id);
  } }, 'Go to this theme');

  const toggle = h('button', { type: 'button', class: 'button timer-toggle', id: 'timer-toggle', onclick: () => toggleRun() }, 'Start');
  const previous = h('button', { type: 'button', class: 'button button-secondary', id: 'timer-previous', title: 'Previous segment (Alt+,)', onclick: () => move(-1) }, 'Previous');
  const next = h('button', { type: 'button', class: 'button button-secondary', id: 'timer-next', title: 'Next segment (Alt+.)', onclick: () => move(1) }, 'Next');
  const addMinute = h('button', { type: 'button', class: 'button button-secondary', id: 'timer-add-minute', title: 'Add a minute to this segment (Alt+M)', onclick: () => extend() }, '+1 min');
  const finish = h('button', { type: 'button', class: 'button button-secondary', id: 'timer-finish', onclick: () => { confirmingFinish = true; draw(); } }, 'Finish…');
  const confirm = h('span', { class: 'timer-confirm', id: 'timer-confirm', hidden: true },
    h('span', {}, 'Finish the timer? Its record is then fixed.'),
    h('button', { type: 'button', class: 'button button-warning', id: 'timer-finish-confirm', onclick: () => { confirmingFinish = false; act(ipc.timerFinish); } }, 'Finish now'),
    h('button', { type: 'button', class: 'button button-secondary', onclick: () => { confirmingFinish = false; draw(); toggle.focus(); } }, 'Cancel'));
  const sound = h('input', { type: 'checkbox', id: 'timer-sound', checked: soundOn });
  sound.addEventListener('change', () => {
    soundOn = sound.checked;
    if (soundOn) beep(); // the chair hears what it sounds like, and the audio is unlocked
  });
  const planButton = h('button', { type: 'button', class: 'link-button', id: 'timer-plan-toggle', 'aria-expanded': 'false', 'aria-controls': 'timer-plan', onclick: () => {
    if (planOpen.has(reviewId)) planOpen.delete(reviewId); else planOpen.add(reviewId);
    drawPlan();
  } }, 'Session plan');
  const planPanel = h('div', { class: 'timer-plan', id: 'timer-plan', hidden: true });

  const bar = h('section', { class: 'timer-bar', id: 'timer-bar', 'aria-label': 'Workshop timer' },
    h('div', { class: 'timer-row' },
      h('div', { class: 'timer-now' },
        h('div', { class: 'timer-caption' }, statusLabel, ' ', goToTheme),
        h('div', {}, segmentTitle),
        segmentLeft),
      h('dl', { class: 'timer-facts' },
        h('div', {}, h('dt', {}, 'Session'), sessionLeft),
        h('div', {}, h('dt', {}, 'Predicted end'), predictedEnd),
        h('div', {}, h('dt', {}, 'Against the plan'), planState)),
      h('div', { class: 'timer-controls' },
        toggle, previous, next, addMinute, finish, confirm,
        h('span', { class: 'timer-options' },
          h('span', { class: 'timer-sound' }, sound, h('label', { for: 'timer-sound', class: 'inline-label' }, 'Sound')),
          planButton))),
    warning);
  // First on the screen and a direct child of it, so it can stay in view.
  // The plan panel follows it unpinned: open, it must not cover the minutes.
  container.prepend(bar, planPanel);

  // Sticky under the status line, whose height comes and goes with its text.
  // Placed whenever either changes size: a ResizeObserver is told after
  // layout, so measuring there never forces a layout of the whole screen
  // (measuring as the bar was first drawn did: ~100 ms on a long review,
  // before the off-screen themes could be skipped; issue 9).
  const status = document.getElementById('status');
  function placeSticky() {
    const top = status ? status.getBoundingClientRect().height : 0;
    bar.style.top = `${top}px`;
    document.documentElement.style.setProperty('--timer-sticky', `${Math.round(top + bar.getBoundingClientRect().height)}px`);
  }
  const sizes = new ResizeObserver(placeSticky);
  sizes.observe(bar);
  if (status) sizes.observe(status);

  // ----- Drawing -----
  function draw() {
    if (!view) return;
    const { state, plan } = view;
    const count = plan.segments.length;
    const seg = plan.segments[state.current_segment];
    const started = state.status !== 'not_started';
    const finished = state.status === 'finished';
    const where = count ? `Segment ${state.current_segment + 1} of ${count}` : 'No segments';
    statusLabel.textContent = {
      not_started: `Not started · ${where}`,
      running: where,
      paused: `Paused · ${where}`,
      finished: `Finished at ${timeOfDay(state.predicted_end)}`,
    }[state.status];
    if (finished) {
      segmentTitle.textContent = 'Workshop timer finished';
      segmentLeft.textContent = `${clock(state.session_elapsed_seconds)} of meeting time`;
    } else {
      segmentTitle.textContent = seg ? seg.title : 'Add segments to the plan';
      segmentLeft.textContent = left(state.segment_left_seconds);
    }
    segmentLeft.classList.toggle('timer-over', !finished && state.segment_left_seconds < 0);
    sessionLeft.textContent = finished ? `${clock(state.session_elapsed_seconds)} used` : left(state.session_left_seconds);
    predictedEnd.textContent = finished ? timeOfDay(state.predicted_end) : `${timeOfDay(state.predicted_end)}${started ? '' : ' if started now'}`;
    planState.textContent = planDiff(state);
    goToTheme.hidden = !(started && !finished && seg && seg.kind.type === 'theme');

    toggle.textContent = { not_started: 'Start', running: 'Pause', paused: 'Resume', finished: 'Finished' }[state.status];
    toggle.title = 'Start, pause or resume (Alt+S)';
    toggle.disabled = finished || count === 0;
    previous.disabled = !started || finished || state.current_segment === 0;
    next.disabled = !started || finished || state.current_segment >= count - 1;
    addMinute.disabled = !started || finished;
    finish.hidden = !started || finished || confirmingFinish;
    confirm.hidden = !confirmingFinish || finished;

    // Words, not colour alone; announced politely, and only when they change.
    const words = state.warnings.map((w) => WARNING_TEXT[w]).filter(Boolean);
    const key = words.join(' · ');
    if (warning.textContent !== key) warning.textContent = key;
    bar.classList.toggle('timer-warned', words.length > 0);
    if (lastWarnings !== null && soundOn && state.warnings.some((w) => !lastWarnings.includes(w))) beep();
    lastWarnings = state.warnings;

    if (lastSegment !== null && lastSegment !== state.current_segment && state.status === 'running') follow(lastSegment, state.current_segment);
    lastSegment = state.current_segment;
    updateActuals();
  }

  function follow(from, to) {
    const seg = view.plan.segments[to];
    if (!seg || seg.kind.type !== 'theme') return;
    const before = view.plan.segments[from];
    const focused = document.activeElement;
    const writing = focused && focused.matches('textarea, input[type="text"], input:not([type])');
    const section = focused && focused.closest('section.theme-section');
    const inLeftTheme = before && before.kind.type === 'theme' && section && section.id === `theme-${before.kind.theme_id}`;
    if (!writing || inLeftTheme) hooks.goToTheme(seg.kind.theme_id);
  }

  // ----- The plan panel -----
  const actualCells = [];
  function updateActuals() {
    if (!view) return;
    view.state.segments.forEach((r, i) => {
      const cell = actualCells[i];
      if (cell) cell.textContent = view.state.status === 'not_started' ? '–' : clock(r.actual_seconds);
    });
  }

  function numberInput(id, value, label, onSave) {
    const input = h('input', { type: 'number', id, min: '0', max: '720', step: '1', inputmode: 'numeric', class: 'timer-minutes', 'aria-label': label });
    input.value = String(value);
    input.addEventListener('change', () => {
      const n = Number(input.value);
      if (!Number.isInteger(n) || n < 0 || n > 720) {
        app.notify({ message: `${label}: enter a whole number of minutes from 0 to 720.` });
        return;
      }
      onSave(n);
    });
    return input;
  }

  function drawPlan() {
    const open = planOpen.has(reviewId);
    planButton.setAttribute('aria-expanded', String(open));
    const finished = view && view.state.status === 'finished';
    planButton.textContent = open ? 'Hide the session plan' : finished ? 'Planned and actual times' : 'Session plan';
    planPanel.hidden = !open;
    actualCells.length = 0;
    if (!open || !view) return;
    const { plan, state } = view;
    const started = state.status !== 'not_started';
    const rows = plan.segments.map((s, i) => {
      const actual = h('td', { class: 'num', id: `timer-actual-${i}` });
      actualCells[i] = actual;
      const added = state.segments[i] ? state.segments[i].extended_seconds : 0;
      return h('tr', { class: i === state.current_segment && started ? 'timer-current-row' : null },
        h('th', { scope: 'row' }, `${i + 1}. ${s.title}`),
        h('td', { class: 'num' }, numberInput(`timer-minutes-${i}`, s.minutes, `Minutes for ${s.title}`, (n) => edit(() => ipc.setSegmentMinutes(reviewId, i, n), `timer-minutes-${i}`))),
        h('td', { class: 'num' }, added ? `+${clock(added)}` : '–'),
        actual);
    });
    const mismatch = view.mismatch;
    const length = numberInput('timer-length', plan.length_minutes, 'Session length in minutes', (n) => edit(() => ipc.setSessionLength(reviewId, n), 'timer-length'));
    const include = h('input', { type: 'checkbox', id: 'timer-in-report', checked: view.include_in_report });
    include.addEventListener('change', () => edit(() => ipc.setTimerInReport(reviewId, include.checked), 'timer-in-report'));
    planPanel.replaceChildren(
      h('h2', { class: 'timer-plan-title' }, 'Session plan'),
      h('div', { class: 'field timer-length-field' }, h('label', { for: 'timer-length' }, 'Session length (minutes)'), length),
      h('table', { class: 'table timer-table' },
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, 'Segment'),
          h('th', { scope: 'col', class: 'num' }, 'Planned (minutes)'),
          h('th', { scope: 'col', class: 'num' }, 'Added'),
          h('th', { scope: 'col', class: 'num' }, 'Actual'))),
        h('tbody', {}, rows),
        h('tfoot', {}, h('tr', {},
          h('th', { scope: 'row' }, 'Total'),
          h('td', { class: 'num', id: 'timer-total' }, minutesWord(view.total_minutes)),
          h('td', {}), h('td', {})))),
      mismatch ? h('p', { class: 'timer-mismatch', id: 'timer-mismatch', role: 'note' },
        `The segments add up to ${minutesWord(view.total_minutes)}: ${minutesWord(Math.abs(mismatch))} ${mismatch > 0 ? 'more' : 'less'} than the ${plan.length_minutes}-minute session.`)
        : h('p', { class: 'hint' }, `The segments fill the ${plan.length_minutes}-minute session.`),
      started ? h('p', { class: 'hint' }, 'Once the timer has started the segments stay as they are; their minutes can still be changed.') : null,
      h('div', { class: 'incomplete-toggle' }, include, h('label', { for: 'timer-in-report', class: 'inline-label' }, 'Include the planned and actual times in the report')));
    updateActuals();
  }

  // ----- Actions -----
  async function refresh() {
    if (!bar.isConnected) { stop(); return; }
    if (busy) return;
    busy = true;
    try {
      const first = view === null;
      view = await ipc.timerState(reviewId);
      draw();
      if (first) drawPlan();
    } catch (e) {
      // A refused replay (a damaged record) is shown once, not every second.
      if (!view) segmentTitle.textContent = 'The timer cannot be shown';
      if (!refresh.failed) app.notify(e);
      refresh.failed = true;
    } finally {
      busy = false;
    }
  }

  async function act(call) {
    try {
      view = await call(reviewId);
      draw();
      drawPlan();
    } catch (e) { app.notify(e); }
  }

  async function edit(call, focusId) {
    try {
      view = await call();
      draw();
      drawPlan();
      const el = document.getElementById(focusId);
      if (el) el.focus();
    } catch (e) { app.notify(e); drawPlan(); }
  }

  function toggleRun() {
    if (!view) return;
    const call = { not_started: ipc.timerStart, running: ipc.timerPause, paused: ipc.timerResume }[view.state.status];
    if (call) act(call);
  }
  function move(by) { act(by > 0 ? ipc.timerNext : ipc.timerPrevious); }
  function extend() { act(ipc.timerAddMinute); }

  // One tick listener at a time: a redrawn minutes screen replaces the old
  // bar, and a bar no longer on the page stops its own.
  let unlisten = null;
  let stopped = false;
  function stop() {
    stopped = true;
    sizes.disconnect();
    if (unlisten) { unlisten(); unlisten = null; }
  }
  if (stopTicks) stopTicks();
  stopTicks = stop;
  ipc.onTimerTick(refresh).then((u) => { if (stopped) u(); else unlisten = u; });
  refresh();

  return {
    toggle: toggleRun,
    next: () => move(1),
    previous: () => move(-1),
    addMinute: extend,
    destroy: stop,
  };
}
