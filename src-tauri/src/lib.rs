//! The desktop app: a thin Tauri shell over `s11core`. Each command takes its
//! arguments, calls the core, and maps the error; decisions about audits live
//! in the core.

mod backup;
mod error;
mod exported;
mod lockdown;
mod next_year;
mod notes;
mod protect;
mod recent;
mod report;
mod signing_key;
mod signoff;
mod timer;
pub mod webkit_env;
mod window_state;
mod workshop;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use s11core::audit::{audit_year_for, check_year, AuditDoc};
use s11core::dates::Timestamp;
use s11core::overview::Overview;
use s11core::{example, new_id, Store};
use serde::Serialize;
use tauri::{Manager, State};

use error::AppError;
use recent::RecentFile;

pub(crate) type CmdResult<T> = Result<T, AppError>;

/// Where the app keeps its own files (the example copy, the recent list).
/// `S11_DATA_DIR` overrides it so tests never touch a real user's folder.
struct Folders {
    data: PathBuf,
}

impl Folders {
    fn recent_list(&self) -> PathBuf {
        self.data.join("recent.json")
    }
    /// Rolling backups, one folder per audit (see `s11core::backups`).
    fn backups(&self) -> PathBuf {
        self.data.join("backups")
    }
    /// Which signing key this person signs with (never its passphrase).
    fn signing_key(&self) -> PathBuf {
        self.data.join("signing-key.json")
    }
    fn example(&self) -> PathBuf {
        self.data
            .join("example")
            .join("South Gloucestershire 2021-22 (example).s11")
    }
}

/// The audit this window has open. The `Store` holds the file's exclusive
/// lock; dropping it releases the file.
#[derive(Default)]
pub(crate) struct OpenAudit(Mutex<Option<Store>>);

/// A file named on the command line (or by the file manager) to open first.
struct InitialFile(Option<PathBuf>);

pub(crate) fn now() -> Timestamp {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(0))
        .unwrap_or(0);
    Timestamp(secs)
}

#[derive(Serialize)]
struct StartInfo {
    recent: Vec<RecentFile>,
    /// A file given on the command line, which the UI opens at once.
    initial_file: Option<String>,
    /// The audit year today falls in, to pre-fill "New audit".
    current_year: String,
    version: &'static str,
    /// Where the app keeps its own files, for the About panel.
    data_folder: String,
}

#[tauri::command]
fn start_info(folders: State<'_, Folders>, initial: State<'_, InitialFile>) -> StartInfo {
    StartInfo {
        recent: recent::list(&folders.recent_list()),
        initial_file: initial.0.as_ref().map(|p| p.to_string_lossy().into_owned()),
        current_year: audit_year_for(now().date()),
        version: env!("CARGO_PKG_VERSION"),
        data_folder: folders.data.to_string_lossy().into_owned(),
    }
}

pub(crate) fn lock(open: &OpenAudit) -> CmdResult<std::sync::MutexGuard<'_, Option<Store>>> {
    open.0
        .lock()
        .map_err(|_| AppError::Internal("the open audit's lock was poisoned".into()))
}

/// Makes `store` this window's audit (closing any other) and returns its overview.
fn show(store: Store, path: &Path, open: &OpenAudit, folders: &Folders) -> CmdResult<Overview> {
    let overview = Overview::of(&store.load()?);
    let protected = store.is_protected();
    let mut current = lock(open)?;
    if let Some(previous) = current.as_ref() {
        backup::backup(previous, &folders.backups());
    }
    *current = Some(store);
    drop(current);
    // A protected audit's partnership stays inside it (see `recent`).
    let title = (!protected).then(|| format!("{} {}", overview.partnership, overview.year));
    recent::remember(&folders.recent_list(), path, title);
    Ok(overview)
}

#[tauri::command]
fn open_audit(
    path: String,
    passphrase: Option<String>,
    open: State<'_, OpenAudit>,
    folders: State<'_, Folders>,
) -> CmdResult<Overview> {
    let path = PathBuf::from(path);
    // Let go of the current audit first, so reopening the same file works.
    if lock(&open)?.as_ref().and_then(|s| s.path()) == Some(path.as_path()) {
        *lock(&open)? = None;
    }
    let store = Store::open_with(&path, protect::given(passphrase.as_deref()))?;
    show(store, &path, &open, &folders)
}

