use sync_engine::mapping::Mapping;
use sync_engine::{Engine, MappingView, Result, SyncError};

use crate::cli::MappingCommand;
use crate::output::Output;

pub async fn run(engine: &Engine, command: MappingCommand, out: &Output) -> Result<()> {
    let view = match command {
        MappingCommand::Show => engine.mapping_show().await?,
        MappingCommand::Auto => engine.mapping_auto().await?,
        MappingCommand::Set { assignments } => {
            let parsed = assignments
                .iter()
                .map(|a| parse_assignment(a))
                .collect::<Result<Vec<_>>>()?;
            engine.mapping_set(&parsed).await?
        }
        MappingCommand::Unset { keys } => engine.mapping_unset(&keys).await?,
    };
    out.emit(&view, || print_view(&view));
    Ok(())
}

/// `KEY=PROPERTY[:UNIT]`; a property name may itself contain `:` only when a unit follows.
pub(crate) fn parse_assignment(text: &str) -> Result<(String, String, Option<String>)> {
    let (key, rest) = text.split_once('=').ok_or_else(|| {
        SyncError::invalid(format!("\"{text}\" is not KEY=PROPERTY[:UNIT], e.g. recovery_score=Recovery, sleep_time=Sleep:hours, skin_temp=Skin temp:f or body_weight=Weight:lb"))
    })?;
    let (property, unit) = match rest.rsplit_once(':') {
        Some((p, u))
            if matches!(
                u.trim().to_ascii_lowercase().as_str(),
                "ms" | "min"
                    | "mins"
                    | "minutes"
                    | "h"
                    | "hours"
                    | "hrs"
                    | "text"
                    | "c"
                    | "f"
                    | "°c"
                    | "°f"
                    | "celsius"
                    | "fahrenheit"
                    | "kg"
                    | "lb"
                    | "lbs"
                    | "cm"
                    | "m"
                    | "in"
            ) =>
        {
            (p.to_string(), Some(u.trim().to_string()))
        }
        _ => (rest.to_string(), None),
    };
    if key.trim().is_empty() || property.trim().is_empty() {
        return Err(SyncError::invalid(format!(
            "\"{text}\" needs both a key and a property"
        )));
    }
    Ok((key.trim().to_string(), property.trim().to_string(), unit))
}

fn print_view(view: &MappingView) {
    println!("Database: {}", view.database);
    match &view.day {
        Some(day) => println!("  {:<20} → {} (day key)", "date", day.name),
        None => println!(
            "  {:<20} → (not set: `whoop-notion mapping set date=PROPERTY`)",
            "date"
        ),
    }
    for row in &view.rows {
        match &row.property {
            Some(p) => {
                let unit = p
                    .unit
                    .map(|u| format!(" [{}]", u.as_str()))
                    .or(p.temperature.map(|t| format!(" [{}]", t.symbol())))
                    .or(p.weight.map(|w| format!(" [{}]", w.as_str())))
                    .or(p.height.map(|h| format!(" [{}]", h.as_str())))
                    .unwrap_or_default();
                println!("  {:<20} → {}{}", row.key, p.name, unit);
            }
            None => println!("  {:<20}   (not written)", row.key),
        }
    }
    for problem in &view.problems {
        println!("! {}: {}", problem.key, problem.message);
    }
    if !view.problems.is_empty() {
        println!("{}", crate::hints::MAPPING_PROBLEMS);
    }
    for warning in &view.warnings {
        println!("~ {}: {}", warning.key, warning.message);
    }
}

pub fn print_mapping_brief(mapping: &Mapping) {
    if let Some(day) = &mapping.day {
        println!("  {:<20} → {} (day key)", "date", day.name);
    } else {
        println!(
            "  no date property found for the day key: `whoop-notion mapping set date=PROPERTY`"
        );
    }
    for (key, p) in &mapping.metrics {
        let unit = p
            .unit
            .map(|u| format!(" [{}]", u.as_str()))
            .unwrap_or_default();
        println!("  {:<20} → {}{}", key, p.name, unit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignments_with_and_without_units() {
        assert_eq!(
            parse_assignment("recovery_score=Recovery").unwrap(),
            ("recovery_score".into(), "Recovery".into(), None)
        );
        assert_eq!(
            parse_assignment("sleep_time=Sleep:hours").unwrap(),
            ("sleep_time".into(), "Sleep".into(), Some("hours".into()))
        );
        assert_eq!(
            parse_assignment("bedtime=Notes: evening").unwrap().1,
            "Notes: evening"
        );
        assert_eq!(
            parse_assignment("skin_temp=Skin temp (°C):f").unwrap(),
            (
                "skin_temp".to_string(),
                "Skin temp (°C)".to_string(),
                Some("f".to_string())
            )
        );
        assert_eq!(
            parse_assignment("body_weight=Weight:lb").unwrap(),
            ("body_weight".into(), "Weight".into(), Some("lb".into()))
        );
        assert_eq!(
            parse_assignment("body_height=Height (in):in").unwrap().2,
            Some("in".to_string())
        );
        assert!(parse_assignment("recovery_score").is_err());
        assert!(parse_assignment("=Recovery").is_err());
    }
}
