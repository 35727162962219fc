//! Connecting Notion and choosing the database: a token validated with `users/me`, a database
//! URL or id resolved to its data source, and the schema read and remembered.

use notion_client::{normalize_id, BotUser, DataSourceRef, NotionApi, NotionError};
use serde::Serialize;

use crate::config::{NotionSettings, NotionTarget};
use crate::engine::{Engine, NOTION_TOKEN};
use crate::mapping::Mapping;
use crate::{ErrorCode, Result, SyncError};

#[derive(Debug, Clone, Serialize)]
pub struct ChosenDatabase {
    pub target: NotionTarget,
    pub mapping: Mapping,
    /// True when the mapping was proposed from property names just now.
    pub auto_mapped: bool,
}

impl Engine {
    pub async fn notion_connect(&self, token: &str) -> Result<BotUser> {
        let token = token.trim();
        if token.is_empty() {
            return Err(SyncError::invalid(
                "no token given; paste your Notion connection token (from https://www.notion.so/profile/integrations)",
            ));
        }
        let api = self.notion_with_token(token.to_string());
        let me = api.me().await?;
        let config = self.load_config()?;
        self.secret_set(&config, NOTION_TOKEN, token.to_string())
            .await?;
        self.update_config(|c| {
            let target = c.notion.take().and_then(|n| n.target);
            c.notion = Some(NotionSettings {
                workspace_name: me.workspace_name.clone(),
                bot_name: me.name.clone(),
                target,
            });
            Ok(())
        })?;
        Ok(me)
    }

    pub async fn notion_disconnect(&self) -> Result<bool> {
        let config = self.load_config()?;
        self.secret_delete(&config, NOTION_TOKEN).await?;
        self.update_config(|c| Ok(c.notion.take().is_some()))
    }

    /// The data sources the token can see.
    pub async fn notion_databases(&self) -> Result<Vec<DataSourceRef>> {
        let config = self.load_config()?;
        let api = self.notion(&config).await?;
        Ok(api.search_data_sources().await?)
    }

    /// Points the sync at a database (URL or id; a data source id works too). With several
    /// data sources, `source` picks one by id or name.
    pub async fn notion_use(
        &self,
        id_or_url: &str,
        source: Option<&str>,
    ) -> Result<ChosenDatabase> {
        let config = self.load_config()?;
        let api = self.notion(&config).await?;
        let (database_id, database_title, data_source) =
            resolve_data_source(&api, id_or_url, source).await?;
        let schema = api.data_source(&data_source.id).await?;
        let target = NotionTarget {
            database_id,
            database_title,
            data_source_id: schema.id.clone(),
            data_source_name: data_source.name,
            schema,
        };
        self.update_config(|c| {
            let same_source = c.target().map(|t| t.data_source_id.as_str())
                == Some(target.data_source_id.as_str());
            let auto_mapped = !same_source || c.mapping.day.is_none();
            if auto_mapped {
                c.mapping = Mapping::auto(&target.schema);
            }
            let notion = c.notion.get_or_insert(NotionSettings {
                workspace_name: None,
                bot_name: None,
                target: None,
            });
            notion.target = Some(target.clone());
            Ok(ChosenDatabase {
                target: target.clone(),
                mapping: c.mapping.clone(),
                auto_mapped,
            })
        })
    }
}

/// The database (URL or id; a data source id works too) and which of its data sources:
/// `source` picks one by id or name when there are several. (id, title, data source).
pub(crate) async fn resolve_data_source(
    api: &NotionApi,
    id_or_url: &str,
    source: Option<&str>,
) -> Result<(String, String, DataSourceRef)> {
    let id = normalize_id(id_or_url).ok_or_else(|| {
            SyncError::invalid(format!(
                "\"{}\" is not a Notion database URL or id; copy the database's link (••• → Copy link) or pick it from the databases the connection can see",
                id_or_url.trim()
            ))
        })?;
    let resolved = match api.database(&id).await {
            Ok(db) => {
                let chosen = match (db.data_sources.as_slice(), source) {
                    ([], _) => {
                        return Err(SyncError::new(
                            ErrorCode::NotionNotFound,
                            format!("the database \"{}\" has no data source this connection can see", db.title),
                        ))
                    }
                    ([only], None) => only.clone(),
                    (all, Some(pick)) => all
                        .iter()
                        .find(|d| d.id == pick || normalize_id(pick).as_deref() == Some(&d.id) || d.name == pick)
                        .cloned()
                        .ok_or_else(|| SyncError::invalid(format!("\"{pick}\" is not one of: {}", list(all))))?,
                    (all, None) => {
                        return Err(SyncError::invalid(format!(
                            "the database \"{}\" has several data sources; pick one of: {}",
                            db.title,
                            list(all)
                        )))
                    }
                };
                (db.id, db.title, chosen)
            }
            // Maybe the user gave a data source id.
            Err(NotionError::NotFound { .. }) => match api.data_source(&id).await {
                Ok(ds) => {
                    let database_id = ds.database_id.clone().unwrap_or_default();
                    let title = match api.database(&database_id).await {
                        Ok(db) => db.title,
                        Err(_) => ds.name.clone(),
                    };
                    (
                        database_id.clone(),
                        title,
                        DataSourceRef { id: ds.id, name: ds.name, database_id: Some(database_id) },
                    )
                }
                Err(_) => {
                    return Err(SyncError::new(
                        ErrorCode::NotionNotFound,
                        "Notion can't find that database, or it isn't shared with your connection. Open the database in Notion, click ••• → Connections, and add your connection; then try again.",
                    ))
                }
            },
            Err(other) => return Err(other.into()),
        };
    Ok(resolved)
}

fn list(sources: &[DataSourceRef]) -> String {
    sources
        .iter()
        .map(|d| format!("{} ({})", d.name, d.id))
        .collect::<Vec<_>>()
        .join(", ")
}
