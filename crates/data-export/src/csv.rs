//! CSV as spreadsheets read it (RFC 4180): commas, CRLF, quotes only where a cell needs them,
//! and numbers in the shortest text that reads back as the same number, with a dot.

use serde_json::Value;

/// One cell's text.
pub fn cell(value: &Value) -> String {
    let text = match value {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.to_string(),
            (_, Some(u), _) => u.to_string(),
            (_, _, Some(f)) => number(f),
            _ => n.to_string(),
        },
        Value::String(s) => s.clone(),
        // Nothing the app writes is nested; if a future one is, its JSON text is kept whole.
        nested => nested.to_string(),
    };
    quoted_if_needed(text)
}

/// A whole number without a fraction ("66", not "66.0"); otherwise Rust's shortest
/// round-trip form, which never uses an exponent or a locale's comma.
fn number(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

fn quoted_if_needed(text: String) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

pub(crate) fn row(out: &mut String, cells: impl Iterator<Item = String>) {
    for (i, c) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&c);
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    #[test]
    fn cells_are_quoted_only_when_they_must_be() {
        assert_eq!(cell(&json!("plain")), "plain");
        assert_eq!(cell(&json!("a,b")), "\"a,b\"");
        assert_eq!(cell(&json!("say \"hi\"")), "\"say \"\"hi\"\"\"");
        assert_eq!(cell(&json!("two\nlines")), "\"two\nlines\"");
        assert_eq!(cell(&Value::Null), "");
    }

    #[test]
    fn numbers_use_a_dot_and_no_exponent() {
        assert_eq!(cell(&json!(66.0)), "66");
        assert_eq!(cell(&json!(-0.4)), "-0.4");
        assert_eq!(cell(&json!(95.65)), "95.65");
        assert_eq!(cell(&json!(0.000_000_1)), "0.0000001");
        assert_eq!(cell(&json!(25_020_000)), "25020000");
    }

    proptest! {
        #[test]
        fn every_number_reads_back_as_itself(f in proptest::num::f64::NORMAL | proptest::num::f64::ZERO) {
            let text = cell(&json!(f));
            prop_assert!(!text.contains(['e', 'E', ',']), "{text}");
            let back: f64 = text.parse().unwrap();
            prop_assert_eq!(back, f);
        }
    }
}
