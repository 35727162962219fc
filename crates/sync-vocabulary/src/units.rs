//! The user's clock (12- or 24-hour) and temperature unit (°C or °F): how the tray, the
//! notification, the window and the CLI show times and skin temperature. The setting lives in
//! `config.json` ([`UnitsSetting`]); where it says nothing, the locale decides
//! ([`Units::from_locale_vars`], read by `process-env`, the only reader of the environment).
//! Values are kept in WHOOP's units (°C, kg, m); only their display follows these. Weight and
//! height are shown as the locale measures them (there is no setting for them: what Notion
//! gets is each mapped property's own choice).

use chrono::Timelike;
use serde::{Deserialize, Serialize};

pub use crate::body_units::{Height, Weight};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ClockStyle {
    #[default]
    #[serde(rename = "24h")]
    H24,
    #[serde(rename = "12h")]
    H12,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Temperature {
    #[default]
    Celsius,
    Fahrenheit,
}

impl ClockStyle {
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "24h" | "24" | "24-hour" => Some(Self::H24),
            "12h" | "12" | "12-hour" => Some(Self::H12),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::H24 => "24h",
            Self::H12 => "12h",
        }
    }
}

impl Temperature {
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "c" | "°c" | "celsius" => Some(Self::Celsius),
            "f" | "°f" | "fahrenheit" => Some(Self::Fahrenheit),
            _ => None,
        }
    }

    /// The word the CLI takes and shows: "c" or "f".
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Celsius => "c",
            Self::Fahrenheit => "f",
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Self::Celsius => "°C",
            Self::Fahrenheit => "°F",
        }
    }

    /// A temperature WHOOP gave in °C, in this unit (not rounded).
    pub fn from_celsius(self, celsius: f64) -> f64 {
        match self {
            Self::Celsius => celsius,
            Self::Fahrenheit => celsius * 9.0 / 5.0 + 32.0,
        }
    }
}

/// How values are shown, resolved: the setting where it says, else the locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Units {
    pub clock: ClockStyle,
    pub temperature: Temperature,
    pub weight: Weight,
    pub height: Height,
}

/// The user's choice as saved; `None` follows the locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UnitsSetting {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock: Option<ClockStyle>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temperature: Option<Temperature>,
}

impl UnitsSetting {
    pub fn resolve(self, locale: Units) -> Units {
        Units {
            clock: self.clock.unwrap_or(locale.clock),
            temperature: self.temperature.unwrap_or(locale.temperature),
            ..locale
        }
    }
}

/// Countries whose usual clock is 12-hour (CLDR's "h" time format for their main language).
/// Kept short on purpose: the big ones a default matters for; anyone else picks in Settings.
const TWELVE_HOUR: &[&str] = &["US", "CA", "AU", "NZ", "PH", "IN", "PK", "EG", "SA"];
/// Countries that use °F for everyday temperature (the US and a few that follow it).
const FAHRENHEIT: &[&str] = &["US", "LR", "BS", "BZ", "KY", "PW", "FM", "MH"];
/// Countries that weigh people in pounds and measure them in inches.
const IMPERIAL: &[&str] = &["US", "LR", "MM"];

/// "en_US.UTF-8" → "US"; "C", "POSIX" and "" → none.
fn country(locale: &str) -> Option<String> {
    let name = locale.split(['.', '@']).next()?;
    let (_, country) = name.split_once(['_', '-'])?;
    Some(country.to_ascii_uppercase())
}

impl Units {
    /// The defaults of one locale name: en_US → 12-hour and °F; en_GB, de_DE, C → 24-hour
    /// and °C.
    pub fn from_locale(locale: &str) -> Units {
        Units::from_locale_vars(None, Some(locale), Some(locale), None)
    }

    /// POSIX precedence: `LC_ALL` over the category (`LC_TIME` for the clock,
    /// `LC_MEASUREMENT` for temperature) over `LANG`; empty values don't count.
    pub fn from_locale_vars(
        lc_all: Option<&str>,
        lc_time: Option<&str>,
        lc_measurement: Option<&str>,
        lang: Option<&str>,
    ) -> Units {
        let pick = |category: Option<&str>| {
            [lc_all, category, lang]
                .into_iter()
                .flatten()
                .map(str::trim)
                .find(|v| !v.is_empty())
                .and_then(country)
        };
        let clock = match pick(lc_time) {
            Some(c) if TWELVE_HOUR.contains(&c.as_str()) => ClockStyle::H12,
            _ => ClockStyle::H24,
        };
        let measurement = pick(lc_measurement);
        let temperature = match &measurement {
            Some(c) if FAHRENHEIT.contains(&c.as_str()) => Temperature::Fahrenheit,
            _ => Temperature::Celsius,
        };
        let imperial = measurement.is_some_and(|c| IMPERIAL.contains(&c.as_str()));
        Units {
            clock,
            temperature,
            weight: if imperial {
                Weight::Pounds
            } else {
                Weight::Kilograms
            },
            height: if imperial {
                Height::Inches
            } else {
                Height::Centimeters
            },
        }
    }

