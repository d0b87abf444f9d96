//! Reading a canonical `plan.json` back into a `Plan`.

use super::{ReadError, check_schema_version, line_at};
use crate::model::Plan;

/// Deepest JSON nesting accepted; the canonical document nests about 8 levels.
const MAX_DEPTH: usize = 64;

/// Parses a plan.json, refusing other schema major versions before anything else.
pub fn read(bytes: &[u8]) -> Result<Plan, ReadError> {
    let value = value(bytes)?;
    from_value(value)
}

/// Parses JSON text into a value, with line numbers for syntax errors and a depth bound.
pub(super) fn value(bytes: &[u8]) -> Result<serde_json::Value, ReadError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = line_at(&bytes[..e.valid_up_to()]);
        ReadError::at(line, format!("not UTF-8 text: {e}"))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    check_depth(text)?;
    serde_json::from_str(text).map_err(|e| ReadError::at(e.line(), format!("invalid JSON: {e}")))
}

/// A value that is already JSON into a `Plan`.
fn from_value(value: serde_json::Value) -> Result<Plan, ReadError> {
    let version = value
        .get("schemaVersion")
        .and_then(|v| v.as_str())
        .ok_or_else(|| ReadError::whole("/schemaVersion: expected a version string, found none"))?;
    check_schema_version(version, source_file(&value))?;
    serde_json::from_value(value)
        .map_err(|e| ReadError::whole(format!("not a plan of this schema: {e}")))
}

/// The source file a plan document names (`/plan/source/file`), when it names one.
pub(super) fn source_file(value: &serde_json::Value) -> Option<&str> {
    value.pointer("/plan/source/file").and_then(|v| v.as_str())
}

/// Rejects nesting deeper than [`MAX_DEPTH`] before serde recurses into it.
fn check_depth(text: &str) -> Result<(), ReadError> {
    let mut depth = 0usize;
    let mut line = 1usize;
    let mut in_string = false;
    let mut escaped = false;
    for b in text.bytes() {
        if b == b'\n' {
            line += 1;
        }
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(ReadError::at(
                        line,
                        format!("JSON nested deeper than {MAX_DEPTH} levels"),
                    ));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_refused_with_a_line() {
        let text = format!("{}{}", "[".repeat(100), "]".repeat(100));
        let e = read(text.as_bytes()).unwrap_err();
        assert_eq!(e.line, Some(1));
        assert!(e.message.contains("nested deeper"));
    }

    #[test]
    fn bytes_that_are_not_utf8_are_refused_with_their_line() {
        let e = read(b"{\n  \"schemaVersion\": \"1.0.0\",\n  \"x\": \"\xff\"\n}").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.message.starts_with("not UTF-8 text"), "{e}");
    }

    #[test]
    fn brackets_inside_strings_do_not_count() {
        let text = format!("{{\"a\": \"{}\"}}", "[".repeat(100));
        assert!(check_depth(&text).is_ok());
    }

    #[test]
    fn another_major_version_is_refused_first() {
        let e = read(br#"{"schemaVersion": "9.0.0", "x": 1}"#).unwrap_err();
        assert!(e.message.contains("incompatible schema version"), "{e}");
    }
}
