//! Settings → Workouts through the window's commands: off at first; created beside the daily
//! database (or, when that is at the workspace's top level, in a page the user picks); mapped
//! by column id; a sync writes one page per workout linked to its day; the link to the days
//! added only on the user's command; turned off with the database and pages left in Notion,
//! and picked again with its mapping.

mod support;

use serde_json::{json, Value};
use support::{call, connect_notion, connect_whoop, RealPath};

/// The row of `field` in a Workouts view.
fn row(view: &Value, field: &str) -> Value {
    view["rows"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["field"] == field))
        .cloned()
        .unwrap_or_else(|| panic!("no {field} in {view}"))
}

/// One test: the profile lives in env vars, which are global to the process.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_window_turns_workouts_on_maps_them_syncs_and_turns_them_off() {
    let RealPath {
        world,
        recorder,
        service,
        ..
    } = RealPath::start().await;
    connect_whoop(&service, &recorder, 1).await;
    connect_notion(&service, &world.database_id).await;

    assert_eq!(
        call(&service, "workouts_show", json!({})).await,
        Ok(Value::Null)
    );

    // The demo's daily database is at the workspace's top level: nothing is beside it.
    let err = call(
        &service,
        "workouts_create_database",
        json!({"energy": "kcal"}),
    )
    .await
    .unwrap_err();
    assert_eq!(err["code"], "invalid_input");
    assert!(
        err["message"].as_str().unwrap().contains("choose a page"),
        "{err}"
    );
    assert_eq!(
        call(&service, "workouts_show", json!({})).await,
        Ok(Value::Null)
    );

    let page = world.notion.add_page("Health", true);
    let published = recorder.published.lock().unwrap().len();
    let created = call(
        &service,
        "workouts_create_database",
        json!({"parent": page, "energy": "kj"}),
    )
    .await
    .unwrap();
    assert_eq!(created["title"], "Workouts");
    assert_eq!(created["problems"], json!([]), "{created}");
    assert_eq!(created["canAddDayLink"], false);
    assert_eq!(
        row(&created, "energy_kj")["property"]["name"],
        "Energy (kJ)"
    );
    assert!(row(&created, "energy_kcal")["property"].is_null());
    assert_eq!(row(&created, "day")["kind"], "day_link");
    assert!(
        recorder.published.lock().unwrap().len() > published,
        "the window is told"
    );
    let workouts_ds = created["dataSourceId"].as_str().unwrap().to_string();
    assert_eq!(
        call(&service, "workouts_show", json!({})).await.unwrap(),
        created
    );

    // Unmapped, then mapped again by the column's id, in a unit of the user's.
    let strain = row(&created, "strain");
    let unmapped = call(&service, "workouts_map", json!({"field": "strain"}))
        .await
        .unwrap();
    assert!(row(&unmapped, "strain")["property"].is_null());
    let id = strain["choices"][0]["id"].clone();
    let mapped = call(
        &service,
        "workouts_map",
        json!({"field": "strain", "property": id}),
    )
    .await
    .unwrap();
    assert_eq!(row(&mapped, "strain")["property"]["id"], id);
    let duration = row(&mapped, "duration");
    let hours = call(
        &service,
        "workouts_map",
        json!({"field": "duration", "property": duration["property"]["id"], "unit": "hours"}),
    )
    .await
    .unwrap();
    assert_eq!(row(&hours, "duration")["property"]["unit"], "hours");
    // A column of the wrong type is refused in words, and nothing changes.
    let sport = row(&hours, "sport")["property"]["id"].clone();
    let err = call(
        &service,
        "workouts_map",
        json!({"field": "strain", "property": sport}),
    )
    .await
    .unwrap_err();
    assert_eq!(err["code"], "invalid_input", "{err}");
    assert_eq!(
        call(&service, "workouts_show", json!({})).await.unwrap(),
        hours
    );
    let err = call(&service, "workouts_map", json!({"field": "laps"}))
        .await
        .unwrap_err();
    assert_eq!(err["code"], "invalid_input");

    // The preview: the newest workout through the mapping, nothing written.
    let preview = call(&service, "workouts_preview", json!({})).await.unwrap();
    assert!(
        preview["title"].as_str().unwrap().contains(" · "),
        "{preview}"
    );
    let hours_cell = preview["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["field"] == "duration")
        .cloned()
        .unwrap();
    assert!(
        hours_cell["value"].as_str().unwrap().parse::<f64>().is_ok(),
        "{preview}"
    );
    assert!(world.notion.pages(&workouts_ds).is_empty());

    // Sync now: one page per workout written, each linked to its day's page.
    let report = call(&service, "sync_now", json!({})).await.unwrap();
    let done = &report["workouts"];
    let written = done["created"].as_u64().unwrap();
    assert!(written > 0, "{report}");
    assert_eq!(done["deletedInWhoop"], json!([]));
    let pages = world.notion.pages(&workouts_ds);
    assert_eq!(pages.len() as u64, written);
    let linked = pages
        .iter()
        .filter(|p| {
            p["properties"]["Day"]["relation"]
                .as_array()
                .is_some_and(|l| l.len() == 1)
        })
        .count() as u64;
    assert_eq!(linked, written - done["unlinked"].as_u64().unwrap());
    assert!(linked > 0);
    assert!(report["needsWhoopScope"].is_null(), "{report}");
    let overview = call(&service, "overview", json!({})).await.unwrap();
    assert!(overview["needsWhoopScope"].is_null(), "{overview}");

    // The user removes the link column in Notion: the app offers it back, and adds it only
    // when asked.
    world.notion.remove_property(&workouts_ds, "Day");
    let shown = call(&service, "workouts_show", json!({})).await.unwrap();
    assert_eq!(shown["canAddDayLink"], true, "{shown}");
    let linked = call(&service, "workouts_add_day_link", json!({}))
        .await
        .unwrap();
    assert_eq!(linked["canAddDayLink"], false);
    assert_eq!(row(&linked, "day")["property"]["name"], "Day");
    assert_eq!(linked["problems"], json!([]), "{linked}");

    // Off: the choice is forgotten, the database and its pages stay.
    assert_eq!(
        call(&service, "workouts_off", json!({})).await,
        Ok(Value::Null)
    );
    assert_eq!(
        call(&service, "workouts_show", json!({})).await,
        Ok(Value::Null)
    );
    assert_eq!(world.notion.pages(&workouts_ds).len() as u64, written);
    let report = call(&service, "sync_now", json!({})).await.unwrap();
    assert!(report["workouts"].is_null(), "{report}");
    let err = call(&service, "workouts_add_day_link", json!({}))
        .await
        .unwrap_err();
    assert_eq!(err["code"], "no_database");

    // Picked again: its mapping comes back from its names; the daily database is refused.
    let err = call(
        &service,
        "workouts_use",
        json!({"database": world.database_id}),
    )
    .await
    .unwrap_err();
    assert_eq!(err["code"], "invalid_input");
    let again = call(
        &service,
        "workouts_use",
        json!({"database": created["databaseId"]}),
    )
    .await
    .unwrap();
    assert_eq!(again["dataSourceId"], workouts_ds.as_str());
    assert_eq!(row(&again, "strain")["property"]["name"], "Strain");
}
