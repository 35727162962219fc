//! Two computers (or two runs) that checked a day at the same moment each created its page.
//! Notion has no unique keys, so the app converges afterwards: every computer picks the same
//! page to keep ([`crate::plan::pages_by_day`]), and each moves to the trash only the extra
//! pages it can prove are its own and untouched. What decides that is here, pure; the engine
//! asks Notion for the two facts a page doesn't carry (who this connection is, and whether
//! the page has a body).

use notion_client::{DataSourceSchema, Page};
use serde_json::Value;

/// Why an extra page stays, or `None` when it is this connection's own and holds nothing the
/// app didn't write (so the kept page, written first, has everything it had). `bot` is this
/// connection's bot user; `written`, the properties the app writes (besides the title). The
/// page's body is checked apart (it costs a request).
pub fn why_kept(
    page: &Page,
    bot: &str,
    written: &[String],
    schema: &DataSourceSchema,
) -> Option<&'static str> {
    if page.created_by.as_deref() != Some(bot) {
        return Some("made by someone else");
    }
    if page.last_edited_by.as_deref() != Some(bot) {
        return Some("changed by someone else");
    }
    let written = |id: &str| {
        written.iter().any(|w| w == id) || schema.title_property().is_some_and(|t| t.id == id)
    };
    let foreign = page.properties.iter().any(|p| {
        let computed = schema.by_id(&p.id).is_none_or(|s| s.is_read_only());
        !written(&p.id) && !computed && !is_empty(&p.kind, &p.value)
    });
    foreign.then_some("holds values the app didn't write")
}

/// A property value nobody set: null, an empty list or text, an unchecked box.
fn is_empty(kind: &str, value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Bool(b) => kind == "checkbox" && !b,
        Value::String(s) => s.is_empty(),
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.values().all(Value::is_null),
        Value::Number(_) => false,
    }
}

/// This connection's bot user, asked of Notion once per run and only when a day has extra
/// pages.
pub(crate) type BotCell = tokio::sync::OnceCell<String>;

/// After the day's page has its values: moves to the trash each extra page this connection
/// provably made and nobody touched (no foreign value, no body), and says what happened. A
/// failure here costs nothing but the tidying: the extra pages stay and are reported.
pub(crate) async fn tidy(
    notion: &notion_client::NotionApi,
    bot: &BotCell,
    written: &[String],
    schema: &DataSourceSchema,
    extra: &[Page],
) -> String {
    let mut left = Vec::new();
    let mut trashed = 0;
    for page in extra {
        match tidy_one(notion, bot, written, schema, page).await {
            Ok(true) => trashed += 1,
            Ok(false) => left.push(page.clone()),
            Err(e) => {
                tracing::warn!("could not tidy the extra page {}: {e}", page.id);
                left.push(page.clone());
            }
        }
    }
    if left.is_empty() {
        format!(
            "another run made a page for this date too; kept the oldest and moved {trashed} \
             extra page{} this app made to the trash",
            if trashed == 1 { "" } else { "s" }
        )
    } else {
        crate::plan::duplicates_left(extra.len() + 1, &left)
    }
}

/// `Ok(true)` when the page went to the trash.
async fn tidy_one(
    notion: &notion_client::NotionApi,
    bot: &BotCell,
    written: &[String],
    schema: &DataSourceSchema,
    page: &Page,
) -> Result<bool, notion_client::NotionError> {
    let bot = bot
        .get_or_try_init(|| async { notion.me().await.map(|me| me.id) })
        .await?;
    if let Some(why) = why_kept(page, bot, written, schema) {
        tracing::info!("left the extra page {} alone: {why}", page.id);
        return Ok(false);
    }
    if notion.has_body(&page.id).await? {
        tracing::info!("left the extra page {} alone: it has a body", page.id);
        return Ok(false);
    }
    notion.trash_page(&page.id).await?;
    tracing::info!("moved the extra page {} to the trash", page.id);
    Ok(true)
}

#[cfg(test)]
mod tests {
    use notion_client::{DataSourceSchema, Page, PropertySchema};
    use serde_json::{json, Value};

    use super::why_kept;
    use crate::mapping::{MappedProperty, Mapping};

    const BOT: &str = "bot-a";

    fn schema() -> DataSourceSchema {
        let property = |id: &str, name: &str, kind: &str| PropertySchema {
            id: id.into(),
            name: name.into(),
            kind: kind.into(),
            number_format: None,
            options: Vec::new(),
            ..Default::default()
        };
        DataSourceSchema {
            id: "ds".into(),
            name: "Daily".into(),
            database_id: None,
            properties: vec![
                property("title", "Name", "title"),
                property("d", "Date", "date"),
                property("r", "Recovery", "number"),
                property("n", "Notes", "rich_text"),
                property("w", "Workout", "checkbox"),
                property("f", "Score", "formula"),
            ],
        }
    }

    fn mapping() -> Mapping {
        let mapped = |id: &str, name: &str| MappedProperty {
            id: id.into(),
            name: name.into(),
            unit: None,
            temperature: None,
            weight: None,
            height: None,
        };
        let mut mapping = Mapping {
            day: Some(mapped("d", "Date")),
            ..Mapping::default()
        };
        mapping
            .metrics
            .insert("recovery_score".into(), mapped("r", "Recovery"));
        mapping
    }

    fn page(created_by: &str, last_edited_by: &str, notes: Value, workout: bool) -> Page {
        serde_json::from_value(json!({
            "id": "p2", "url": null, "created_time": "2026-03-20T07:00:00Z", "in_trash": false,
            "created_by": created_by, "last_edited_by": last_edited_by,
            "properties": [
                {"id": "title", "name": "Name", "kind": "title", "value": [{"plain_text": "2026-03-20"}]},
                {"id": "d", "name": "Date", "kind": "date", "value": {"start": "2026-03-20", "end": null}},
                {"id": "r", "name": "Recovery", "kind": "number", "value": 0.61},
                {"id": "n", "name": "Notes", "kind": "rich_text", "value": notes},
                {"id": "w", "name": "Workout", "kind": "checkbox", "value": workout},
                {"id": "f", "name": "Score", "kind": "formula", "value": {"type": "number", "number": 61}}
            ]
        }))
        .unwrap()
    }

    #[test]
    fn only_this_connections_untouched_page_may_go() {
        let (m, s) = (mapping().written_ids(), schema());
        assert_eq!(
            why_kept(&page(BOT, BOT, json!([]), false), BOT, &m, &s),
            None
        );
        assert_eq!(
            why_kept(&page("person", "person", json!([]), false), BOT, &m, &s),
            Some("made by someone else")
        );
        assert_eq!(
            why_kept(&page("bot-b", "bot-b", json!([]), false), BOT, &m, &s),
            Some("made by someone else"),
            "another computer's connection owns its own pages"
        );
        assert_eq!(
            why_kept(&page(BOT, "person", json!([]), false), BOT, &m, &s),
            Some("changed by someone else")
        );
    }

    #[test]
    fn a_value_the_app_didnt_write_keeps_the_page() {
        let (m, s) = (mapping().written_ids(), schema());
        let notes = json!([{"plain_text": "slept badly"}]);
        assert_eq!(
            why_kept(&page(BOT, BOT, notes, false), BOT, &m, &s),
            Some("holds values the app didn't write")
        );
        assert_eq!(
            why_kept(&page(BOT, BOT, json!([]), true), BOT, &m, &s),
            Some("holds values the app didn't write")
        );
        // A formula's value is computed, not written by anyone.
        assert_eq!(
            why_kept(&page(BOT, BOT, Value::Null, false), BOT, &m, &s),
            None
        );
    }
}
