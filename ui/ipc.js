// The one module that talks to the Rust side. Views call these functions and
// never `invoke` directly, so every command the UI uses is listed here.
// Errors arrive as { code, message }; anything else is wrapped to that shape.

const invoke = (cmd, args) => {
  const tauri = window.__TAURI__;
  if (!tauri || !tauri.core) {
    return Promise.reject({ code: 'internal', message: 'The app’s connection to its core is missing. Restart Section 11 Panel.' });
  }
  return tauri.core.invoke(cmd, args).catch((e) => {
    if (e && typeof e === 'object' && 'code' in e && 'message' in e) throw e;
    throw { code: 'internal', message: String(e) };
  });
};

export const startInfo = () => invoke('start_info');
// Tells the shell a screen has painted (used only for start-up figures).
export const uiReady = (screen, sinceAskedMs = null) => invoke('ui_ready', { screen, sinceAskedMs }).catch(() => {});
// A refusal carries the path, so the start screen can offer that file's
// backup or ask for its passphrase, and whether a passphrase was tried (never
// the passphrase itself). `passphrase` is null for an unprotected audit.
export const openAudit = (path, passphrase = null) => invoke('open_audit', { path, passphrase })
  .catch((e) => { throw { ...e, path, withPassphrase: Boolean(passphrase) }; });
export const createAudit = (path, partnership, year, passphrase = null) =>
  invoke('create_audit', { path, partnership, year, passphrase });
export const openExample = () => invoke('open_example');
export const overview = () => invoke('overview');
export const closeAudit = () => invoke('close_audit');
export const chooseAuditToOpen = () => invoke('choose_open_paths', { kind: 'audit' }).then((p) => p[0] || null);
// Every `suggested` name below is words as typed (a partnership's or review's
// name, colons and all): the core makes it a safe file name for Windows and
// the rest (s11core::files::suggested_file_name), so views never clean it.
export const chooseNewAuditPath = (suggested) => invoke('choose_save_path', { kind: 'audit', suggested });
// Rolling backups (issue 8): the newest of a file, and putting it back in place.
export const latestBackup = (path) => invoke('latest_backup', { path });
// A protected audit's backups need its passphrase: a refusal says it came
// from here, so the passphrase form retries the backup, not the damaged file.
export const openLatestBackup = (path, passphrase = null) => invoke('open_latest_backup', { path, passphrase })
  .catch((e) => { throw { ...e, path, viaBackup: true, withPassphrase: Boolean(passphrase) }; });
// Encryption at rest (issue 8).
export const auditProtected = () => invoke('audit_protected');
export const protectAudit = (passphrase) => invoke('protect_audit', { passphrase });

// The workshop and set-up.
export const auditDoc = () => invoke('audit_doc');
export const minutesView = (review) => invoke('minutes_view', { review });
export const saveResponse = (review, question, text) => invoke('save_response', { review, question, text });
export const responseHistory = (review, question) => invoke('response_history', { review, question });
export const setThemeIncomplete = (review, theme, reason) => invoke('set_theme_incomplete', { review, theme, reason });
export const searchMinutes = (query) => invoke('search_minutes', { query });
export const addRecommendation = (review, theme, afterQuestion, forPartnership) =>
  invoke('add_recommendation', { review, theme, afterQuestion, forPartnership });
export const saveRecommendationText = (id, text) => invoke('save_recommendation_text', { id, text });
export const setRecommendationFor = (id, forPartnership) => invoke('set_recommendation_for', { id, forPartnership });
export const removeRecommendation = (id) => invoke('remove_recommendation', { id });
export const saveAuditDetails = (details) => invoke('save_audit_details', { details });
export const addPanelMember = (name, role, organisation) => invoke('add_panel_member', { name, role, organisation });
export const updatePanelMember = (id, name, role, organisation) => invoke('update_panel_member', { id, name, role, organisation });
export const removePanelMember = (id) => invoke('remove_panel_member', { id });
export const setChair = (id) => invoke('set_chair', { id });
export const addReview = (organisation, shortName) => invoke('add_review', { organisation, shortName });
export const saveReview = (id, details) => invoke('save_review', { id, details });
export const setReviewStatus = (id, status) => invoke('set_review_status', { id, status });
export const addContact = (id, contact) => invoke('add_contact', { id, contact });
export const removeContact = (id, index) => invoke('remove_contact', { id, index });
export const addTheme = (title) => invoke('add_theme', { title });
export const renameTheme = (id, title) => invoke('rename_theme', { id, title });
export const moveTheme = (id, by) => invoke('move_theme', { id, by });
export const removeTheme = (id) => invoke('remove_theme', { id });
export const addQuestion = (theme, text) => invoke('add_question', { theme, text });
export const saveQuestion = (id, text, points, followUp) => invoke('save_question', { id, text, points, followUp });
export const moveQuestion = (id, by) => invoke('move_question', { id, by });
export const removeQuestion = (id) => invoke('remove_question', { id });

// The workshop timer. Every call returns the timer's whole view (plan and
// state at the moment the core read the clock).
export const timerState = (review) => invoke('timer_state', { review });
export const timerStart = (review) => invoke('timer_start', { review });
export const timerPause = (review) => invoke('timer_pause', { review });
export const timerResume = (review) => invoke('timer_resume', { review });
export const timerNext = (review) => invoke('timer_next', { review });
export const timerPrevious = (review) => invoke('timer_previous', { review });
export const timerAddMinute = (review) => invoke('timer_add_minute', { review });
export const timerFinish = (review) => invoke('timer_finish', { review });
export const setSegmentMinutes = (review, index, minutes) => invoke('set_segment_minutes', { review, index, minutes });
export const setSessionLength = (review, minutes) => invoke('set_session_length', { review, minutes });
export const setTimerInReport = (review, include) => invoke('set_timer_in_report', { review, include });

