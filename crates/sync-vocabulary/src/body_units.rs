//! The units a body measurement is written and shown in: weight in kilograms or pounds, height
//! in centimetres, metres or inches. WHOOP gives kilograms and metres; each unit rounds as a
//! person reads it (71.5 kg, 157.6 lb, 183 cm, 1.83 m, 72.0 in), so a value written once
//! compares equal when the same measurement is read again.

use serde::{Deserialize, Serialize};

/// Pounds in a kilogram: the international pound is exactly 0.45359237 kg.
const KG_PER_POUND: f64 = 0.453_592_37;
/// Metres in an inch, exactly.
const METRES_PER_INCH: f64 = 0.0254;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Weight {
    #[default]
    Kilograms,
    Pounds,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Height {
    #[default]
    Centimeters,
    Meters,
    Inches,
}

impl Weight {
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "kg" | "kilograms" => Some(Self::Kilograms),
            "lb" | "lbs" | "pounds" => Some(Self::Pounds),
            _ => None,
        }
    }

    /// The word the CLI takes and shows, also the symbol after the number: "kg" or "lb".
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Kilograms => "kg",
            Self::Pounds => "lb",
        }
    }

    /// A weight WHOOP gave in kilograms, in this unit, rounded as it is read (one decimal).
    pub fn from_kilograms(self, kilograms: f64) -> f64 {
        let value = match self {
            Self::Kilograms => kilograms,
            Self::Pounds => kilograms / KG_PER_POUND,
        };
        round(value, 1)
    }

    /// "71.5 kg" or "157.6 lb" from a value in kilograms.
    pub fn format(self, kilograms: f64) -> String {
        format!("{:.1} {}", self.from_kilograms(kilograms), self.as_str())
    }
}

impl Height {
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "cm" | "centimeters" | "centimetres" => Some(Self::Centimeters),
            "m" | "meters" | "metres" => Some(Self::Meters),
            "in" | "inches" => Some(Self::Inches),
            _ => None,
        }
    }

    /// The word the CLI takes and shows, also the symbol after the number: "cm", "m" or "in".
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Centimeters => "cm",
            Self::Meters => "m",
            Self::Inches => "in",
        }
    }

    /// Decimals a person reads this unit with: 183 cm, 1.83 m, 72.0 in.
    fn decimals(self) -> u32 {
        match self {
            Self::Centimeters => 0,
            Self::Meters => 2,
            Self::Inches => 1,
        }
    }

    /// A height WHOOP gave in metres, in this unit, rounded as it is read.
    pub fn from_meters(self, meters: f64) -> f64 {
        let value = match self {
            Self::Centimeters => meters * 100.0,
            Self::Meters => meters,
            Self::Inches => meters / METRES_PER_INCH,
        };
        round(value, self.decimals())
    }

    /// "183 cm", "1.83 m" or "72.0 in" from a value in metres.
    pub fn format(self, meters: f64) -> String {
        format!(
            "{:.*} {}",
            self.decimals() as usize,
            self.from_meters(meters),
            self.as_str()
        )
    }
}

fn round(value: f64, decimals: u32) -> f64 {
    crate::metrics::round_to(value, decimals)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_in_both_units() {
        // WHOOP's example: 200 lb entered in the app, sent as kilograms.
        assert_eq!(Weight::Kilograms.from_kilograms(90.7185), 90.7);
        assert_eq!(Weight::Pounds.from_kilograms(90.7185), 200.0);
        assert_eq!(Weight::Pounds.format(71.5), "157.6 lb");
        assert_eq!(Weight::Kilograms.format(71.46), "71.5 kg");
        assert_eq!(Weight::parse("LBS"), Some(Weight::Pounds));
        assert_eq!(Weight::parse("st"), None);
    }

    #[test]
    fn heights_in_every_unit() {
        // WHOOP's example: 6 ft.
        assert_eq!(Height::Centimeters.from_meters(1.8288), 183.0);
        assert_eq!(Height::Meters.from_meters(1.8288), 1.83);
        assert_eq!(Height::Inches.from_meters(1.8288), 72.0);
        assert_eq!(Height::Centimeters.format(1.7), "170 cm");
        assert_eq!(Height::Inches.format(1.7), "66.9 in");
        assert_eq!(Height::parse("metres"), Some(Height::Meters));
        assert_eq!(Height::parse("ft"), None);
    }
}
