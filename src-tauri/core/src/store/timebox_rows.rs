//! The timer's rows: a review's session plan and its events, read and
//! written. Kept apart from `timer.rs` (the timer's commands), so the
//! whole-audit read and write (`doc.rs`) and the timer both use these
//! without depending on each other.

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::dates::Timestamp;
use crate::timebox::{Event, Plan, Segment, SegmentKind, Timebox};

fn pos(i: usize) -> i64 {
    i64::try_from(i).unwrap_or(i64::MAX)
}

/// Writes a review's timer, replacing what was stored.
pub(super) fn write_timebox(
    tx: &Transaction<'_>,
    review_id: i64,
    timebox: &Timebox,
) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM timer_event WHERE review_id = ?1", [review_id])?;
    tx.execute("DELETE FROM timebox_plan WHERE review_id = ?1", [review_id])?;
    write_plan(tx, review_id, &timebox.plan, timebox.include_in_report)?;
    for event in &timebox.events {
        insert_event(tx, review_id, event)?;
    }
    Ok(())
}

pub(super) fn write_plan(
    tx: &Transaction<'_>,
    review_id: i64,
    plan: &Plan,
    include_in_report: bool,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO timebox_plan (review_id, length_minutes, include_in_report) VALUES (?1, ?2, ?3)
         ON CONFLICT (review_id) DO UPDATE SET length_minutes = excluded.length_minutes, include_in_report = excluded.include_in_report",
        params![review_id, plan.length_minutes, include_in_report],
    )?;
    tx.execute(
        "DELETE FROM timebox_segment WHERE review_id = ?1",
        [review_id],
    )?;
    for (i, s) in plan.segments.iter().enumerate() {
        let (kind, theme) = match &s.kind {
            SegmentKind::Opening => ("opening", None),
            SegmentKind::Theme { theme_id } => ("theme", Some(theme_id.as_str())),
            SegmentKind::Closing => ("closing", None),
        };
        tx.execute(
            "INSERT INTO timebox_segment (review_id, position, kind, theme_uid, title, minutes) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![review_id, pos(i), kind, theme, s.title, s.minutes],
        )?;
    }
    Ok(())
}

pub(super) fn insert_event(
    tx: &Transaction<'_>,
    review_id: i64,
    event: &Event,
) -> rusqlite::Result<()> {
    let (to_segment, seconds) = match *event {
        Event::Moved { to_segment, .. } => (Some(pos(to_segment)), None),
        Event::Extended { seconds, .. } => (None, Some(seconds)),
        _ => (None, None),
    };
    tx.execute(
        "INSERT INTO timer_event (review_id, kind, at, to_segment, seconds) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![review_id, event.kind(), event.at().0, to_segment, seconds],
    )?;
    Ok(())
}

fn bad_row(what: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, what.into())
}

/// A review's stored timer, or `None` if the chair has not touched it.
pub(super) fn read_timebox(conn: &Connection, review_id: i64) -> rusqlite::Result<Option<Timebox>> {
    let head: Option<(u32, bool)> = conn
        .prepare_cached(
            "SELECT length_minutes, include_in_report FROM timebox_plan WHERE review_id = ?1",
        )?
        .query_row([review_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((length_minutes, include_in_report)) = head else {
        return Ok(None);
    };
    let segments = conn
        .prepare_cached("SELECT kind, theme_uid, title, minutes FROM timebox_segment WHERE review_id = ?1 ORDER BY position")?
        .query_map([review_id], |r| {
            let kind: String = r.get(0)?;
            let kind = match (kind.as_str(), r.get::<_, Option<String>>(1)?) {
                ("opening", _) => SegmentKind::Opening,
                ("closing", _) => SegmentKind::Closing,
                ("theme", Some(theme_id)) => SegmentKind::Theme { theme_id },
                (other, _) => return Err(bad_row(format!("unknown segment kind {other}"))),
            };
            Ok(Segment { kind, title: r.get(2)?, minutes: r.get(3)? })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let events = conn
        .prepare_cached("SELECT kind, at, to_segment, seconds FROM timer_event WHERE review_id = ?1 ORDER BY seq")?
        .query_map([review_id], |r| {
            let kind: String = r.get(0)?;
            let at = Timestamp(r.get(1)?);
            Ok(match kind.as_str() {
                "started" => Event::Started { at },
                "paused" => Event::Paused { at },
                "resumed" => Event::Resumed { at },
                "moved" => {
                    let to: i64 = r.get::<_, Option<i64>>(2)?.ok_or_else(|| bad_row("a move without its segment".into()))?;
                    Event::Moved { at, to_segment: usize::try_from(to).map_err(|_| bad_row(format!("segment {to}")))? }
                }
                "extended" => Event::Extended {
                    at,
                    seconds: r.get::<_, Option<u32>>(3)?.ok_or_else(|| bad_row("an extension without its seconds".into()))?,
                },
                "finished" => Event::Finished { at },
                other => return Err(bad_row(format!("unknown timer event {other}"))),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(Timebox {
        plan: Plan {
            length_minutes,
            segments,
        },
        include_in_report,
        events,
    }))
}