/** Calls `handler` on every timer tick (once a second); resolves to a
 * function that stops it. The app sends ticks only while some timer bar
 * has asked for them, so a page without one is never woken. */
export const onTimerTick = async (handler) => {
  const tauri = window.__TAURI__;
  if (!tauri || !tauri.event) return () => {};
  const unlisten = await tauri.event.listen('timer-tick', () => handler());
  await invoke('timer_ticks', { shown: true });
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    unlisten();
    invoke('timer_ticks', { shown: false }).catch(() => {});
  };
};

// Minute-takers' notes (issue 7): minute packs, notes files, the merge.
export const minutePackInfo = () => invoke('minute_pack_info');
export const setPackAuthor = (name) => invoke('set_pack_author', { name });
export const chooseMinutePackPath = (suggested) => invoke('choose_save_path', { kind: 'minute_pack', suggested });
export const exportMinutePack = (review, path, passphrase) => invoke('export_minute_pack', { review, path, passphrase });
export const chooseNotesExportPath = (suggested) => invoke('choose_save_path', { kind: 'notes', suggested });
export const exportNotes = (path) => invoke('export_notes', { path });
export const chooseNotesFiles = () => invoke('choose_open_paths', { kind: 'notes' });
export const importNotes = (paths) => invoke('import_notes', { paths });
export const clearNoteFlag = (note) => invoke('clear_note_flag', { note });

/** Calls `handler(paths)` when files are dropped on the window. */
export const onFilesDropped = (handler) => {
  const tauri = window.__TAURI__;
  if (!tauri || !tauri.event) return Promise.resolve(() => {});
  return tauri.event.listen('files-dropped', (ev) => handler(Array.isArray(ev.payload) ? ev.payload : []));
};

// PDF exports (drawn by the core).
export const choosePdfPath = (title, suggested) => invoke('choose_save_path', { kind: 'pdf', title, suggested });
export const exportReportPdf = (path) => invoke('export_report_pdf', { path });
export const exportTemplatePdf = (path) => invoke('export_template_pdf', { path });
export const chooseDocxPath = (title, suggested) => invoke('choose_save_path', { kind: 'word', title, suggested });
export const exportReportWord = (path) => invoke('export_report_word', { path });

// Sign-off (issue 6). `review` is a review's id, or null for the report.
export const signOffState = (review) => invoke('sign_off_state', { review });
export const sendForAccuracyCheck = (review, sentBy, note) => invoke('send_for_accuracy_check', { review, sentBy, note });
export const signOff = (review, input, keyPassphrase) => invoke('sign_off', { review, input, keyPassphrase });
export const reopen = (review, name, role, reason) => invoke('reopen', { review, name, role, reason });
export const signOffTrail = () => invoke('sign_off_trail');
export const signOffProblems = () => invoke('sign_off_problems');
// The signing key (issue 14): remembered path, name and fingerprint only.
export const signingKey = () => invoke('signing_key');
export const chooseSigningKey = () => invoke('choose_signing_key');
export const createSigningKey = (name, role, passphrase) => invoke('create_signing_key', { name, role, passphrase });

// Page zoom (issue 15): the level, and setting it (kept for the next start).
export const zoom = () => invoke('zoom');
export const setZoom = (level) => invoke('set_zoom', { level });
export const timerGoToTheme = (review, theme) => invoke('timer_go_to_theme', { review, theme });
export const dateAsTyped = (iso) => invoke('date_as_typed', { iso });
// The core's rules for a new passphrase; rejects with its message.
export const checkNewPassphrase = (passphrase) => invoke('check_new_passphrase', { passphrase });

// Opens a file exported since the app started, or its folder (issue 15).
export const openExported = (path, folder) => invoke('open_exported', { path, folder });
// Next year's audit and last year's recommendations as actions (issue 18).
// `passphrase` null keeps a protected audit's passphrase for its successor.
export const startNextYear = (path, year, passphrase = null) => invoke('start_next_year', { path, year, passphrase });
export const actionsView = () => invoke('actions_view');
export const updateAction = (id, update) => invoke('update_action', { id, update });
// `kind` is 'csv' (for a spreadsheet) or 'pdf' (the action plan).
export const chooseActionsExportPath = (kind, suggested) => (kind === 'csv'
  ? invoke('choose_save_path', { kind: 'csv', title: 'Export the actions as CSV', suggested })
  : invoke('choose_save_path', { kind: 'pdf', title: 'Export the action plan', suggested }));
export const exportActions = (path, kind) => invoke('export_actions', { path, kind });

// The regional report (issue 17): a collation of partnerships' reports.
export const openRegion = (path) => invoke('open_region', { path });
export const createRegion = (path, name, year) => invoke('create_region', { path, name, year });
export const regionView = () => invoke('region_view');
export const closeRegion = () => invoke('close_region');
export const regionAdd = (paths, draft) => invoke('region_add', { paths, draft });
export const saveRegionSummary = (key, strengths, development) => invoke('save_region_summary', { key, strengths, development });
export const exportRegion = (path, word) => invoke('export_region', { path, word });
export const chooseRegionToOpen = () => invoke('choose_open_paths', { kind: 'region' }).then((p) => p[0] || null);
export const chooseNewRegionPath = (suggested) => invoke('choose_save_path', { kind: 'region', suggested });
export const chooseRegionInputs = () => invoke('choose_open_paths', { kind: 'region_inputs' });
