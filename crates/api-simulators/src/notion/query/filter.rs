//! Query filters, compiled once (so every mistake is a 400 before any row is looked at) into
//! a predicate over pages. Property filters name a property by name or id and must use the
//! property's own type key; compound `and`/`or` nest at most two levels, as in Notion.

use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, Utc};
use serde_json::Value;

use crate::notion::errors::ApiError;
use crate::notion::ids;
use crate::notion::properties::dates::DateVal;
use crate::notion::properties::rich_text::plain_text;
use crate::notion::properties::values::cell;
use crate::notion::relations::linked_ids;
use crate::notion::spec::PropertyKind;
use crate::notion::store::{DataSource, Page};

pub struct Ctx<'a> {
    pub ds: &'a DataSource,
}

pub type Pred = Box<dyn Fn(&Ctx, &Page) -> bool + Send + Sync>;
type ValuePred = Box<dyn Fn(&Value) -> bool + Send + Sync>;
type TextPred = Box<dyn Fn(&str) -> bool + Send + Sync>;
type NamesPred = Box<dyn Fn(&[String]) -> bool + Send + Sync>;

const MAX_DEPTH: usize = 2;

pub fn compile(ds: &DataSource, filter: &Value, now: DateTime<Utc>) -> Result<Pred, ApiError> {
    compile_at(ds, filter, 0, "body.filter", now)
}

fn invalid(path: &str, what: &str, v: &Value) -> ApiError {
    ApiError::validation(format!(
        "body failed validation: {path} should be {what}, instead was `{v}`."
    ))
}

fn compile_at(
    ds: &DataSource,
    f: &Value,
    depth: usize,
    path: &str,
    now: DateTime<Utc>,
) -> Result<Pred, ApiError> {
    let obj = f.as_object().ok_or_else(|| invalid(path, "an object", f))?;
    for (key, is_and) in [("and", true), ("or", false)] {
        if let Some(list) = obj.get(key) {
            if depth >= MAX_DEPTH {
                return Err(ApiError::validation(format!(
                    "body failed validation: {path}.{key} is nested too deeply; compound filters nest at most {MAX_DEPTH} levels."
                )));
            }
            let items = list
                .as_array()
                .ok_or_else(|| invalid(&format!("{path}.{key}"), "an array", list))?;
            let preds = items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    compile_at(ds, item, depth + 1, &format!("{path}.{key}[{i}]"), now)
                })
                .collect::<Result<Vec<_>, _>>()?;
            return Ok(if is_and {
                Box::new(move |c, p| preds.iter().all(|f| f(c, p)))
            } else {
                Box::new(move |c, p| preds.iter().any(|f| f(c, p)))
            });
        }
    }
    if let Some(ts) = obj.get("timestamp") {
        let which = ts
            .as_str()
            .filter(|t| *t == "created_time" || *t == "last_edited_time")
            .ok_or_else(|| {
                invalid(
                    &format!("{path}.timestamp"),
                    "`created_time` or `last_edited_time`",
                    ts,
                )
            })?;
        let cond = obj
            .get(which)
            .ok_or_else(|| invalid(&format!("{path}.{which}"), "defined", &Value::Null))?;
        let pred = date_cond(cond, &format!("{path}.{which}"), now)?;
        let created = which == "created_time";
        return Ok(Box::new(move |_, page| {
            let t = if created {
                page.created
            } else {
                page.last_edited
            };
            pred(&Value::String(t.to_rfc3339()))
        }));
    }
    let key = obj.get("property").and_then(Value::as_str).ok_or_else(|| {
        invalid(
            &format!("{path}.property"),
            "a string",
            obj.get("property").unwrap_or(&Value::Null),
        )
    })?;
    let prop = ds.find(key).ok_or_else(|| {
        ApiError::validation(format!("Could not find property with name or id: {key}"))
    })?;
    let conds: Vec<&String> = obj
        .keys()
        .filter(|k| *k != "property" && *k != "type")
        .collect();
    let [fkey] = conds.as_slice() else {
        return Err(ApiError::validation(format!(
            "body failed validation: {path} should have exactly one filter condition for property {key}."
        )));
    };
    let tname = prop.kind.type_name();
    if fkey.as_str() != tname {
        return Err(ApiError::validation(format!(
            "body failed validation: {path}: database property {tname} does not match filter {fkey}."
        )));
    }
    let cond = &obj[fkey.as_str()];
    let cpath = format!("{path}.{fkey}");
    let pred = value_pred(&prop.kind, cond, &cpath, now)?;
    let pid = prop.id.clone();
    Ok(Box::new(move |ctx, page| {
        ctx.ds
            .by_id(&pid)
            .is_some_and(|prop| pred(&cell(ctx.ds, page, prop)))
    }))
}

