//! The JSON Schema of the canonical plan, generated from the model's types.

use std::sync::OnceLock;

use serde_json::Value;

use crate::model::Plan;

use super::Problem;

/// The schema as the committed `schema/plan.schema.json` holds it (2-space indent, newline).
pub fn text() -> String {
    let mut text = serde_json::to_string_pretty(&value()).unwrap_or_default();
    text.push('\n');
    text
}

/// The schema as a value, generated from the model.
fn value() -> Value {
    let schema = schemars::generate::SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<Plan>();
    // serde_json keeps insertion order (feature preserve_order), so the keyword order schemars
    // chose survives the conversion to a Value.
    let mut value = serde_json::to_value(&schema).unwrap_or(Value::Null);
    describe_tags(&mut value);
    value
}

/// Gives the `type` tag of each tagged-enum branch a description, as every property has one.
fn describe_tags(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(props)) = map.get_mut("properties") {
                if let Some(Value::Object(tag)) = props.get_mut("type") {
                    if let Some(kind) = tag.get("const").and_then(Value::as_str) {
                        let text = format!("The kind of block: `{kind}`.");
                        tag.insert("description".into(), Value::String(text));
                    }
                }
            }
            for v in map.values_mut() {
                describe_tags(v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(describe_tags),
        _ => {}
    }
}

/// The compiled validator, built once per process: generating and compiling the schema costs
/// more than validating a plan with it.
fn validator() -> &'static Result<jsonschema::Validator, String> {
    static VALIDATOR: OnceLock<Result<jsonschema::Validator, String>> = OnceLock::new();
    VALIDATOR.get_or_init(|| jsonschema::draft202012::new(&value()).map_err(|e| e.to_string()))
}

/// Problems of a JSON value against the schema, in the order the validator finds them.
pub fn problems(instance: &Value) -> Vec<Problem> {
    let validator = match validator() {
        Ok(v) => v,
        Err(e) => {
            return vec![Problem {
                code: "schema-broken",
                pointer: String::new(),
                message: format!("the built-in schema does not compile: {e}"),
                line: None,
            }];
        }
    };
    if validator.is_valid(instance) {
        return Vec::new();
    }
    let mut found = Found::default();
    match instance.as_object() {
        Some(root) if root.values().any(long_array) => windowed(validator, root, &mut found),
        _ => found.extend(validator.iter_errors(instance), |p| Some(p.to_string())),
    }
    found.finish()
}

/// Items of one top-level array validated at a time: the validator gathers all the problems
/// of an array's items at once, and a document of 200 000 bad items, a few bytes each, had
/// their messages take 300 times its size in memory.
const WINDOW: usize = 1000;

fn long_array(v: &Value) -> bool {
    v.as_array().is_some_and(|a| a.len() > WINDOW)
}

/// Validates the document with its long top-level arrays emptied, then each of those arrays
/// [`WINDOW`] items at a time in an otherwise empty copy, keeping the problems of the items.
fn windowed(
    validator: &jsonschema::Validator,
    root: &serde_json::Map<String, Value>,
    found: &mut Found,
) {
    let long: Vec<&String> = root
        .iter()
        .filter(|(_, v)| long_array(v))
        .map(|(k, _)| k)
        .collect();
    let mut shell: serde_json::Map<String, Value> = root
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                if long_array(v) {
                    Value::Array(Vec::new())
                } else {
                    v.clone()
                },
            )
        })
        .collect();
    let whole = Value::Object(shell.clone());
    found.extend(validator.iter_errors(&whole), |p| Some(p.to_string()));
    drop(whole);
    for key in long {
        let prefix = format!("/{}/", key.replace('~', "~0").replace('/', "~1"));
        let items = root[key].as_array().map(Vec::as_slice).unwrap_or_default();
        for (n, chunk) in items.chunks(WINDOW).enumerate() {
            if found.full() {
                // Checking 1.8 million bad items to count their problems took a minute; what
                // is listed already says the document is not a plan.
                found.stopped = true;
                return;
            }
            shell.insert(key.clone(), Value::Array(chunk.to_vec()));
            let copy = Value::Object(std::mem::take(&mut shell));
            found.extend(validator.iter_errors(&copy), |p| {
                // Only the items' problems: the rest of the copy was checked above.
                let rest = p.strip_prefix(&prefix)?;
                let (index, tail) = rest.split_once('/').unwrap_or((rest, ""));
                let index: usize = index.parse().ok()?;
                let slash = if tail.is_empty() { "" } else { "/" };
                Some(format!("{prefix}{}{slash}{tail}", n * WINDOW + index))
            });
            let Value::Object(back) = copy else {
                unreachable!("built as an object")
            };
            shell = back;
        }
        shell.insert(key.clone(), Value::Array(Vec::new()));
    }
}

/// Problems kept (at most [`MAX_PROBLEMS`]) and the number past them.
#[derive(Default)]
struct Found {
    kept: Vec<Problem>,
    rest: usize,
    /// Checking stopped before the end of the document: `rest` is a lower bound.
    stopped: bool,
}

impl Found {
    fn full(&self) -> bool {
        self.kept.len() == MAX_PROBLEMS
    }

    /// Adds the errors whose pointer `at` maps (and keeps), in order.
    fn extend<'a>(
        &mut self,
        errors: impl Iterator<Item = jsonschema::ValidationError<'a>>,
        at: impl Fn(&str) -> Option<String>,
    ) {
        for e in errors {
            let Some(pointer) = at(&e.instance_path().to_string()) else {
                continue;
            };
            if self.kept.len() == MAX_PROBLEMS {
                // Counted, not kept: each would cost a message and a pointer.
                self.rest += 1;
                continue;
            }
            self.kept.push(Problem {
                code: "schema",
                pointer,
                message: e.to_string(),
                line: None,
            });
        }
    }

    fn finish(mut self) -> Vec<Problem> {
        if self.rest > 0 || self.stopped {
            self.kept.push(Problem {
                code: MORE_PROBLEMS,
                pointer: String::new(),
                message: if self.stopped {
                    format!(
                        "{} or more further schema problem(s) not listed (checking stops once \
                         {MAX_PROBLEMS} are found)",
                        self.rest
                    )
                } else {
                    format!("{} more schema problem(s) not listed", self.rest)
                },
                line: None,
            });
        }
        self.kept
    }
}

/// Most schema problems kept for one document; the rest are counted.
pub const MAX_PROBLEMS: usize = 10_000;

/// The code of the problem that counts the schema problems past [`MAX_PROBLEMS`]; its message
/// starts with that count.
pub const MORE_PROBLEMS: &str = "more-problems";
