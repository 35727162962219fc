//! Every command the UI invokes goes to the tray host as it is: name and JSON arguments in,
//! the result or the `{code, message}` error out. The one exception is the window's own save
//! dialog ([`handle`] sends it to `save_dialog`), whose answer `export_history` must carry. The contract is docs/APP-API.md; the host
//! (crates/app-service) implements it.

use serde_json::{json, Value};
use sync_vocabulary::ErrorCode;
use tauri::ipc::{Invoke, InvokeBody, InvokeError};
use tauri::{Manager, Runtime};
use window_link::{Link, Reply};

/// Why there is no host to talk to, in the user's words (window-link's
/// [`Unreachable::message`](window_link::Unreachable::message)); every command says it.
pub struct HostUnavailable(pub String);

/// What the UI invokes: the save dialog here, everything else to the host.
pub fn handle<R: Runtime>(invoke: Invoke<R>) -> bool {
    if invoke.message.command() == crate::save_dialog::CHOOSE {
        return own_commands()(invoke);
    }
    to_host(invoke)
}

fn own_commands<R: Runtime>() -> impl Fn(Invoke<R>) -> bool {
    tauri::generate_handler![crate::save_dialog::choose_export_file]
}

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
    if command == crate::save_dialog::EXPORT {
        if let Err(refused) = crate::save_dialog::check_export(&webview, &args) {
            invoke.resolver.reject(refused);
            return true;
        }
    }
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
