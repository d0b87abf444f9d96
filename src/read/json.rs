//! Reading a canonical `plan.json` back into a `Plan`.

use super::{ReadError, check_schema_version, line_at};
use crate::model::Plan;

/// Deepest JSON nesting accepted; the canonical document nests about 8 levels.
const MAX_DEPTH: usize = 64;

/// Most items in one JSON array: no array of a plan can be longer than the source's bound on
/// lines ([`crate::source::MAX_LINES`]). A document of millions of items cannot be a plan and
/// is refused at the first item past this, before it costs memory.
pub const MAX_ARRAY_ITEMS: usize = crate::source::MAX_LINES;

/// Most values (objects, arrays, strings, numbers …) in one document. A plan holds about 4
/// per line of its source (the example: 5 027 for 1 236 lines), so the longest source plandoc
/// reads ([`crate::source::MAX_LINES`]) gives under a million; each value costs about 75
/// bytes in memory, so this bound keeps the worst document near 150 MB.
pub const MAX_VALUES: usize = 2_000_000;

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
    bounded_value(text)
}

/// Parses JSON text into a value, refusing duplicate keys (which `serde_json` would settle
/// silently, the last one winning), over-long arrays and too many values, each with the JSON
/// pointer and line where they are.
fn bounded_value(text: &str) -> Result<serde_json::Value, ReadError> {
    use serde::de::DeserializeSeed;
    let budget = Budget::default();
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Node(&budget)
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v));
    value.map_err(|e| match budget.refused.take() {
        Some(message) => ReadError::at(e.line(), message),
        None => ReadError::at(e.line(), format!("invalid JSON: {e}")),
    })
}

/// What parsing has used so far, and where it is.
#[derive(Default)]
struct Budget {
    values: std::cell::Cell<usize>,
    path: std::cell::RefCell<Vec<String>>,
    /// Why the document was refused, when a bound (not the syntax) stopped it.
    refused: std::cell::RefCell<Option<String>>,
}

impl Budget {
    /// The JSON pointer of the value being parsed.
    fn pointer(&self) -> String {
        let path = self.path.borrow();
        if path.is_empty() {
            return "/".into();
        }
        path.iter()
            .map(|p| format!("/{}", p.replace('~', "~0").replace('/', "~1")))
            .collect()
    }

    fn refuse<E: serde::de::Error>(&self, message: String) -> E {
        let message = format!("{}: {message}", self.pointer());
        *self.refused.borrow_mut() = Some(message.clone());
        E::custom(message)
    }

    fn count<E: serde::de::Error>(&self) -> Result<(), E> {
        let n = self.values.get() + 1;
        self.values.set(n);
        if n > MAX_VALUES {
            return Err(self.refuse(format!(
                "the document holds more than {MAX_VALUES} values; a plan holds far fewer"
            )));
        }
        Ok(())
    }
}

/// A value being parsed within the budget.
struct Node<'a>(&'a Budget);

