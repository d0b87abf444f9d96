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
    validator
        .iter_errors(instance)
        .map(|e| Problem {
            code: "schema",
            pointer: e.instance_path().to_string(),
            message: e.to_string(),
            line: None,
        })
        .collect()
}
