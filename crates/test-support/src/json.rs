//! Any JSON value, for inputs that may be of any shape.

use proptest::prelude::*;
use serde_json::Value;

/// How big the values get: nesting depth, about how many nodes in all, and how many items a
/// list or object holds at most.
#[derive(Debug, Clone, Copy)]
pub struct JsonSize {
    pub depth: u32,
    pub nodes: u32,
    pub items: usize,
}

impl Default for JsonSize {
    fn default() -> Self {
        JsonSize {
            depth: 3,
            nodes: 16,
            items: 4,
        }
    }
}

/// Any JSON value of [`JsonSize::default`]'s size.
pub fn json_value() -> impl Strategy<Value = Value> {
    json_value_of(JsonSize::default())
}

/// Any JSON value: null, booleans, numbers at their limits (no NaN: JSON has none), short
/// strings of any characters, and lists and objects of them (keys may be empty).
pub fn json_value_of(size: JsonSize) -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("JSON has no NaN", |f| f.is_finite())
            .prop_map(Value::from),
        ".{0,16}".prop_map(Value::from),
    ];
    leaf.prop_recursive(size.depth, size.nodes, size.items as u32, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..size.items).prop_map(Value::from),
            prop::collection::btree_map("[a-z_]{0,12}", inner, 0..size.items)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::test_runner::TestRunner;

    /// The values stay within their size, and every one is valid JSON text.
    #[test]
    fn values_are_json_and_stay_small() {
        let size = JsonSize {
            depth: 2,
            nodes: 8,
            items: 3,
        };
        let mut runner = TestRunner::deterministic();
        runner
            .run(&json_value_of(size), |v| {
                let text = serde_json::to_string(&v).unwrap();
                prop_assert!(serde_json::from_str::<Value>(&text).is_ok(), "{}", text);
                prop_assert!(depth(&v) <= 3, "{}", text);
                Ok(())
            })
            .unwrap();
    }

    fn depth(v: &Value) -> u32 {
        match v {
            Value::Array(a) => 1 + a.iter().map(depth).max().unwrap_or(0),
            Value::Object(o) => 1 + o.values().map(depth).max().unwrap_or(0),
            _ => 0,
        }
    }
}