    /// "07:55" or "7:55 AM".
    pub fn time(&self, t: impl Timelike) -> String {
        let (h, m) = (t.hour(), t.minute());
        match self.clock {
            ClockStyle::H24 => format!("{h:02}:{m:02}"),
            ClockStyle::H12 => {
                let (h12, half) = match h {
                    0 => (12, "AM"),
                    1..=11 => (h, "AM"),
                    12 => (12, "PM"),
                    _ => (h - 12, "PM"),
                };
                format!("{h12}:{m:02} {half}")
            }
        }
    }

    /// "2026-11-25 07:55" or "2026-11-25 7:55 AM".
    pub fn date_time(&self, t: chrono::NaiveDateTime) -> String {
        format!("{} {}", t.format("%Y-%m-%d"), self.time(t.time()))
    }

    /// "33.9 °C" or "93.0 °F" from a value in °C.
    pub fn temperature(&self, celsius: f64, decimals: u32) -> String {
        let shown = self.temperature.from_celsius(celsius);
        format!(
            "{:.*} {}",
            decimals as usize,
            shown,
            self.temperature.symbol()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveTime;

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn times_in_both_clocks() {
        let h24 = Units::default();
        let h12 = Units {
            clock: ClockStyle::H12,
            ..Units::default()
        };
        for (t, a, b) in [
            (hm(7, 55), "07:55", "7:55 AM"),
            (hm(0, 5), "00:05", "12:05 AM"),
            (hm(12, 0), "12:00", "12:00 PM"),
            (hm(23, 41), "23:41", "11:41 PM"),
        ] {
            assert_eq!(h24.time(t), a);
            assert_eq!(h12.time(t), b);
        }
    }

    #[test]
    fn temperatures_in_both_units() {
        let c = Units::default();
        let f = Units {
            temperature: Temperature::Fahrenheit,
            ..Units::default()
        };
        assert_eq!(c.temperature(33.9, 1), "33.9 °C");
        assert_eq!(f.temperature(33.9, 1), "93.0 °F");
        assert_eq!(f.temperature(37.0, 1), "98.6 °F");
    }

    #[test]
    fn locale_defaults() {
        let us = Units::from_locale("en_US.UTF-8");
        assert_eq!(
            (us.clock, us.temperature),
            (ClockStyle::H12, Temperature::Fahrenheit)
        );
        assert_eq!((us.weight, us.height), (Weight::Pounds, Height::Inches));
        for name in ["en_GB.UTF-8", "de_DE.UTF-8", "C", "POSIX", "", "fr_FR@euro"] {
            assert_eq!(Units::from_locale(name), Units::default(), "{name}");
        }
        let au = Units::from_locale("en_AU.UTF-8");
        assert_eq!(
            (au.clock, au.temperature),
            (ClockStyle::H12, Temperature::Celsius)
        );
    }

    #[test]
    fn locale_precedence() {
        // LC_ALL wins over everything.
        let u = Units::from_locale_vars(Some("de_DE"), Some("en_US"), Some("en_US"), None);
        assert_eq!(u, Units::default());
        // Each category its own: a US clock with metric measurement.
        let u = Units::from_locale_vars(Some(""), Some("en_US.UTF-8"), Some("en_GB"), None);
        assert_eq!(
            (u.clock, u.temperature),
            (ClockStyle::H12, Temperature::Celsius)
        );
        // LANG when the category is unset.
        let u = Units::from_locale_vars(None, None, None, Some("en_US.UTF-8"));
        assert_eq!(u.temperature, Temperature::Fahrenheit);
    }

    #[test]
    fn the_setting_overrides_the_locale_where_it_says() {
        let locale = Units::from_locale("en_US");
        let setting = UnitsSetting {
            clock: Some(ClockStyle::H24),
            temperature: None,
        };
        let u = setting.resolve(locale);
        assert_eq!(
            (u.clock, u.temperature),
            (ClockStyle::H24, Temperature::Fahrenheit)
        );
        assert_eq!(UnitsSetting::default().resolve(locale), locale);
        let json = serde_json::to_string(&setting).unwrap();
        assert_eq!(json, r#"{"clock":"24h"}"#);
    }
}
