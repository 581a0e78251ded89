//! The header every JSON file of ours starts with — `format` (what it is)
//! and `format_version` (which version of it) — checked in one place,
//! before the rest is read, so that a newer file says "made by a newer
//! version" rather than "unknown field", and a foreign file says what it is.

use serde::Deserialize;

/// Why a file's header was not ours or not readable.
#[derive(Debug)]
pub enum HeaderError {
    /// Not JSON at all (the caller words the parser's message).
    Malformed(serde_json::Error),
    /// Some other kind of file: what its `format` says, or "" when none.
    Foreign(String),
    /// Made by a newer version of the app.
    Newer(u32),
    /// `format_version` missing, 0, or not a whole number.
    NoVersion,
}

/// Checks `text`'s header against `format`, reading versions up to
/// `supported`; returns the file's version.
pub fn check_header(text: &str, format: &str, supported: u32) -> Result<u32, HeaderError> {
    #[derive(Deserialize)]
    struct Header {
        format: Option<serde_json::Value>,
        format_version: Option<serde_json::Value>,
    }
    let header: Header = serde_json::from_str(text).map_err(HeaderError::Malformed)?;
    let found = match header.format {
        Some(serde_json::Value::String(s)) => s,
        Some(other) => other.to_string(),
        None => String::new(),
    };
    if found != format {
        return Err(HeaderError::Foreign(found));
    }
    let version = header
        .format_version
        .as_ref()
        .and_then(serde_json::Value::as_u64)
        .unwrap_or(0);
    if version > u64::from(supported) {
        return Err(HeaderError::Newer(
            u32::try_from(version).unwrap_or(u32::MAX),
        ));
    }
    match u32::try_from(version) {
        Ok(v) if v > 0 => Ok(v),
        _ => Err(HeaderError::NoVersion),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_is_read_before_the_rest() {
        let ok = r#"{"format":"x/y","format_version":1,"unknown":true}"#;
        assert_eq!(check_header(ok, "x/y", 1).ok(), Some(1));
        assert!(matches!(
            check_header(r#"{"format":"x/y","format_version":2}"#, "x/y", 1),
            Err(HeaderError::Newer(2))
        ));
        assert!(
            matches!(check_header(r#"{"format":"other"}"#, "x/y", 1), Err(HeaderError::Foreign(f)) if f == "other")
        );
        assert!(matches!(
            check_header(r#"{"format":"x/y","format_version":"1"}"#, "x/y", 1),
            Err(HeaderError::NoVersion)
        ));
        assert!(matches!(
            check_header(r#"{"format":"x/y","format_version":0}"#, "x/y", 1),
            Err(HeaderError::NoVersion)
        ));
        assert!(matches!(
            check_header("not json", "x/y", 1),
            Err(HeaderError::Malformed(_))
        ));
    }
}
