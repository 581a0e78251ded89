//! The desktop app: a thin Tauri shell over `s11core`. Each command takes its
//! arguments, calls the core, and maps the error; decisions about audits live
//! in the core.

mod backups;
mod dialogs;
mod error;
mod exported;
mod lockdown;
mod minute_pack;
mod next_year;
mod protect;
mod region;
mod report;
mod signing_key;
mod signoff;
mod state;
mod timer;
pub mod webkit_env;
mod window_state;
mod workshop;

use std::path::PathBuf;

use s11core::audit::audit_year_for;
use s11core::files::has_audit_extension;
use s11core::overview::Overview;
use s11core::session::{DataFolder, RecentFile, Session};
use serde::Serialize;
use tauri::{Manager, State};

use state::{now, CmdResult, SessionState};

/// A file named on the command line (or by the file manager) to open first.
struct InitialFile(Option<PathBuf>);

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
async fn start_info(
    folder: State<'_, DataFolder>,
    initial: State<'_, InitialFile>,
) -> CmdResult<StartInfo> {
    Ok(StartInfo {
        recent: s11core::session::recent::list(&folder.recent_list()),
        initial_file: initial.0.as_ref().map(|p| p.to_string_lossy().into_owned()),
        current_year: audit_year_for(now().date()),
        version: env!("CARGO_PKG_VERSION"),
        data_folder: folder.path().to_string_lossy().into_owned(),
    })
}

#[tauri::command]
async fn open_audit(
    path: String,
    passphrase: Option<String>,
    session: State<'_, SessionState>,
) -> CmdResult<Overview> {
    session
        .run(move |s| Ok(s.open(&PathBuf::from(path), passphrase.as_deref(), now())?))
        .await
}

#[tauri::command]
async fn create_audit(
    path: String,
    partnership: String,
    year: String,
    passphrase: Option<String>,
    session: State<'_, SessionState>,
) -> CmdResult<Overview> {
    session
        .run(move |s| {
            Ok(s.create(
                &PathBuf::from(path),
                &partnership,
                &year,
                passphrase.as_deref(),
                now(),
            )?)
        })
        .await
}

/// Opens the app's own copy of the built-in example, writing it first if it
/// is not there yet (a copy the chair has changed is kept, not overwritten).
#[tauri::command]
async fn open_example(session: State<'_, SessionState>) -> CmdResult<Overview> {
    session.run(|s| Ok(s.open_example(now())?)).await
}

#[tauri::command]
async fn overview(session: State<'_, SessionState>) -> CmdResult<Overview> {
    session.with_store(|s| Ok(Overview::of(&s.load()?))).await
}

#[tauri::command]
async fn close_audit(session: State<'_, SessionState>) -> CmdResult<()> {
    session
        .run(|s| {
            s.close(now());
            Ok(())
        })
        .await
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

pub fn run() {
    STARTED.get_or_init(std::time::Instant::now);
    state::use_few_threads();
    // An audit or a regional collation (the page opens each on its own screen).
    let initial = std::env::args_os().skip(1).map(PathBuf::from).find(|p| {
        has_audit_extension(p)
            || p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case(s11core::region::EXTENSION))
    });
    let app = tauri::Builder::default()
        .manage(region::OpenRegion::default())
        .manage(exported::ExportedFiles::default())
        .manage(InitialFile(initial))
        .setup(|app| {
            let data = match std::env::var_os("S11_DATA_DIR") {
                Some(d) => PathBuf::from(d),
                None => app.path().app_data_dir()?,
            };
            let folder = DataFolder::new(data);
            app.manage(SessionState::new(Session::new(folder.clone())));
            app.manage(folder);
            lockdown::create_main_window(app)?;
            if let Some(window) = app.get_webview_window("main") {
                window_state::restore(&window);
                window_state::restore_zoom(&window);
            }
            let ticks = std::sync::Arc::new(timer::Ticks::default());
            app.manage(ticks.clone());
            timer::spawn_ticks(app.handle().clone(), ticks);
            backups::spawn_periodic(app.handle().clone());
            Ok(())
        })
        .on_window_event(|window, event| {
            minute_pack::on_window_event(window, event);
            window_state::on_window_event(window, event);
        })
        .invoke_handler(tauri::generate_handler![
            ui_ready,
            dialogs::choose_save_path,
            dialogs::choose_open_paths,
            start_info,
            open_audit,
            create_audit,
            open_example,
            overview,
            close_audit,
            backups::latest_backup,
            backups::open_latest_backup,
            protect::audit_protected,
            protect::protect_audit,
            protect::check_new_passphrase,
            report::export_report_pdf,
            report::export_template_pdf,
            exported::open_exported,
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
            workshop::add_theme,
            workshop::rename_theme,
            workshop::move_theme,
            workshop::remove_theme,
            workshop::add_question,
            workshop::save_question,
            workshop::move_question,
            workshop::remove_question,
            minute_pack::minute_pack_info,
            minute_pack::set_pack_author,
            minute_pack::export_minute_pack,
            minute_pack::export_notes,
            minute_pack::import_notes,
            minute_pack::clear_note_flag,
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
            next_year::export_actions,
            region::open_region,
            region::create_region,
            region::region_view,
            region::close_region,
            region::region_add,
            region::save_region_summary,
            region::export_region,
        ])
        .build(tauri::generate_context!());
    match app {
        Ok(app) => app.run(|handle, event| {
            if let tauri::RunEvent::Exit = event {
                backups::backup_open(handle);
            }
        }),
        Err(e) => {
            eprintln!("Section 11 Panel could not start: {e}");
            std::process::exit(1);
        }
    }
}