/// A predicate over a property's rendered inner value.
fn value_pred(
    kind: &PropertyKind,
    cond: &Value,
    path: &str,
    now: DateTime<Utc>,
) -> Result<ValuePred, ApiError> {
    Ok(match kind {
        PropertyKind::Title | PropertyKind::RichText => {
            let f = text_cond(cond, path)?;
            Box::new(move |v| f(&plain_text(v)))
        }
        PropertyKind::Url | PropertyKind::Email | PropertyKind::PhoneNumber => {
            let f = text_cond(cond, path)?;
            Box::new(move |v| f(v.as_str().unwrap_or("")))
        }
        PropertyKind::Number { .. } => number_cond(cond, path)?,
        PropertyKind::UniqueId => {
            let f = number_cond(cond, path)?;
            Box::new(move |v| f(&v["number"]))
        }
        PropertyKind::Checkbox => checkbox_cond(cond, path)?,
        PropertyKind::Select { .. } | PropertyKind::Status { .. } => {
            let f = select_cond(cond, path, false)?;
            Box::new(move |v| f(&names(v)))
        }
        PropertyKind::MultiSelect { .. } => {
            let f = select_cond(cond, path, true)?;
            Box::new(move |v| f(&names(v)))
        }
        PropertyKind::Date => {
            let f = date_cond(cond, path, now)?;
            Box::new(move |v| f(&v["start"]))
        }
        PropertyKind::CreatedTime | PropertyKind::LastEditedTime => date_cond(cond, path, now)?,
        PropertyKind::Relation { .. } => relation_cond(cond, path)?,
        PropertyKind::Formula { .. } => {
            let (sub, inner) = single_op(cond, path)?;
            let ipath = format!("{path}.{sub}");
            let f: ValuePred = match sub {
                "number" => number_cond(inner, &ipath)?,
                "string" => {
                    let t = text_cond(inner, &ipath)?;
                    Box::new(move |v| t(v.as_str().unwrap_or("")))
                }
                "checkbox" => checkbox_cond(inner, &ipath)?,
                "date" => {
                    let d = date_cond(inner, &ipath, now)?;
                    Box::new(move |v| d(&v["start"]))
                }
                _ => {
                    return Err(invalid(
                        path,
                        "one of `number`, `string`, `checkbox`, `date`",
                        cond,
                    ))
                }
            };
            let sub = sub.to_string();
            Box::new(move |v| f(&v[sub.as_str()]))
        }
        other => {
            return Err(ApiError::validation(format!(
                "Filtering on {} properties is not supported.",
                other.type_name()
            )))
        }
    })
}

fn names(v: &Value) -> Vec<String> {
    match v {
        Value::Array(items) => items
            .iter()
            .filter_map(|i| i["name"].as_str().map(String::from))
            .collect(),
        Value::Object(_) => v["name"]
            .as_str()
            .map(|s| vec![s.to_string()])
            .unwrap_or_default(),
        _ => vec![],
    }
}

