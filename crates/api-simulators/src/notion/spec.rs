//! What a test (or the demo) asks the simulator to contain: databases, their data sources and
//! the property schema of each. Plain data; the store turns it into objects with ids.

/// A property's type, as a user would pick it in Notion's UI.
#[derive(Debug, Clone, PartialEq)]
pub enum PropertyKind {
    Title,
    RichText,
    /// `format` is Notion's number format: "number", "percent", "number_with_commas", "dollar"...
    Number {
        format: String,
    },
    Date,
    Checkbox,
    /// Option names; writing an unknown name through the API creates the option (as Notion does).
    Select {
        options: Vec<String>,
    },
    MultiSelect {
        options: Vec<String>,
    },
    /// Unlike select, writing an unknown status name is refused.
    Status {
        options: Vec<String>,
    },
    Url,
    Email,
    PhoneNumber,
    /// Read-only. The simulator evaluates a tiny subset: `prop("X")`, numbers, strings,
    /// `+ - * /` and parentheses; anything else renders as an empty string result.
    Formula {
        expression: String,
    },
    CreatedTime,
    LastEditedTime,
    CreatedBy,
    LastEditedBy,
    /// Read-only auto-increment number per data source.
    UniqueId,
    /// Read-only; the simulator doesn't compute rollups, it always renders an empty number.
    Rollup,
    Button,
    /// Links to pages of `data_source_id`. `synced_property_id`: the property on that data
    /// source that Notion keeps in step (a `dual_property` relation); `None` for a
    /// `single_property` one. Dual relations are made by `Store::add_relation`, which creates
    /// both sides.
    Relation {
        data_source_id: String,
        synced_property_id: Option<String>,
    },
}

impl PropertyKind {
    /// A plain number property (`format: "number"`).
    pub fn number() -> Self {
        PropertyKind::Number {
            format: "number".into(),
        }
    }

    /// A percent number property: Notion shows the stored value × 100.
    pub fn percent() -> Self {
        PropertyKind::Number {
            format: "percent".into(),
        }
    }

    pub fn select(options: &[&str]) -> Self {
        PropertyKind::Select {
            options: options.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// The `type` string Notion uses on the wire.
    pub fn type_name(&self) -> &'static str {
        match self {
            PropertyKind::Title => "title",
            PropertyKind::RichText => "rich_text",
            PropertyKind::Number { .. } => "number",
            PropertyKind::Date => "date",
            PropertyKind::Checkbox => "checkbox",
            PropertyKind::Select { .. } => "select",
            PropertyKind::MultiSelect { .. } => "multi_select",
            PropertyKind::Status { .. } => "status",
            PropertyKind::Url => "url",
            PropertyKind::Email => "email",
            PropertyKind::PhoneNumber => "phone_number",
            PropertyKind::Formula { .. } => "formula",
            PropertyKind::CreatedTime => "created_time",
            PropertyKind::LastEditedTime => "last_edited_time",
            PropertyKind::CreatedBy => "created_by",
            PropertyKind::LastEditedBy => "last_edited_by",
            PropertyKind::UniqueId => "unique_id",
            PropertyKind::Rollup => "rollup",
            PropertyKind::Button => "button",
            PropertyKind::Relation { .. } => "relation",
        }
    }

    /// Types whose values Notion computes; writing them is a 400.
    pub fn is_read_only(&self) -> bool {
        matches!(
            self,
            PropertyKind::Formula { .. }
                | PropertyKind::CreatedTime
                | PropertyKind::LastEditedTime
                | PropertyKind::CreatedBy
                | PropertyKind::LastEditedBy
                | PropertyKind::UniqueId
                | PropertyKind::Rollup
                | PropertyKind::Button
        )
    }

    /// Option names declared by the spec (select, multi-select, status).
    pub fn option_names(&self) -> &[String] {
        match self {
            PropertyKind::Select { options }
            | PropertyKind::MultiSelect { options }
            | PropertyKind::Status { options } => options,
            _ => &[],
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PropertySpec {
    pub name: String,
    pub kind: PropertyKind,
}

impl PropertySpec {
    pub fn new(name: impl Into<String>, kind: PropertyKind) -> Self {
        PropertySpec {
            name: name.into(),
            kind,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct DataSourceSpec {
    pub name: String,
    /// Exactly one `Title` is expected; if none is given the store adds "Name" (every Notion
    /// data source has a title property).
    pub properties: Vec<PropertySpec>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DatabaseSpec {
    pub title: String,
    pub data_sources: Vec<DataSourceSpec>,
    /// Whether the database is shared with the connection (••• → Connections). Unshared
    /// databases, their sources and rows answer 404 and are absent from search.
    pub shared: bool,
}

/// Ids of what `add_database` created, dashed lowercase UUIDs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedDatabase {
    pub database_id: String,
    pub data_source_ids: Vec<String>,
}

/// The "Daily Tracking" database the app syncs into (demo mode and tests).
pub fn daily_tracking_spec() -> DatabaseSpec {
    use PropertyKind as K;
    let props = vec![
        PropertySpec::new("Name", K::Title),
        PropertySpec::new("Date", K::Date),
        PropertySpec::new("Recovery", K::percent()),
        PropertySpec::new("HRV", K::number()),
        PropertySpec::new("Resting HR", K::number()),
        PropertySpec::new("Sleep", K::RichText),
        PropertySpec::new("Time Asleep (h)", K::number()),
        PropertySpec::new("Sleep Efficiency", K::percent()),
        PropertySpec::new("Sleep Performance", K::percent()),
        PropertySpec::new("Respiratory Rate", K::number()),
        PropertySpec::new("Strain", K::number()),
        PropertySpec::new("Calories", K::number()),
        PropertySpec::new("Bedtime", K::RichText),
        PropertySpec::new("Notes", K::RichText),
        PropertySpec::new("Workout", K::Checkbox),
        PropertySpec::new("Mood", K::select(&["Great", "Good", "Okay", "Bad"])),
        PropertySpec::new("Created", K::CreatedTime),
        PropertySpec::new(
            "Score Formula",
            K::Formula {
                expression: "prop(\"Recovery\") * 100".into(),
            },
        ),
    ];
    DatabaseSpec {
        title: "Daily Tracking".into(),
        data_sources: vec![DataSourceSpec {
            name: "Daily Tracking".into(),
            properties: props,
        }],
        shared: true,
    }
}
