//! Changes a test makes while the simulator runs (late scoring, re-scoring, a new dataset)
//! show up over HTTP with a newer `updated_at`.

use crate::whoop_support;

use api_simulators::whoop::{Dataset, GenerateOptions};
use chrono::{DateTime, Duration, Utc};
use whoop_support::*;

fn updated(v: &serde_json::Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v["updated_at"].as_str().unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

#[tokio::test]
async fn a_pending_night_gets_scored() {
    let h = start().await;
    let t = login(&h).await;
    let night = h.dataset().night(today()).unwrap().clone();
    let rec_path = format!("/v2/cycle/{}/recovery", night.cycle_id);
    let (_, _, before) = api_get(&h, &t.access, &rec_path, &[]).await;
    assert_eq!(before["score_state"], "PENDING_SCORE");
    assert!(before.get("score").is_none());

    assert!(h.score_pending(today()));
    assert!(!h.score_pending(today()));
    let (_, _, after) = api_get(&h, &t.access, &rec_path, &[]).await;
    assert_eq!(after["score_state"], "SCORED");
    assert!(after["score"]["recovery_score"].is_number());
    assert!(updated(&after) > updated(&before));
    let (_, _, sleep) = api_get(
        &h,
        &t.access,
        &format!("/v2/activity/sleep/{}", night.sleep_id),
        &[],
    )
    .await;
    assert_eq!(sleep["score_state"], "SCORED");
    let (_, _, cycle) = api_get(&h, &t.access, &format!("/v2/cycle/{}", night.cycle_id), &[]).await;
    assert_eq!(cycle["score_state"], "SCORED");
    assert!(cycle.get("end").is_none());
    let truth = h.dataset().night(today()).unwrap().clone();
    assert_eq!(
        truth.recovery_score,
        after["score"]["recovery_score"].as_f64()
    );
}

#[tokio::test]
async fn a_late_rescore_changes_values_and_updated_at() {
    let h = start().await;
    let t = login(&h).await;
    let day = today() - Duration::days(3);
    let night = h.dataset().night(day).unwrap().clone();
    let path = format!("/v2/cycle/{}/recovery", night.cycle_id);
    let (_, _, before) = api_get(&h, &t.access, &path, &[]).await;
    assert!(h.rescore(day, 3.0));
    let (_, _, after) = api_get(&h, &t.access, &path, &[]).await;
    assert_eq!(after["score"]["recovery_score"], 3.0);
    assert_ne!(
        after["score"]["hrv_rmssd_milli"],
        before["score"]["hrv_rmssd_milli"]
    );
    assert!(updated(&after) > updated(&before));
}

#[tokio::test]
async fn set_dataset_replaces_what_is_served() {
    let h = start().await;
    let t = login(&h).await;
    let small = Dataset::generate(&GenerateOptions::new(99, today(), 5));
    h.set_dataset(small.clone());
    assert_eq!(h.dataset(), small);
    let recs = records(&all_pages(&h, &t.access, "/v2/cycle", 25, &[]).await);
    assert_eq!(recs.len(), small.cycles.len());
    h.set_dataset(Dataset::empty());
    let (_, _, body) = api_get(&h, &t.access, "/v2/recovery", &[]).await;
    assert_eq!(body, serde_json::json!({ "records": [] }));
}