impl<'de> serde::de::DeserializeSeed<'de> for Node<'_> {
    type Value = serde_json::Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Node<'_> {
    type Value = serde_json::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
        self.0.count()?;
        Ok(v.into())
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.0.count()?;
        Ok(v.into())
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.0.count()?;
        Ok(v.into())
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.0.count()?;
        Ok(serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, Into::into))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        self.0.count()?;
        Ok(v.into())
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
        self.0.count()?;
        Ok(v.into())
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        self.0.count()?;
        Ok(serde_json::Value::Null)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        self.0.count()?;
        let mut items = Vec::new();
        loop {
            if items.len() == MAX_ARRAY_ITEMS {
                // Only refused when an item past the bound is really there.
                self.0.path.borrow_mut().push(items.len().to_string());
                let more = seq.next_element::<serde::de::IgnoredAny>();
                self.0.path.borrow_mut().pop();
                if more?.is_some() {
                    return Err(self.0.refuse(format!(
                        "array of more than {MAX_ARRAY_ITEMS} items; no array of a plan is \
                         that long"
                    )));
                }
                break;
            }
            self.0.path.borrow_mut().push(items.len().to_string());
            let item = seq.next_element_seed(Node(self.0));
            self.0.path.borrow_mut().pop();
            match item? {
                Some(v) => items.push(v),
                None => break,
            }
        }
        Ok(serde_json::Value::Array(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        self.0.count()?;
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(self.0.refuse(format!(
                    "key \"{key}\" is given twice in one object; a JSON reader would keep \
                     only one of them silently, so plandoc reads neither"
                )));
            }
            self.0.path.borrow_mut().push(key.clone());
            let value = map.next_value_seed(Node(self.0));
            self.0.path.borrow_mut().pop();
            object.insert(key, value?);
        }
        Ok(serde_json::Value::Object(object))
    }
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
    fn a_duplicate_key_is_refused_with_its_pointer_and_line() {
        let e =
            value(b"{\"schemaVersion\": \"9.9.9\",\n \"schemaVersion\": \"1.0.0\"}").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        assert!(
            e.message
                .starts_with("/: key \"schemaVersion\" is given twice"),
            "{e}"
        );
        let e = value(b"{\"a\": [{\"b/c\": 1, \"b/c\": 2}]}").unwrap_err();
        assert!(e.message.starts_with("/a/0: key \"b/c\""), "{e}");
        // An escaped key is the same key.
        assert!(value(br#"{"a": 1, "\u0061": 2}"#).is_err());
    }

    #[test]
    fn an_array_past_the_bound_is_refused_at_its_first_extra_item() {
        let at = |n: usize| format!("{{\"x\": [{}0]}}", "0,".repeat(n - 1));
        assert!(value(at(MAX_ARRAY_ITEMS).as_bytes()).is_ok());
        let e = value(at(MAX_ARRAY_ITEMS + 1).as_bytes()).unwrap_err();
        assert!(
            e.message
                .starts_with(&format!("/x: array of more than {MAX_ARRAY_ITEMS} items")),
            "{e}"
        );
    }

    #[test]
    fn values_parse_as_serde_json_parses_them() {
        let text = r#"{"a": [1, -2, 3.5, 1e400, true, null, "s\u00e9"], "b": {"c": {}}}"#;
        let ours = value(text.as_bytes());
        let theirs: Result<serde_json::Value, _> = serde_json::from_str(text);
        // 1e400 is out of range for both.
        assert!(ours.is_err() && theirs.is_err());
        let text =
            r#"{"a": [1, -2, 3.5, 18446744073709551615, true, null, "s\u00e9"], "b": {"c": {}}}"#;
        assert_eq!(
            value(text.as_bytes()).unwrap(),
            serde_json::from_str::<serde_json::Value>(text).unwrap()
        );
        assert!(
            value(b"{} x")
                .unwrap_err()
                .message
                .starts_with("invalid JSON")
        );
    }

    #[test]
    fn brackets_inside_strings_do_not_count() {
        let text = format!("{{\"a\": \"{}\"}}", "[".repeat(100));
        assert!(check_depth(&text).is_ok());
    }

    #[test]
    fn a_schema_1_document_is_told_to_be_rebuilt_from_its_source() {
        let e = read(br#"{"schemaVersion": "1.0.0", "plan": {"source": {"file": "w.txt"}}}"#)
            .unwrap_err();
        assert_eq!(
            e.message,
            "schemaVersion 1.0.0 is not supported by this plandoc (schema 2.0.0); rebuild it \
             from its source: plandoc build w.txt"
        );
    }

    #[test]
    fn another_major_version_is_refused_first() {
        let e = read(br#"{"schemaVersion": "9.0.0", "x": 1}"#).unwrap_err();
        assert!(e.message.contains("incompatible schema version"), "{e}");
    }
}
