//! Every implemented route's JSON is validated against WHOOP's own OpenAPI document
//! (`shared/api/whoop-openapi.json`, vendored in `openapi/` so a clean clone has it), with `additionalProperties: false` added to each object
//! schema so a misspelled or invented field fails too, not only a missing one.

use crate::whoop_support;

use jsonschema::Validator;
use serde_json::{json, Value};
use whoop_support::*;

const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/whoop-openapi.json");

fn spec() -> Value {
    let text = std::fs::read_to_string(SPEC).expect("the WHOOP OpenAPI document is readable");
    serde_json::from_str(&text).unwrap()
}

/// Adds `additionalProperties: false` wherever an object lists its properties.
fn strict(v: &mut Value) {
    match v {
        Value::Object(map) => {
            if map.contains_key("properties") && !map.contains_key("additionalProperties") {
                map.insert("additionalProperties".into(), Value::Bool(false));
            }
            map.values_mut().for_each(strict);
        }
        Value::Array(items) => items.iter_mut().for_each(strict),
        _ => {}
    }
}

/// A validator for one component schema; `$ref`s resolve inside the embedded components.
fn validator(spec: &Value, component: &str) -> Validator {
    let mut components = spec["components"].clone();
    strict(&mut components);
    let schema = json!({
        "$ref": format!("#/components/schemas/{component}"),
        "components": components,
    });
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles")
}