#[tauri::command]
fn create_audit(
    path: String,
    partnership: String,
    year: String,
    passphrase: Option<String>,
    open: State<'_, OpenAudit>,
    folders: State<'_, Folders>,
) -> CmdResult<Overview> {
    let partnership = partnership.trim().to_string();
    if partnership.is_empty() {
        return Err(AppError::Input("Enter the partnership’s name, for example “South Gloucestershire Children’s Partnership”.".into()));
    }
    check_year(year.trim()).map_err(AppError::Input)?;
    let mut path = PathBuf::from(path);
    if path.extension().and_then(|e| e.to_str()) != Some("s11") {
        path.set_extension("s11");
    }
    let doc = AuditDoc::new(new_id(), partnership, year.trim().to_string());
    let store = Store::create_with(&path, &doc, protect::given(passphrase.as_deref()))?;
    show(store, &path, &open, &folders)
}

/// Opens the app's own copy of the built-in example, writing it first if it
/// is not there yet (a copy the chair has changed is kept, not overwritten).
#[tauri::command]
fn open_example(open: State<'_, OpenAudit>, folders: State<'_, Folders>) -> CmdResult<Overview> {
    let path = folders.example();
    if lock(&open)?.as_ref().and_then(|s| s.path()) == Some(path.as_path()) {
        return Ok(Overview::of(&current_doc(&open)?));
    }
    if !path.exists() {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| {
                AppError::Internal(format!("could not make {}: {e}", dir.display()))
            })?;
        }
        let doc = example::example()?;
        drop(Store::create(&path, &doc)?);
    }
    let store = Store::open(&path)?;
    show(store, &path, &open, &folders)
}

fn current_doc(open: &OpenAudit) -> CmdResult<AuditDoc> {
    let guard = lock(open)?;
    let store = guard.as_ref().ok_or(AppError::NoAuditOpen)?;
    Ok(store.load()?)
}

#[tauri::command]
fn overview(open: State<'_, OpenAudit>) -> CmdResult<Overview> {
    Ok(Overview::of(&current_doc(&open)?))
}

#[tauri::command]
fn close_audit(open: State<'_, OpenAudit>, folders: State<'_, Folders>) -> CmdResult<()> {
    let mut current = lock(&open)?;
    if let Some(store) = current.as_ref() {
        backup::backup(store, &folders.backups());
    }
    *current = None;
    Ok(())
}

/// When the process started, for the start-up figures `S11_TIMINGS=1` prints.
static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// The page calls this once a screen has painted, with how long ago the
/// person asked for it when the screen came from a click. With
/// `S11_TIMINGS=1` (the benchmark sets it) the figures go to stderr;
/// otherwise it does nothing. It carries no audit content.
#[tauri::command]
fn ui_ready(screen: String, since_asked_ms: Option<f64>) {
    if std::env::var_os("S11_TIMINGS").is_some() {
        if let Some(t) = STARTED.get() {
            let launch = t.elapsed().as_secs_f64() * 1000.0;
            match since_asked_ms {
                Some(asked) => eprintln!(
                    "s11-timing {screen} painted {launch:.1} ms after launch, {asked:.1} ms after it was asked for"
                ),
                None => eprintln!("s11-timing {screen} painted {launch:.1} ms"),
            }
        }
    }
}

/// The native "open" dialog; `None` when the chair cancels.
#[tauri::command]
async fn choose_audit_to_open() -> Option<String> {
    rfd::AsyncFileDialog::new()
        .set_title("Open an audit")
        .add_filter("Section 11 audit", &["s11"])
        .pick_file()
        .await
        .map(|f| f.path().to_string_lossy().into_owned())
}

/// The native "save" dialog for a new audit; `None` when the chair cancels.
#[tauri::command]
async fn choose_new_audit_path(suggested: String) -> Option<String> {
    rfd::AsyncFileDialog::new()
        .set_title("Create the audit file")
        .add_filter("Section 11 audit", &["s11"])
        .set_file_name(s11core::files::suggested_file_name(&suggested, "s11"))
        .save_file()
        .await
        .map(|f| f.path().to_string_lossy().into_owned())
}

