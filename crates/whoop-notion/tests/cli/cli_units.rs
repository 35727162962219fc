//! `whoop-notion units`: the locale's defaults, the user's choice, and the values shown and
//! written in them (skin temperature written in the mapping's unit, whatever is shown).

use crate::support;

use serde_json::Value;
use support::*;

/// The skin temperature a report shows for the days that have one: (number, unit).
fn skin_temps(report: &Value) -> Vec<(String, f64, String)> {
    report["days"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| {
            let shown = d["values"]["skin_temp"].as_str()?;
            let (n, unit) = shown.split_once(' ').unwrap();
            Some((
                d["day"].as_str().unwrap().to_string(),
                n.parse().unwrap(),
                unit.to_string(),
            ))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn units_follow_the_locale_then_the_choice() {
    let cli = Cli::start().await;
    // Without a choice: the locale's (the support sets LANG=C.UTF-8: 24-hour, °C).
    let shown = cli.json(&["units"]).await;
    assert_eq!(shown["clock"], "24h");
    assert_eq!(shown["temperature"], "celsius");
    let out = cli
        .command(&["--json", "units"])
        .env("LANG", "en_US.UTF-8")
        .output()
        .unwrap();
    let us: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (&us["clock"], &us["temperature"]),
        (&"12h".into(), &"fahrenheit".into())
    );
    // LC_ALL wins over LANG.
    let out = cli
        .command(&["--json", "units"])
        .env("LANG", "en_US.UTF-8")
        .env("LC_ALL", "de_DE.UTF-8")
        .output()
        .unwrap();
    let de: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(de["clock"], "24h");

    // The choice wins over the locale, and "auto" gives it back.
    let chosen = cli
        .json(&["units", "--clock", "12h", "--temperature", "f"])
        .await;
    assert_eq!(chosen["clock"], "12h");
    assert_eq!(chosen["setting"]["temperature"], "fahrenheit");
    let text = cli.run_ok(&["units"]).await;
    assert!(text.contains("12-hour (7:55 PM), your choice"), "{text}");
    assert!(text.contains("°F, your choice"), "{text}");
    let bad = cli.run(&["units", "--clock", "13h"]).await;
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("--clock \"13h\" is not a choice; use 12h, 24h or auto"));

    // Skin temperature written to Notion in °F (into a number column), shown in °F.
    cli.connect_all().await;
    cli.run_ok(&["mapping", "auto"]).await;
    let mapping = cli.run_ok(&["mapping", "set", "skin_temp=Strain:f"]).await;
    assert!(
        mapping.contains("skin_temp            → Strain [°F]"),
        "{mapping}"
    );
    let first = cli.json(&["sync"]).await;
    let temps = skin_temps(&first);
    assert!(!temps.is_empty(), "{first}");
    for (day, shown, unit) in &temps {
        assert_eq!(unit, "°F");
        let page = &cli.pages_on(day.parse().unwrap())[0];
        assert_eq!(
            page["properties"]["Strain"]["number"].as_f64(),
            Some(*shown),
            "{day}"
        );
        assert!(
            (90.0..=100.0).contains(shown),
            "a skin temperature in °F: {shown}"
        );
    }
    // The status line's time in the 12-hour clock.
    let status = cli.run_ok(&["status"]).await;
    assert!(
        status.contains(" AM (ok)") || status.contains(" PM (ok)"),
        "{status}"
    );

    // Shown in °C and 24-hour now: the pages keep °F and nothing is rewritten.
    cli.run_ok(&["units", "--clock", "24h", "--temperature", "c"])
        .await;
    let second = cli.json(&["sync"]).await;
    assert_eq!(second["created"], 0, "{second}");
    assert_eq!(second["updated"], 0, "{second}");
    for ((day, f, _), (_, c, unit)) in temps.iter().zip(skin_temps(&second)) {
        assert_eq!(unit, "°C");
        assert!(
            ((f - 32.0) * 5.0 / 9.0 - c).abs() <= 0.1,
            "{day}: {f} °F vs {c} °C"
        );
        let page = &cli.pages_on(day.parse().unwrap())[0];
        assert_eq!(page["properties"]["Strain"]["number"].as_f64(), Some(*f));
    }
    let status = cli.run_ok(&["status"]).await;
    assert!(
        !status.contains(" AM (ok)") && !status.contains(" PM (ok)"),
        "{status}"
    );
}
