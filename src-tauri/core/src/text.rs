//! Cleaning text as it arrives, in one place: typed text (the minutes, set-up
//! fields) and imported text (JSON, notes files) end up in the same form, so
//! what is stored, searched, signed and printed agrees.

/// Text as plain text: line breaks normalised to \n (CRLF from Windows and
/// lone CR from old Macs alike), NUL removed (SQLite and the PDF both stop
/// at it); everything else, emoji and right-to-left marks included, is kept
/// exactly as typed.
pub fn plain(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\0', "")
}

/// A one-line field (a name, a title): plain, its lines joined by spaces,
/// trimmed.
pub fn one_line(s: &str) -> String {
    plain(s)
        .split('\n')
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_from_any_system_become_one_kind() {
        assert_eq!(plain("a\r\nb\rc\nd\0"), "a\nb\nc\nd");
        assert_eq!(one_line("  Siân\r\n  Llŷr  "), "Siân Llŷr");
        assert_eq!(
            plain("🙂 \u{200F}"),
            "🙂 \u{200F}",
            "emoji and direction marks are kept"
        );
    }
}