/// The one `operator: value` pair of a condition.
fn single_op<'a>(cond: &'a Value, path: &str) -> Result<(&'a str, &'a Value), ApiError> {
    let obj = cond
        .as_object()
        .ok_or_else(|| invalid(path, "an object", cond))?;
    let mut it = obj.iter();
    match (it.next(), it.next()) {
        (Some((k, v)), None) => Ok((k.as_str(), v)),
        _ => Err(invalid(path, "an object with exactly one condition", cond)),
    }
}

/// `is_empty` / `is_not_empty`, which take `true`.
fn existence(op: &str, v: &Value, path: &str) -> Result<Option<bool>, ApiError> {
    match op {
        "is_empty" | "is_not_empty" => {
            if v != &Value::Bool(true) {
                return Err(invalid(&format!("{path}.{op}"), "`true`", v));
            }
            Ok(Some(op == "is_empty"))
        }
        _ => Ok(None),
    }
}

fn text_cond(cond: &Value, path: &str) -> Result<TextPred, ApiError> {
    let (op, v) = single_op(cond, path)?;
    if let Some(empty) = existence(op, v, path)? {
        return Ok(Box::new(move |s| s.is_empty() == empty));
    }
    let needle = v
        .as_str()
        .ok_or_else(|| invalid(&format!("{path}.{op}"), "a string", v))?
        .to_string();
    let lower = needle.to_lowercase();
    Ok(match op {
        "equals" => Box::new(move |s| s == needle),
        "does_not_equal" => Box::new(move |s| s != needle),
        "contains" => Box::new(move |s| s.to_lowercase().contains(&lower)),
        "does_not_contain" => Box::new(move |s| !s.to_lowercase().contains(&lower)),
        "starts_with" => Box::new(move |s| s.to_lowercase().starts_with(&lower)),
        "ends_with" => Box::new(move |s| s.to_lowercase().ends_with(&lower)),
        _ => return Err(invalid(path, "a text filter condition", cond)),
    })
}

fn number_cond(cond: &Value, path: &str) -> Result<ValuePred, ApiError> {
    let (op, v) = single_op(cond, path)?;
    if let Some(empty) = existence(op, v, path)? {
        return Ok(Box::new(move |x| x.is_null() == empty));
    }
    let n = v
        .as_f64()
        .ok_or_else(|| invalid(&format!("{path}.{op}"), "a number", v))?;
    let cmp: fn(f64, f64) -> bool = match op {
        "equals" => |a, b| a == b,
        "does_not_equal" => |a, b| a != b,
        "greater_than" => |a, b| a > b,
        "less_than" => |a, b| a < b,
        "greater_than_or_equal_to" => |a, b| a >= b,
        "less_than_or_equal_to" => |a, b| a <= b,
        _ => return Err(invalid(path, "a number filter condition", cond)),
    };
    let empty_matches = op == "does_not_equal";
    Ok(Box::new(move |x| {
        x.as_f64().map_or(empty_matches, |a| cmp(a, n))
    }))
}

fn checkbox_cond(cond: &Value, path: &str) -> Result<ValuePred, ApiError> {
    let (op, v) = single_op(cond, path)?;
    let b = v
        .as_bool()
        .ok_or_else(|| invalid(&format!("{path}.{op}"), "a boolean", v))?;
    match op {
        "equals" => Ok(Box::new(move |x| x.as_bool().unwrap_or(false) == b)),
        "does_not_equal" => Ok(Box::new(move |x| x.as_bool().unwrap_or(false) != b)),
        _ => Err(invalid(path, "a checkbox filter condition", cond)),
    }
}

fn select_cond(cond: &Value, path: &str, multi: bool) -> Result<NamesPred, ApiError> {
    let (op, v) = single_op(cond, path)?;
    if let Some(empty) = existence(op, v, path)? {
        return Ok(Box::new(move |n| n.is_empty() == empty));
    }
    let name = v
        .as_str()
        .ok_or_else(|| invalid(&format!("{path}.{op}"), "a string", v))?
        .to_string();
    Ok(match (op, multi) {
        ("equals", false) | ("contains", true) => Box::new(move |n| n.contains(&name)),
        ("does_not_equal", false) | ("does_not_contain", true) => {
            Box::new(move |n| !n.contains(&name))
        }
        _ => return Err(invalid(path, "a select filter condition", cond)),
    })
}