pub fn run() {
    STARTED.get_or_init(std::time::Instant::now);
    let initial = std::env::args_os()
        .skip(1)
        .map(PathBuf::from)
        .find(|p| p.extension().and_then(|e| e.to_str()) == Some("s11"));
    let app = tauri::Builder::default()
        .manage(OpenAudit::default())
        .manage(exported::ExportedFiles::default())
        .manage(InitialFile(initial))
        .setup(|app| {
            let data = match std::env::var_os("S11_DATA_DIR") {
                Some(d) => PathBuf::from(d),
                None => app.path().app_data_dir()?,
            };
            app.manage(Folders { data });
            lockdown::create_main_window(app)?;
            if let Some(window) = app.get_webview_window("main") {
                window_state::restore(&window);
                window_state::restore_zoom(&window);
            }
            let ticks = std::sync::Arc::new(timer::Ticks::default());
            app.manage(ticks.clone());
            timer::spawn_ticks(app.handle().clone(), ticks);
            backup::spawn_periodic(app.handle().clone());
            Ok(())
        })
        .on_window_event(|window, event| {
            notes::on_window_event(window, event);
            window_state::on_window_event(window, event);
        })
        .invoke_handler(tauri::generate_handler![
            ui_ready,
            start_info,
            open_audit,
            create_audit,
            open_example,
            overview,
            close_audit,
            backup::latest_backup,
            backup::open_latest_backup,
            protect::audit_protected,
            protect::protect_audit,
            choose_audit_to_open,
            choose_new_audit_path,
            report::choose_pdf_path,
            report::export_report_pdf,
            report::export_template_pdf,
            exported::open_exported,
            report::choose_docx_path,
            report::export_report_word,
            workshop::audit_doc,
            workshop::minutes_view,
            workshop::save_response,
            workshop::response_history,
            workshop::set_theme_incomplete,
            workshop::search_minutes,
            workshop::date_as_typed,
            workshop::add_recommendation,
            workshop::save_recommendation_text,
            workshop::set_recommendation_for,
            workshop::remove_recommendation,
            workshop::save_audit_details,
            workshop::add_panel_member,
            workshop::update_panel_member,
            workshop::remove_panel_member,
            workshop::set_chair,
            workshop::add_review,
            workshop::save_review,
            workshop::set_review_status,
            workshop::add_contact,
            workshop::remove_contact,
            workshop::remove_review,
            workshop::add_theme,
            workshop::rename_theme,
            workshop::move_theme,
            workshop::remove_theme,
            workshop::add_question,
            workshop::save_question,
            workshop::move_question,
            workshop::remove_question,
            notes::minute_pack_info,
            notes::set_pack_author,
            notes::export_minute_pack,
            notes::export_notes,
            notes::import_notes,
            notes::clear_note_flag,
            notes::choose_minute_pack_path,
            notes::choose_notes_export_path,
            notes::choose_notes_files,
            timer::timer_state,
            timer::timer_ticks,
            timer::timer_start,
            timer::timer_pause,
            timer::timer_resume,
            timer::timer_next,
            timer::timer_previous,
            timer::timer_add_minute,
            timer::timer_finish,
            timer::set_segment_minutes,
            timer::set_session_length,
            timer::set_timer_in_report,
            timer::timer_go_to_theme,
            window_state::zoom,
            window_state::set_zoom,
            signoff::sign_off_state,
            signoff::send_for_accuracy_check,
            signoff::sign_off,
            signoff::reopen,
            signoff::sign_off_trail,
            signoff::sign_off_problems,
            signoff::signing_key,
            signoff::choose_signing_key,
            signoff::create_signing_key,
            next_year::start_next_year,
            next_year::actions_view,
            next_year::update_action,
            next_year::choose_actions_export_path,
            next_year::export_actions,
        ])
        .build(tauri::generate_context!());
    match app {
        Ok(app) => app.run(|handle, event| {
            if let tauri::RunEvent::Exit = event {
                backup::backup_open(handle);
            }
        }),
        Err(e) => {
            eprintln!("Section 11 Panel could not start: {e}");
            std::process::exit(1);
        }
    }
}
