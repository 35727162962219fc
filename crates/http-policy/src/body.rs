//! Reading an answer's body with a cap: a server (or whatever answers in its place) that
//! sends without end fills no memory. The services' real answers are far smaller: a page of 25
//! WHOOP records or 100 Notion pages is well under a megabyte.

use reqwest::Response;

/// The largest body read from a service.
pub const MAX_BODY: usize = 8 * 1024 * 1024;

/// Why a body couldn't be read.
#[derive(Debug)]
pub enum BodyError {
    /// Longer than the cap: the answer is not one of the service's.
    TooLarge { limit: usize },
    /// The connection failed while the body came in (said without the URL, which may carry
    /// query parameters that don't belong in a message).
    Transport(String),
}

impl std::fmt::Display for BodyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BodyError::TooLarge { limit } => write!(
                f,
                "the answer is larger than {} MB, more than the service ever sends",
                limit / (1024 * 1024)
            ),
            BodyError::Transport(e) => f.write_str(e),
        }
    }
}

/// The body, read a chunk at a time, stopped as soon as it passes `limit` bytes.
pub async fn read_body(mut response: Response, limit: usize) -> Result<Vec<u8>, BodyError> {
    if response
        .content_length()
        .is_some_and(|length| length > limit as u64)
    {
        return Err(BodyError::TooLarge { limit });
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| BodyError::Transport(e.without_url().to_string()))?
    {
        if body.len() + chunk.len() > limit {
            return Err(BodyError::TooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// [`read_body`] as text; bytes that aren't UTF-8 are replaced (the services send UTF-8).
pub async fn read_text(response: Response, limit: usize) -> Result<String, BodyError> {
    let bytes = read_body(response, limit).await?;
    Ok(String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}
