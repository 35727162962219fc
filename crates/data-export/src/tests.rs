//! The table's columns, rows and both formats.

use super::*;
use serde_json::json;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
}

fn history_row(d: u32, values: Value) -> (NaiveDate, Value) {
    (day(d), values)
}

#[test]
fn columns_follow_the_apps_order_then_unknown_keys_alphabetically() {
    let table = Table::from_history(
        vec![
            history_row(2, json!({"hrv": {"value": 61.5, "display": "62 ms"}})),
            history_row(
                1,
                json!({
                    "zeta_new": {"value": 1},
                    "recovery_score": {"value": 66.0, "display": "66%"},
                    "alpha_old": {"value": 2},
                }),
            ),
        ],
        &["recovery_score", "time_asleep", "hrv"],
    );
    assert_eq!(
        table.columns(),
        ["recovery_score", "hrv", "alpha_old", "zeta_new"]
    );
    assert_eq!(table.first_and_last(), Some((day(1), day(2))));
    assert_eq!(
        table.to_csv(),
        "date,recovery_score,hrv,alpha_old,zeta_new\r\n\
         2026-03-01,66,,2,1\r\n\
         2026-03-02,,61.5,,\r\n"
    );
}

#[test]
fn json_has_the_same_rows_with_the_values_as_held() {
    let table = Table::from_history(
        vec![history_row(
            1,
            json!({"time_asleep": {"value": 25_020_000, "display": "6h 57m"},
                   "bed_time": {"value": "2026-02-28T23:41:00+01:00"}}),
        )],
        &["time_asleep", "bed_time"],
    );
    assert_eq!(
        table.to_json(),
        json!({
            "columns": ["time_asleep", "bed_time"],
            "days": [{"date": "2026-03-01", "time_asleep": 25_020_000,
                      "bed_time": "2026-02-28T23:41:00+01:00"}],
        })
    );
    assert!(table.write(Format::Json).ends_with("}\n"));
}

#[test]
fn an_empty_history_is_a_header_and_no_rows() {
    let table = Table::from_history(vec![], &["recovery_score"]);
    assert_eq!(table.to_csv(), "date\r\n");
    assert_eq!(table.first_and_last(), None);
}

#[test]
fn workouts_are_a_row_each_even_on_the_same_day_and_json_names_them() {
    let row = |d: u32, id: &str, start: &str, strain: f64| ExportDay {
        date: day(d),
        values: [
            ("whoop_id".to_string(), json!(id)),
            ("start".to_string(), json!(start)),
            ("sport".to_string(), json!("Running, trail")),
            ("strain".to_string(), json!(strain)),
        ]
        .into_iter()
        .collect(),
    };
    let table = Table::workouts(
        vec![
            row(2, "w2", "2026-03-02T07:10:00+01:00", 9.4),
            row(2, "w3", "2026-03-02T18:00:00+01:00", 12.0),
            row(1, "w1", "2026-03-01T06:00:00-05:00", 8.0),
        ],
        &["whoop_id", "start", "sport", "strain"],
    );
    assert_eq!(
        table.to_csv(),
        "date,whoop_id,start,sport,strain\r\n\
         2026-03-01,w1,2026-03-01T06:00:00-05:00,\"Running, trail\",8\r\n\
         2026-03-02,w2,2026-03-02T07:10:00+01:00,\"Running, trail\",9.4\r\n\
         2026-03-02,w3,2026-03-02T18:00:00+01:00,\"Running, trail\",12\r\n"
    );
    let json = table.to_json();
    assert_eq!(json["workouts"].as_array().unwrap().len(), 3);
    assert!(json.get("days").is_none());
}
