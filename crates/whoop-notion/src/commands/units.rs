//! `whoop-notion units`: the clock (12- or 24-hour) and temperature unit (°C or °F) that
//! `status`, `history`, `sync` and the desktop app show values in. Without a choice they
//! follow the locale (LC_ALL, LC_TIME / LC_MEASUREMENT, LANG).

use serde_json::json;
use sync_engine::{ClockStyle, Engine, Result, SyncError, Temperature};

use crate::cli::UnitsArgs;
use crate::output::Output;

pub fn run(engine: &Engine, args: UnitsArgs, out: &Output) -> Result<()> {
    let mut setting = engine.load_config()?.units;
    let changing = args.clock.is_some() || args.temperature.is_some();
    if let Some(text) = &args.clock {
        setting.clock = choice(text, ClockStyle::parse, "--clock", "12h, 24h or auto")?;
    }
    if let Some(text) = &args.temperature {
        setting.temperature = choice(text, Temperature::parse, "--temperature", "c, f or auto")?;
    }
    let units = if changing {
        engine.set_units(setting)?
    } else {
        engine.units()?
    };
    let from = |chosen: bool| {
        if chosen {
            "your choice"
        } else {
            "from the locale"
        }
    };
    out.emit(
        &json!({
            "clock": units.clock,
            "temperature": units.temperature,
            "setting": setting,
        }),
        || {
            let sample = chrono::NaiveTime::from_hms_opt(19, 55, 0).expect("valid");
            let clock = match units.clock {
                ClockStyle::H24 => "24-hour",
                ClockStyle::H12 => "12-hour",
            };
            println!(
                "Clock:       {clock} ({}), {}",
                units.time(sample),
                from(setting.clock.is_some())
            );
            println!(
                "Temperature: {}, {}",
                units.temperature.symbol(),
                from(setting.temperature.is_some())
            );
            if !changing {
                println!("{}", crate::hints::UNITS_CHANGE);
            }
        },
    );
    Ok(())
}

/// "auto" is no choice (follow the locale); else the value, or an error naming the flag.
fn choice<T>(
    text: &str,
    parse: impl Fn(&str) -> Option<T>,
    flag: &str,
    accepted: &str,
) -> Result<Option<T>> {
    if text.trim().eq_ignore_ascii_case("auto") {
        return Ok(None);
    }
    parse(text).map(Some).ok_or_else(|| {
        SyncError::invalid(format!("{flag} \"{text}\" is not a choice; use {accepted}"))
    })
}