fn assert_valid(v: &Validator, instance: &Value, what: &str) {
    let errors: Vec<String> = v
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{what} violates the schema: {errors:#?}");
}

async fn sim() -> api_simulators::whoop::WhoopSimHandle {
    // Hundreds of requests below.
    start_unlimited().await
}

#[tokio::test]
async fn every_route_matches_the_openapi_schemas() {
    let spec = spec();
    let h = sim().await;
    let t = login(&h).await;

    let collections = [
        ("/v2/recovery", "RecoveryCollection", "Recovery"),
        ("/v2/activity/sleep", "PaginatedSleepResponse", "Sleep"),
        ("/v2/cycle", "PaginatedCycleResponse", "Cycle"),
    ];
    let mut counts = Vec::new();
    for (path, page_schema, _) in collections {
        let v = validator(&spec, page_schema);
        let pages = all_pages(&h, &t.access, path, 25, &[]).await;
        for (i, p) in pages.iter().enumerate() {
            assert_valid(&v, p, &format!("{path} page {i}"));
        }
        counts.push(records(&pages).len());
    }
    let ds = h.dataset();
    assert_eq!(
        counts,
        vec![ds.recoveries.len(), ds.sleeps.len(), ds.cycles.len()]
    );

    let sleep_v = validator(&spec, "Sleep");
    for s in &ds.sleeps {
        let (status, _, body) =
            api_get(&h, &t.access, &format!("/v2/activity/sleep/{}", s.id), &[]).await;
        assert_eq!(status, 200, "{body}");
        assert_valid(&sleep_v, &body, &format!("sleep {}", s.id));
    }
    let cycle_v = validator(&spec, "Cycle");
    let recovery_v = validator(&spec, "Recovery");
    for c in &ds.cycles {
        let base = format!("/v2/cycle/{}", c.id);
        let (status, _, body) = api_get(&h, &t.access, &base, &[]).await;
        assert_eq!(status, 200, "{body}");
        assert_valid(&cycle_v, &body, &base);
        let (status, _, body) = api_get(&h, &t.access, &format!("{base}/recovery"), &[]).await;
        assert_eq!(status, 200, "{body}");
        assert_valid(&recovery_v, &body, &format!("{base}/recovery"));
        let (status, _, body) = api_get(&h, &t.access, &format!("{base}/sleep"), &[]).await;
        assert_eq!(status, 200, "{body}");
        assert_valid(&sleep_v, &body, &format!("{base}/sleep"));
    }

    let (status, _, body) = api_get(&h, &t.access, "/v2/user/profile/basic", &[]).await;
    assert_eq!(status, 200);
    assert_valid(&validator(&spec, "UserBasicProfile"), &body, "profile");
    let (status, _, body) = api_get(&h, &t.access, "/v2/user/measurement/body", &[]).await;
    assert_eq!(status, 200);
    assert_valid(&validator(&spec, "UserBodyMeasurement"), &body, "body");
}

/// Breaks a valid page in one way.
type Mutation = Box<dyn Fn(&mut Value)>;

/// The check above can fail: documents that are wrong in typical ways are rejected.
#[tokio::test]
async fn wrong_documents_fail_validation() {
    let spec = spec();
    let h = sim().await;
    let t = login(&h).await;
    let (_, _, page) = api_get(&h, &t.access, "/v2/recovery", &[("limit", "3")]).await;
    let v = validator(&spec, "RecoveryCollection");
    assert_valid(&v, &page, "the untouched page");

    let mutations: Vec<(&str, Mutation)> = vec![
        (
            "camelCase field",
            Box::new(|p| {
                let r = p["records"][0].as_object_mut().unwrap();
                let id = r.remove("sleep_id").unwrap();
                r.insert("sleepId".into(), id);
            }),
        ),
        (
            "unknown score_state",
            Box::new(|p| p["records"][0]["score_state"] = json!("DONE")),
        ),
        (
            "null next_token",
            Box::new(|p| p["next_token"] = Value::Null),
        ),
        (
            "cycle_id as string",
            Box::new(|p| p["records"][0]["cycle_id"] = json!("93845")),
        ),
        (
            "sleep_id not a UUID",
            Box::new(|p| p["records"][0]["sleep_id"] = json!("12345")),
        ),
        (
            "bad date-time",
            Box::new(|p| p["records"][0]["created_at"] = json!("2025-03-20 07:00")),
        ),
        (
            "score missing a required field",
            Box::new(|p| {
                let first_scored = p["records"]
                    .as_array_mut()
                    .unwrap()
                    .iter_mut()
                    .find(|r| r.get("score").is_some())
                    .unwrap();
                first_scored["score"]
                    .as_object_mut()
                    .unwrap()
                    .remove("recovery_score");
            }),
        ),
    ];
    for (what, mutate) in mutations {
        let mut bad = page.clone();
        mutate(&mut bad);
        assert!(!v.is_valid(&bad), "{what} should fail validation");
    }

    // A current cycle must leave `end` out: `null` is not a date-time string.
    let cycle_v = validator(&spec, "Cycle");
    let mut c = serde_json::to_value(&h.dataset().cycles[0]).unwrap();
    assert_valid(&cycle_v, &c, "a cycle");
    c["end"] = Value::Null;
    assert!(!cycle_v.is_valid(&c), "end: null should fail validation");
}

/// The token answer is not in the OpenAPI document; check its documented shape by hand.
#[tokio::test]
async fn token_answer_has_the_documented_fields() {
    let h = sim().await;
    let code = authorize(&h, "read:recovery offline", &[]).await;
    let (status, body) = exchange(&h, &code).await;
    assert_eq!(status, 200);
    let keys: std::collections::BTreeSet<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "access_token",
            "expires_in",
            "refresh_token",
            "scope",
            "token_type"
        ]
        .into_iter()
        .collect()
    );
    assert_eq!(body["expires_in"], 3600);
    assert_eq!(body["token_type"], "bearer");
    assert_eq!(body["scope"], "read:recovery offline");
}

/// Properties WHOOP sends as `null` although the document types them as plain numbers, each
/// seen in WHOOP's answers: the legacy `v1_id`, and distance and altitude of a workout without
/// GPS. The check allows exactly these nulls; any other null still fails.
const NULLS_WHOOP_SENDS: [(&str, &str); 4] = [
    ("WorkoutV2", "v1_id"),
    ("WorkoutScore", "distance_meter"),
    ("WorkoutScore", "altitude_gain_meter"),
    ("WorkoutScore", "altitude_change_meter"),
];

/// [`validator`] with [`NULLS_WHOOP_SENDS`] allowed.
fn validator_with_nulls(spec: &Value, component: &str) -> Validator {
    let mut spec = spec.clone();
    for (schema, property) in NULLS_WHOOP_SENDS {
        let p = &mut spec["components"]["schemas"][schema]["properties"][property];
        let t = p["type"].as_str().expect("a typed property").to_string();
        p["type"] = json!([t, "null"]);
    }
    validator(&spec, component)
}

