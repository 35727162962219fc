use std::io::Write;
use std::time::Duration;

use serde_json::json;
use sync_engine::{Engine, Result};

use super::prompt;
use crate::cli::WhoopCommand;
use crate::output::Output;

pub async fn run(engine: &Engine, command: WhoopCommand, out: &Output) -> Result<()> {
    match command {
        WhoopCommand::Connect {
            client_id,
            redirect_uri,
            no_browser,
            timeout,
        } => connect(engine, client_id, redirect_uri, no_browser, timeout, out).await,
        WhoopCommand::Disconnect => {
            let was = engine.whoop_disconnect().await?;
            out.emit(&json!({"disconnected": was}), || {
                println!(
                    "{}",
                    if was {
                        "WHOOP is disconnected."
                    } else {
                        "WHOOP was not connected."
                    }
                )
            });
            Ok(())
        }
    }
}

async fn connect(
    engine: &Engine,
    client_id: Option<String>,
    redirect_uri: Option<String>,
    no_browser: bool,
    timeout: u64,
    out: &Output,
) -> Result<()> {
    let client_id = match client_id.filter(|c| !c.trim().is_empty()) {
        Some(id) => id,
        None => prompt::line(
            "WHOOP client id: ",
            "no WHOOP client id: pass --client-id or set WHOOP_CLIENT_ID (from your app at https://developer-dashboard.whoop.com)",
        )?,
    };
    let client_secret = match std::env::var("WHOOP_CLIENT_SECRET")
        .ok()
        .filter(|s| !s.trim().is_empty())
    {
        Some(secret) => secret,
        None => prompt::secret(
            "WHOOP client secret (hidden): ",
            "no WHOOP client secret: set WHOOP_CLIENT_SECRET or run this on a terminal to be asked",
        )?,
    };
    let mut pending = engine
        .whoop_begin_connect(&client_id, &client_secret, redirect_uri.as_deref())
        .await?;
    if no_browser {
        // Alone on the first line, flushed: scripts and tests read it from here.
        println!("{}", pending.authorize_url);
        let _ = std::io::stdout().flush();
    } else if !prompt::open_browser(&pending.authorize_url) {
        out.note(&format!(
            "Open this address in your browser to sign in to WHOOP:\n{}",
            pending.authorize_url
        ));
    } else {
        out.note("Your browser is open at WHOOP's sign-in page. Approve the app there.");
    }
    let code = if pending.listens() {
        out.note(&format!(
            "Waiting for WHOOP to send you back to {} …",
            pending.redirect_uri
        ));
        pending.wait_for_code(Duration::from_secs(timeout)).await?
    } else {
        let pasted = prompt::line(
            "After approving, your browser goes to an address it can't open. Paste that whole address here: ",
            "this redirect URI needs the browser's address pasted back; run on a terminal, or use an http://127.0.0.1:PORT/… redirect URI",
        )?;
        pending.code_from_pasted_url(&pasted)?
    };
    let account = engine.whoop_finish_connect(pending, &code).await?;
    out.emit(&json!({"connected": true, "user": account}), || {
        println!("Connected to WHOOP as {}.", account.name)
    });
    Ok(())
}
