//! Reading the JSON report (`--format json`).

use serde_json::Value;

/// Every diagnostic of a report.
pub fn diagnostics(json: &Value) -> &[Value] {
    json["diagnostics"]
        .as_array()
        .unwrap_or_else(|| panic!("no `diagnostics` array in {json}"))
}

/// A diagnostic's rule id.
pub fn rule(d: &Value) -> &str {
    d["rule"].as_str().expect("`rule` is a string")
}

/// `(rule, line)` of every diagnostic, in report order.
pub fn rules_and_lines(json: &Value) -> Vec<(String, u64)> {
    diagnostics(json)
        .iter()
        .map(|d| {
            (
                rule(d).to_owned(),
                d["line"].as_u64().expect("`line` is a number"),
            )
        })
        .collect()
}

/// A diagnostic's path, with `/` on every OS.
pub fn path(d: &Value) -> String {
    d["path"]
        .as_str()
        .expect("`path` is a string")
        .replace('\\', "/")
}

/// `(path, rule, line)` of every diagnostic, in report order, paths with
/// `/` on every OS.
pub fn found(json: &Value) -> Vec<(String, String, u64)> {
    diagnostics(json)
        .iter()
        .map(|d| {
            (
                path(d),
                rule(d).to_owned(),
                d["line"].as_u64().expect("`line` is a number"),
            )
        })
        .collect()
}

/// The errors of a run (files it could not read, a bad `--select`).
pub fn errors(json: &Value) -> &[Value] {
    json["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no `errors` array in {json}"))
}
