use sync_vocabulary::{ErrorCode, SyncError};
use thiserror::Error;

/// A Notion failure. Callers match on the variants (`From` below gives each its `ErrorCode`);
/// `Rejected::code` is Notion's own error code.
#[derive(Debug, Error)]
pub enum NotionError {
    #[error("Notion refused the connection token ({message})")]
    Unauthorized { message: String },
    #[error("Notion can't find it or the connection can't see it ({message}). Share the database with your connection: ••• → Connections → add it.")]
    NotFound { message: String },
    /// 403 `restricted_resource`: the connection lacks the capability this request needs.
    #[error(
        "Notion didn't let this connection {}: it needs the \"{}\" capability ({message})",
        needs.action(),
        needs.name()
    )]
    Restricted { needs: Capability, message: String },
    #[error("Notion rejected the request ({code}): {message}")]
    Rejected {
        status: u16,
        code: String,
        message: String,
    },
    #[error("Notion is rate limiting this connection; try again in a minute")]
    RateLimited,
    #[error("Notion answered HTTP {status}: {message}")]
    Server { status: u16, message: String },
    /// A write whose outcome is unknown (timeout, dropped connection, 5xx after sending).
    #[error("Notion did not confirm the write ({detail}); it may or may not have happened")]
    Unconfirmed { detail: String },
    #[error("could not reach Notion: {0}")]
    Transport(String),
    #[error("Notion sent something this app can't read: {0}")]
    Decode(String),
    /// The network answered in Notion's place with a web page of its own (a Wi-Fi sign-in or
    /// "accept the terms" page): the request never reached Notion.
    #[error("the network answered with a web page instead of Notion (a Wi-Fi sign-in page?)")]
    NetworkWebPage,
}

/// A connection's content capabilities, each named as Notion's integration settings name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capability {
    ReadContent,
    UpdateContent,
    InsertContent,
}

impl Capability {
    /// What a request of `method` to `path` needs: reading (a GET, a query, a search), changing
    /// a page (PATCH), or creating a page or a database (any other POST).
    pub fn for_request(method: &str, path: &str) -> Capability {
        match method {
            "GET" => Capability::ReadContent,
            "POST" if path.ends_with("/query") || path == "/v1/search" => Capability::ReadContent,
            "POST" => Capability::InsertContent,
            _ => Capability::UpdateContent,
        }
    }

    /// Its name in the connection's Capabilities.
    pub fn name(self) -> &'static str {
        match self {
            Capability::ReadContent => "Read content",
            Capability::UpdateContent => "Update content",
            Capability::InsertContent => "Insert content",
        }
    }

    fn action(self) -> &'static str {
        match self {
            Capability::ReadContent => "read content",
            Capability::UpdateContent => "change a page",
            Capability::InsertContent => "add content",
        }
    }
}

impl NotionError {
    /// Notion's own code (`validation_error`, …) when it sent one.
    pub fn notion_code(&self) -> Option<&str> {
        match self {
            NotionError::Rejected { code, .. } => Some(code),
            NotionError::Unauthorized { .. } => Some("unauthorized"),
            NotionError::NotFound { .. } => Some("object_not_found"),
            NotionError::Restricted { .. } => Some("restricted_resource"),
            _ => None,
        }
    }
}

/// The code each error is known by on every surface (the CLI, the window, the history).
impl From<NotionError> for SyncError {
    fn from(e: NotionError) -> Self {
        let code = match &e {
            NotionError::Unauthorized { .. } => ErrorCode::NotionUnauthorized,
            NotionError::NotFound { .. } => ErrorCode::NotionNotFound,
            NotionError::Rejected { .. } => ErrorCode::NotionRejected,
            NotionError::Restricted { .. } => ErrorCode::NotionNoPermission,
            NotionError::RateLimited => ErrorCode::RateLimited,
            NotionError::Server { .. } | NotionError::Unconfirmed { .. } => ErrorCode::Server,
            NotionError::Transport(_) => ErrorCode::Network,
            NotionError::NetworkWebPage => ErrorCode::NetworkWebPage,
            NotionError::Decode(_) => ErrorCode::Internal,
        };
        SyncError::new(code, e.to_string())
    }
}
