//! The body measurement a run writes on today's page: one request, once per run, only when a
//! body metric is mapped and the sign-in allows it. WHOOP keeps only the current measurement,
//! so it is read when the run is, never per chunk.

use whoop_client::{BodyMeasurement, WhoopApi, WhoopError};

use crate::tokens::BODY_SCOPE;
use crate::Result;

/// What reading the body measurement gave.
#[derive(Debug, Default)]
pub(crate) struct BodyRead {
    pub body: Option<BodyMeasurement>,
    /// WHOOP refused it for want of `read:body_measurement` though the sign-in says it has it:
    /// reported as the other missing scopes, and the rest of the run goes on.
    pub refused_scope: bool,
}

/// Reads the body measurement when `wanted`. A refusal for want of its scope, or an answer this
/// version can't read, leaves it out instead of failing the run: the nights matter more than a
/// weight. Any other error (the sign-in gone, WHOOP unreachable) stops the run as any read does.
pub(crate) async fn read_body(whoop: &WhoopApi, wanted: bool) -> Result<BodyRead> {
    if !wanted {
        return Ok(BodyRead::default());
    }
    match whoop.body_measurement().await {
        Ok(body) => Ok(BodyRead {
            body: Some(body),
            refused_scope: false,
        }),
        Err(WhoopError::NeedsReconnect(r)) if r.missing_scope() == Some(BODY_SCOPE) => {
            Ok(BodyRead {
                body: None,
                refused_scope: true,
            })
        }
        Err(WhoopError::Decode(detail)) => {
            tracing::warn!("the body measurement couldn't be read, so it isn't written: {detail}");
            Ok(BodyRead::default())
        }
        Err(e) => Err(e.into()),
    }
}