/// `contains` / `does_not_contain` a page id (either spelling), `is_empty` / `is_not_empty`.
fn relation_cond(cond: &Value, path: &str) -> Result<ValuePred, ApiError> {
    let (op, v) = single_op(cond, path)?;
    if let Some(empty) = existence(op, v, path)? {
        return Ok(Box::new(move |x| linked_ids(Some(x)).is_empty() == empty));
    }
    let id = v
        .as_str()
        .and_then(ids::normalize)
        .ok_or_else(|| invalid(&format!("{path}.{op}"), "a valid uuid", v))?;
    let wanted = match op {
        "contains" => true,
        "does_not_contain" => false,
        _ => return Err(invalid(path, "a relation filter condition", cond)),
    };
    Ok(Box::new(move |x| {
        linked_ids(Some(x)).contains(&id) == wanted
    }))
}

/// Date conditions over a date string value (null = empty).
fn date_cond(cond: &Value, path: &str, now: DateTime<Utc>) -> Result<ValuePred, ApiError> {
    let (op, v) = single_op(cond, path)?;
    if let Some(empty) = existence(op, v, path)? {
        return Ok(Box::new(move |x| x.is_null() == empty));
    }
    let parse = |x: &Value| x.as_str().and_then(DateVal::parse);
    let today = now.date_naive();
    if let Some((from, to)) = relative_range(op, today) {
        if v.as_object().is_none_or(|o| !o.is_empty()) {
            return Err(invalid(&format!("{path}.{op}"), "an empty object", v));
        }
        return Ok(Box::new(move |x| {
            parse(x).is_some_and(|d| d.day() >= from && d.day() <= to)
        }));
    }
    let target = v
        .as_str()
        .and_then(|s| relative_day(s, today).or_else(|| DateVal::parse(s)))
        .ok_or_else(|| invalid(&format!("{path}.{op}"), "a valid ISO 8601 date string", v))?;
    use std::cmp::Ordering::*;
    let ok: fn(std::cmp::Ordering) -> bool = match op {
        "equals" => |o| o == Equal,
        "before" => |o| o == Less,
        "after" => |o| o == Greater,
        "on_or_before" => |o| o != Greater,
        "on_or_after" => |o| o != Less,
        _ => return Err(invalid(path, "a date filter condition", cond)),
    };
    Ok(Box::new(move |x| {
        parse(x).is_some_and(|d| ok(d.cmp_for_filter(&target)))
    }))
}

fn relative_day(s: &str, today: NaiveDate) -> Option<DateVal> {
    let d = match s {
        "today" => today,
        "tomorrow" => today + Duration::days(1),
        "yesterday" => today - Duration::days(1),
        "one_week_ago" => today - Duration::days(7),
        "one_week_from_now" => today + Duration::days(7),
        "one_month_ago" => today.checked_sub_months(Months::new(1))?,
        "one_month_from_now" => today.checked_add_months(Months::new(1))?,
        _ => return None,
    };
    Some(DateVal::Day(d))
}

fn relative_range(op: &str, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    Some(match op {
        "past_week" => (today - Duration::days(7), today),
        "past_month" => (today.checked_sub_months(Months::new(1))?, today),
        "past_year" => (today.checked_sub_months(Months::new(12))?, today),
        "next_week" => (today, today + Duration::days(7)),
        "next_month" => (today, today.checked_add_months(Months::new(1))?),
        "next_year" => (today, today.checked_add_months(Months::new(12))?),
        "this_week" => {
            let start = today - Duration::days(i64::from(today.weekday().num_days_from_sunday()));
            (start, start + Duration::days(6))
        }
        _ => return None,
    })
}
