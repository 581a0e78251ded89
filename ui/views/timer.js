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
import { clockTime } from '../dates.js';

// Kept across redraws of the minutes screen while the app runs: the sound
// (off at start), whether the minutes and the timer move together (on), and
// whether the full controls are shown (no: the bar stays one slim line).
let soundOn = false;
let followOn = true;
let moreOpen = false;
let stopTicks = null;

// Stops the current bar's ticks when its screen is left, so the app stops
// sending them at once (issue 22), not at the bar's next tick.
export function stopTimerTicks() {
  if (stopTicks) { stopTicks(); stopTicks = null; }
}

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
  return clockTime(new Date(utcSeconds * 1000));
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
 * Mounts the timer bar into `container` for `reviewId`. `hooks`:
 * `goToTheme(id)` moves the minutes to a theme; `themeNumber(id)` and
 * `themeCount` name theme segments as the minutes number them;
 * `markTheme(id | null)` marks the running theme in the side list;
 * `reviewStatus` is the review's status ("planned" asks, on Start, whether
 * to mark it held). Returns the actions the minutes screen's shortcuts call.
 */
export function mountTimerBar(container, app, reviewId, hooks) {
  let view = null;
  let busy = false;
  let lastSegment = null;
  let lastWarnings = null;
  let confirmingFinish = false;
  let reviewStatus = hooks.reviewStatus;

  // The slim line: what the chair glances at while typing.
  const segmentTitle = h('strong', { class: 'timer-segment-title', id: 'timer-segment-title' });
  const segmentLeft = h('span', { class: 'timer-big', id: 'timer-segment-left' });
  const sessionLeft = h('span', { id: 'timer-session-left' });
  const planState = h('span', { id: 'timer-plan-diff' });
  const warning = h('span', { class: 'timer-warning', id: 'timer-warning' });
  // Announced politely when a warning first appears, not every second as
  // the visible clock in the warning changes.
  const announce = h('span', { class: 'visually-hidden', id: 'timer-announce', 'aria-live': 'polite' });
  // The full controls, shown on demand.
  const statusLabel = h('span', { class: 'timer-status', id: 'timer-status' });
  const predictedEnd = h('span', { id: 'timer-predicted-end' });
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
  const together = h('input', { type: 'checkbox', id: 'timer-follow', checked: followOn });
  together.addEventListener('change', () => { followOn = together.checked; });
  const planButton = h('button', { type: 'button', class: 'link-button', id: 'timer-plan-toggle', 'aria-haspopup': 'dialog', onclick: () => openPlan() }, 'Session plan');
  const planClose = h('button', { type: 'button', class: 'button button-secondary', id: 'timer-plan-close', onclick: () => planDialog.close() }, 'Close');
  const planPanel = h('div', { class: 'timer-plan-body' });
  // The plan opens over the minutes where the chair is, and closing it
  // returns there (issue 15: it used to open at the top of the page).
  const planDialog = h('dialog', { class: 'dialog timer-plan', id: 'timer-plan', 'aria-labelledby': 'timer-plan-title' },
    h('h2', { class: 'timer-plan-title', id: 'timer-plan-title' }, 'Session plan'), planPanel, h('div', { class: 'button-group' }, planClose));
  let planReturn = null;
  planDialog.addEventListener('close', () => {
    if (planReturn && planReturn.isConnected) planReturn.focus({ preventScroll: true });
    planReturn = null;
  });
  function openPlan() {
    planReturn = document.activeElement;
    drawPlan();
    planDialog.showModal();
    // The first field, so the plan opens at its top.
    (planDialog.querySelector('#timer-length') || planClose).focus();
  }

  // Starting the timer can mark the review held; asked once, when it starts.
  const heldAsk = h('span', { class: 'timer-confirm', id: 'timer-held-ask', hidden: true },
    h('span', {}, 'The workshop has started: mark this review as held?'),
    h('button', { type: 'button', class: 'button', id: 'timer-mark-held', onclick: async () => {
      heldAsk.hidden = true;
      try { await ipc.setReviewStatus(reviewId, 'held'); reviewStatus = 'held'; } catch (e) { app.notify(e); }
      toggle.focus();
    } }, 'Mark as held'),
    h('button', { type: 'button', class: 'button button-secondary', id: 'timer-not-held', onclick: () => { heldAsk.hidden = true; toggle.focus(); } }, 'Not now'));

  const more = h('button', { type: 'button', class: 'button button-secondary timer-more', id: 'timer-more', 'aria-expanded': String(moreOpen), 'aria-controls': 'timer-details', onclick: () => {
    moreOpen = !moreOpen;
    drawMore();
  } });
  const details = h('div', { class: 'timer-details', id: 'timer-details', hidden: !moreOpen },
    h('div', { class: 'timer-facts' },
      statusLabel, h('span', {}, 'Predicted end ', predictedEnd), goToTheme),
    h('div', { class: 'timer-controls' },
      previous, addMinute, finish, confirm,
      h('span', { class: 'timer-options' },
        h('span', { class: 'timer-check' }, together, h('label', { for: 'timer-follow', class: 'inline-label' }, 'Minutes and timer move together')),
        h('span', { class: 'timer-check' }, sound, h('label', { for: 'timer-sound', class: 'inline-label' }, 'Sound')),
        planButton)));
  function drawMore() {
    more.setAttribute('aria-expanded', String(moreOpen));
    more.replaceChildren(moreOpen ? 'Less' : 'More', h('span', { class: 'visually-hidden' }, ' timer controls'));
    details.hidden = !moreOpen;
  }
  drawMore();

  const bar = h('section', { class: 'timer-bar', id: 'timer-bar', 'aria-label': 'Workshop timer' },
    h('div', { class: 'timer-line' },
      h('span', { class: 'timer-now' }, segmentTitle, ' ', segmentLeft),
      h('span', { class: 'timer-session' }, 'Session ', sessionLeft),
      h('span', { class: 'timer-against' }, planState),
      warning,
      h('span', { class: 'timer-line-controls' }, toggle, next, more)),
    heldAsk,
    details,
    announce);
  // First on the screen and a direct child of it, so it can stay in view.
  container.prepend(bar);
  container.append(planDialog);

  // Sticky under the status line. Placed whenever either changes size: a
  // ResizeObserver is told after layout, so measuring there never forces a
  // layout of the whole screen (issue 9).
  const status = document.getElementById('status');
  let pinnedBefore = 0;
  function placeSticky() {
    const top = status ? status.getBoundingClientRect().height : 0;
    bar.style.top = `${top}px`;
    const pinned = Math.round(top + bar.getBoundingClientRect().height);
    document.documentElement.style.setProperty('--timer-sticky', `${pinned}px`);
    // A taller bar (a warning, a question, the full controls) must not come
    // down over the box being typed in: it is brought back into view.
    if (pinned > pinnedBefore && hooks.keepInView) hooks.keepInView();
    pinnedBefore = pinned;
  }
  const sizes = new ResizeObserver(placeSticky);
  sizes.observe(bar);
  if (status) sizes.observe(status);

  // "Theme 2 of 7: Leadership", "Opening: Welcome and introductions".
  function segmentName(seg) {
    if (!seg) return 'Add segments to the plan';
    if (seg.kind.type === 'opening') return `Opening: ${seg.title}`;
    if (seg.kind.type === 'closing') return `Closing: ${seg.title}`;
    const n = hooks.themeNumber ? hooks.themeNumber(seg.kind.theme_id) : 0;
    return n > 0 ? `Theme ${n} of ${hooks.themeCount}: ${seg.title}` : seg.title;
  }
  function segmentWord(seg) {
    return !seg || seg.kind.type === 'theme' ? 'theme' : `${seg.kind.type} segment`;
  }
  // The warning says the time the clock shows (issue 15: it said "2 minutes
  // left" while the clock showed 0:24).
  function warningText(w, state, seg) {
    switch (w) {
      case 'segment_two_minutes': return `${clock(state.segment_left_seconds)} left in this ${segmentWord(seg)}`;
      case 'segment_ended': return `Time is up for this ${segmentWord(seg)}`;
      case 'session_five_minutes': return `${clock(state.session_left_seconds)} left in the session`;
      case 'session_ended': return 'The session’s time is up';
      default: return '';
    }
  }

  // ----- Drawing -----
  function draw() {
    if (!view) return;
    const { state, plan } = view;
    const count = plan.segments.length;
    const seg = plan.segments[state.current_segment];
    const started = state.status !== 'not_started';
    const finished = state.status === 'finished';
    statusLabel.textContent = {
      not_started: 'Not started',
      running: 'Running',
      paused: 'Paused',
      finished: `Finished at ${timeOfDay(state.predicted_end)}`,
    }[state.status];
    if (finished) {
      segmentTitle.textContent = 'Workshop timer finished';
      segmentLeft.textContent = `${clock(state.session_elapsed_seconds)} of meeting time`;
    } else {
      segmentTitle.textContent = `${state.status === 'paused' ? 'Paused · ' : ''}${segmentName(seg)}`;
      segmentLeft.textContent = left(state.segment_left_seconds);
    }
    segmentLeft.classList.toggle('timer-over', !finished && state.segment_left_seconds < 0);
    sessionLeft.textContent = finished ? `${clock(state.session_elapsed_seconds)} used` : left(state.session_left_seconds);
    predictedEnd.textContent = finished ? timeOfDay(state.predicted_end) : `${timeOfDay(state.predicted_end)}${started ? '' : ' if started now'}`;
    planState.textContent = planDiff(state);
    goToTheme.hidden = !(started && !finished && seg && seg.kind.type === 'theme');
    if (hooks.markTheme) hooks.markTheme(started && !finished && seg && seg.kind.type === 'theme' ? seg.kind.theme_id : null);

    toggle.textContent = { not_started: 'Start', running: 'Pause', paused: 'Resume', finished: 'Finished' }[state.status];
    toggle.title = 'Start, pause or resume (Alt+S)';
    toggle.disabled = finished || count === 0;
    previous.disabled = !started || finished || state.current_segment === 0;
    next.disabled = !started || finished || state.current_segment >= count - 1;
    addMinute.disabled = !started || finished;
    finish.hidden = !started || finished || confirmingFinish;
    confirm.hidden = !confirmingFinish || finished;

    // Words, not colour alone; announced politely, and only when they change.
    const words = state.warnings.map((w) => warningText(w, state, seg)).filter(Boolean);
    const text = words.join(' · ');
    if (warning.textContent !== text) warning.textContent = text;
    const kinds = state.warnings.join(' ');
    if (lastWarnings !== null && kinds !== lastWarnings.join(' ')) announce.textContent = text;
    bar.classList.toggle('timer-warned', words.length > 0);
    if (lastWarnings !== null && soundOn && state.warnings.some((w) => !lastWarnings.includes(w))) beep();
    lastWarnings = state.warnings;

    if (lastSegment !== null && lastSegment !== state.current_segment && state.status === 'running') follow(lastSegment, state.current_segment);
    lastSegment = state.current_segment;
    updateActuals();
  }

  function follow(from, to) {
    const seg = view.plan.segments[to];
    if (!followOn || !seg || seg.kind.type !== 'theme') return;
    const before = view.plan.segments[from];
    const focused = document.activeElement;
    const writing = focused && focused.matches('textarea, input[type="text"], input:not([type])');
    const section = focused && focused.closest('section.theme-section');
    const inLeftTheme = before && before.kind.type === 'theme' && section && section.id === `theme-${before.kind.theme_id}`;
    if (!writing || inLeftTheme) hooks.goToTheme(seg.kind.theme_id);
  }

  // The minutes moved to `themeId` (from `fromTheme`, when moving on with
  // Alt+Down): the timer follows if it is running on another theme, and, when
  // `fromTheme` is given, only if it was on that theme (keeping pace).
  async function minutesMovedTo(themeId, fromTheme) {
    if (!followOn || !view) return;
    const { state, plan } = view;
    if (state.status !== 'running' && state.status !== 'paused') return;
    const seg = plan.segments[state.current_segment];
    const on = seg && seg.kind.type === 'theme' ? seg.kind.theme_id : null;
    if (on === themeId) return;
    if (fromTheme !== undefined && on !== fromTheme) return;
    try {
      const moved = await ipc.timerGoToTheme(reviewId, themeId);
      if (moved) {
        view = moved;
        lastSegment = view.state.current_segment; // the minutes are there already
        draw();
        if (planDialog.open) drawPlan();
      }
    } catch (e) { app.notify(e); }
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
    const finished = view && view.state.status === 'finished';
    planButton.textContent = finished ? 'Planned and actual times' : 'Session plan';
    actualCells.length = 0;
    if (!planDialog.open && !planReturn || !view) return;
    const { plan, state } = view;
    const started = state.status !== 'not_started';
    const rows = plan.segments.map((s, i) => {
      const actual = h('td', { class: 'num', id: `timer-actual-${i}` });
      actualCells[i] = actual;
      const added = state.segments[i] ? state.segments[i].extended_seconds : 0;
      return h('tr', { class: i === state.current_segment && started ? 'timer-current-row' : null },
        h('th', { scope: 'row' }, segmentName(s)),
        h('td', { class: 'num' }, numberInput(`timer-minutes-${i}`, s.minutes, `Minutes for ${s.title}`, (n) => edit(() => ipc.setSegmentMinutes(reviewId, i, n), `timer-minutes-${i}`))),
        h('td', { class: 'num' }, added ? `+${clock(added)}` : '–'),
        actual);
    });
    const mismatch = view.mismatch;
    const length = numberInput('timer-length', plan.length_minutes, 'Session length in minutes', (n) => edit(() => ipc.setSessionLength(reviewId, n), 'timer-length'));
    const include = h('input', { type: 'checkbox', id: 'timer-in-report', checked: view.include_in_report });
    include.addEventListener('change', () => edit(() => ipc.setTimerInReport(reviewId, include.checked), 'timer-in-report'));
    planPanel.replaceChildren(
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
    const starting = view.state.status === 'not_started';
    const call = { not_started: ipc.timerStart, running: ipc.timerPause, paused: ipc.timerResume }[view.state.status];
    if (!call) return;
    act(call).then(() => {
      if (starting && view.state.status === 'running' && reviewStatus === 'planned') heldAsk.hidden = false;
    });
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
    minutesMovedTo,
    destroy: stop,
  };
}
