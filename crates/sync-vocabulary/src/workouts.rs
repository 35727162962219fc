//! The columns of a Workouts database: one page per WHOOP workout, each field a property the
//! user maps by id (as the daily metrics are), and what a run did with the workouts.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What kind of value a field is, which decides the properties it can go into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum WorkoutFieldKind {
    /// The workout's start, a date with a time (the database's date key).
    Start,
    /// WHOOP's id of the workout: text, the key a page is found again by.
    WhoopId,
    /// Words (the sport): text or a select.
    Text,
    /// A number WHOOP measured.
    Number,
    /// Milliseconds; written in the unit the user picked, as the daily durations are.
    Duration,
    /// The link to the day's page in the daily database.
    DayLink,
}

macro_rules! workout_fields {
    ($($key:ident = $name:literal, $label:literal, $kind:ident, $decimals:literal, $unit:literal, [$($synonym:literal),*];)*) => {
        /// A Workouts database column, as the settings, the CLI and the window write it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        pub enum WorkoutField {
            $(#[serde(rename = $name)] $key,)*
        }

        impl WorkoutField {
            /// Every field, in the order the window and a created database list them.
            pub const ALL: [WorkoutField; [$($name),*].len()] = [$(WorkoutField::$key),*];

            pub const fn as_str(self) -> &'static str {
                match self {
                    $(WorkoutField::$key => $name,)*
                }
            }

            /// The column's usual name, which a created database uses.
            pub const fn label(self) -> &'static str {
                match self {
                    $(WorkoutField::$key => $label,)*
                }
            }

            pub const fn kind(self) -> WorkoutFieldKind {
                match self {
                    $(WorkoutField::$key => WorkoutFieldKind::$kind,)*
                }
            }

            /// Decimal places WHOOP displays (numbers only).
            pub const fn decimals(self) -> u32 {
                match self {
                    $(WorkoutField::$key => $decimals,)*
                }
            }

            /// Unit shown after the number in text; empty for none.
            pub const fn unit(self) -> &'static str {
                match self {
                    $(WorkoutField::$key => $unit,)*
                }
            }

            /// Lower-case names a property may have for this field (automatic mapping).
            pub fn synonyms(self) -> &'static [&'static str] {
                match self {
                    $(WorkoutField::$key => &[$($synonym),*],)*
                }
            }
        }
    };
}

workout_fields! {
    Start = "start", "Start", Start, 0, "", ["start", "date", "when", "started"];
    WhoopId = "whoop_id", "WHOOP ID", WhoopId, 0, "", ["whoop id", "workout id", "id"];
    Sport = "sport", "Sport", Text, 0, "", ["sport", "activity", "type"];
    Duration = "duration", "Duration (min)", Duration, 0, "", ["duration (min)", "duration", "time", "minutes"];
    Strain = "strain", "Strain", Number, 1, "", ["strain", "workout strain"];
    AverageHeartRate = "average_heart_rate", "Avg HR", Number, 0, "bpm", ["avg hr", "average hr", "average heart rate", "avg heart rate"];
    MaxHeartRate = "max_heart_rate", "Max HR", Number, 0, "bpm", ["max hr", "max heart rate", "maximum heart rate"];
    EnergyKj = "energy_kj", "Energy (kJ)", Number, 0, "kJ", ["energy (kj)", "kilojoules", "kj"];
    EnergyKcal = "energy_kcal", "Calories", Number, 0, "kcal", ["calories", "energy (kcal)", "kcal", "active calories"];
    DistanceKm = "distance_km", "Distance (km)", Number, 2, "km", ["distance (km)", "km"];
    DistanceMi = "distance_mi", "Distance (mi)", Number, 2, "mi", ["distance (mi)", "miles", "mi"];
    Zone0 = "zone_0", "Zone 0 (min)", Duration, 0, "", ["zone 0 (min)", "zone 0", "z0"];
    Zone1 = "zone_1", "Zone 1 (min)", Duration, 0, "", ["zone 1 (min)", "zone 1", "z1"];
    Zone2 = "zone_2", "Zone 2 (min)", Duration, 0, "", ["zone 2 (min)", "zone 2", "z2"];
    Zone3 = "zone_3", "Zone 3 (min)", Duration, 0, "", ["zone 3 (min)", "zone 3", "z3"];
    Zone4 = "zone_4", "Zone 4 (min)", Duration, 0, "", ["zone 4 (min)", "zone 4", "z4"];
    Zone5 = "zone_5", "Zone 5 (min)", Duration, 0, "", ["zone 5 (min)", "zone 5", "z5"];
    Day = "day", "Day", DayLink, 0, "", ["day", "daily tracking", "daily"];
}

impl WorkoutField {
    /// The field written `name`, if there is one.
    pub fn parse(name: &str) -> Option<WorkoutField> {
        Self::ALL.into_iter().find(|f| f.as_str() == name)
    }

    /// The six heart-rate zones, zone 0 first.
    pub const ZONES: [WorkoutField; 6] = [
        WorkoutField::Zone0,
        WorkoutField::Zone1,
        WorkoutField::Zone2,
        WorkoutField::Zone3,
        WorkoutField::Zone4,
        WorkoutField::Zone5,
    ];
}

impl fmt::Display for WorkoutField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a run did with the workouts of its days (absent when no Workouts database is set).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
// camelCase for the window (app-service's wire.rs); snake_case in the CLI's JSON and on disk.
#[cfg_attr(feature = "ts", ts(rename_all = "camelCase"))]
pub struct WorkoutsReport {
    pub created: u32,
    pub updated: u32,
    pub unchanged: u32,
    /// Workouts WHOOP is still scoring: written once scored.
    pub waiting: u32,
    /// Pages of workouts WHOOP no longer has: reported, never trashed (the user decides).
    #[serde(default)]
    pub deleted_in_whoop: Vec<String>,
    /// Workouts written without the link to their day, because the day has no page yet.
    #[serde(default)]
    pub unlinked: u32,
}

impl WorkoutsReport {
    /// Pages created or changed.
    pub fn written(&self) -> u32 {
        self.created + self.updated
    }

    pub fn add(&mut self, other: &WorkoutsReport) {
        self.created += other.created;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
        self.waiting += other.waiting;
        self.unlinked += other.unlinked;
        self.deleted_in_whoop
            .extend(other.deleted_in_whoop.iter().cloned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_reads_back_from_its_key_and_keys_are_unique() {
        let mut keys: Vec<&str> = WorkoutField::ALL.iter().map(|f| f.as_str()).collect();
        for field in WorkoutField::ALL {
            assert_eq!(WorkoutField::parse(field.as_str()), Some(field));
            let json = serde_json::to_string(&field).unwrap();
            assert_eq!(json, format!("\"{}\"", field.as_str()));
        }
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), WorkoutField::ALL.len());
        assert_eq!(WorkoutField::parse("nope"), None);
    }

    #[test]
    fn a_created_database_names_every_column_apart() {
        let mut labels: Vec<String> = WorkoutField::ALL
            .iter()
            .map(|f| f.label().to_lowercase())
            .collect();
        labels.sort();
        labels.dedup();
        assert_eq!(labels.len(), WorkoutField::ALL.len());
    }
}