#[tokio::test]
async fn workout_and_body_routes_match_the_openapi_schemas() {
    let spec = spec();
    let h = sim().await;
    let t = login(&h).await;
    let ds = h.dataset();

    let page_v = validator_with_nulls(&spec, "WorkoutCollection");
    for limit in [25, 4] {
        let pages = all_pages(&h, &t.access, "/v2/activity/workout", limit, &[]).await;
        for (i, p) in pages.iter().enumerate() {
            assert_valid(&page_v, p, &format!("workouts/{limit} page {i}"));
        }
        assert_eq!(records(&pages).len(), ds.workouts.len());
    }
    let workout_v = validator_with_nulls(&spec, "WorkoutV2");
    let states: std::collections::BTreeSet<&str> =
        ds.workouts.iter().map(|w| w.score_state.as_str()).collect();
    assert_eq!(
        states.len(),
        3,
        "scored, pending and unscorable are all checked"
    );
    for w in &ds.workouts {
        let path = format!("/v2/activity/workout/{}", w.id);
        let (status, _, body) = api_get(&h, &t.access, &path, &[]).await;
        assert_eq!(status, 200, "{body}");
        assert_valid(&workout_v, &body, &path);
    }
    let (status, _, body) = api_get(&h, &t.access, "/v2/user/measurement/body", &[]).await;
    assert_eq!(status, 200);
    assert_valid(&validator(&spec, "UserBodyMeasurement"), &body, "body");
}

/// The workout check can fail: documents that are wrong in typical ways are rejected, and the
/// nulls it allows are only the ones WHOOP sends.
#[tokio::test]
async fn wrong_workouts_fail_validation() {
    let spec = spec();
    let h = sim().await;
    let t = login(&h).await;
    let ds = h.dataset();
    let gps = ds
        .workouts
        .iter()
        .find(|w| w.score.as_ref().is_some_and(|s| s.distance_meter.is_some()))
        .expect("a workout with a distance");
    let (_, _, good) = api_get(
        &h,
        &t.access,
        &format!("/v2/activity/workout/{}", gps.id),
        &[],
    )
    .await;
    let v = validator_with_nulls(&spec, "WorkoutV2");
    assert_valid(&v, &good, "the untouched workout");
    // Strictly by the document, WHOOP's own nulls would fail too.
    let mut nulls = good.clone();
    nulls["score"]["distance_meter"] = Value::Null;
    assert_valid(&v, &nulls, "a null distance");
    assert!(!validator(&spec, "WorkoutV2").is_valid(&nulls));

    let mutations: Vec<(&str, Mutation)> = vec![
        (
            "unknown score_state",
            Box::new(|w| w["score_state"] = json!("PENDING")),
        ),
        (
            "sport_name missing",
            Box::new(|w| {
                w.as_object_mut().unwrap().remove("sport_name");
            }),
        ),
        ("id not a UUID", Box::new(|w| w["id"] = json!("1043"))),
        (
            "strain null",
            Box::new(|w| w["score"]["strain"] = Value::Null),
        ),
        (
            "zone as a string",
            Box::new(|w| w["score"]["zone_durations"]["zone_two_milli"] = json!("900000")),
        ),
        (
            "zone missing",
            Box::new(|w| {
                w["score"]["zone_durations"]
                    .as_object_mut()
                    .unwrap()
                    .remove("zone_five_milli");
            }),
        ),
        (
            "misspelled zone_duration",
            Box::new(|w| {
                let s = w["score"].as_object_mut().unwrap();
                let z = s.remove("zone_durations").unwrap();
                s.insert("zone_duration".into(), z);
            }),
        ),
        (
            "average_heart_rate as a float",
            Box::new(|w| w["score"]["average_heart_rate"] = json!(141.5)),
        ),
    ];
    for (what, mutate) in mutations {
        let mut bad = good.clone();
        mutate(&mut bad);
        assert!(!v.is_valid(&bad), "{what} should fail validation");
    }
}
