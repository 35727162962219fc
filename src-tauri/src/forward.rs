//! Every command the UI invokes goes to the tray host as it is: name and JSON arguments in,
//! the result or the `{code, message}` error out. The contract is docs/APP-API.md; the host
//! (crates/app-service) implements it.

use serde_json::{json, Value};
use sync_vocabulary::ErrorCode;
use tauri::ipc::{Invoke, InvokeBody, InvokeError};
use tauri::{Manager, Runtime};
use window_link::{Link, Reply};

/// Why there is no host to talk to, in the user's words (window-link's
/// [`Unreachable::message`](window_link::Unreachable::message)); every command says it.
pub struct HostUnavailable(pub String);

pub fn to_host<R: Runtime>(invoke: Invoke<R>) -> bool {
    let command = invoke.message.command().to_string();
    let args = match invoke.message.payload() {
        InvokeBody::Json(value) => value.clone(),
        InvokeBody::Raw(_) => {
            invoke.resolver.reject(json!({
                "code": ErrorCode::InvalidInput,
                "message": format!("{command}: arguments must be JSON"),
            }));
            return true;
        }
    };
    let webview = invoke.message.webview();
    let Some(link) = webview.try_state::<Link>().map(|l| l.inner().clone()) else {
        let message = match webview.try_state::<HostUnavailable>() {
            Some(problem) => problem.0.clone(),
            None => "The window is not connected to the background app yet.".into(),
        };
        invoke
            .resolver
            .reject(json!({ "code": ErrorCode::Internal, "message": message }));
        return true;
    };
    invoke
        .resolver
        .respond_async(async move { answer(link.call(&command, args).await) });
    true
}

fn answer(reply: Reply) -> Result<Value, InvokeError> {
    match reply {
        Reply::Ok(value) => Ok(value),
        Reply::Err(error) => Err(InvokeError::from(error)),
    }
}
