use std::sync::Arc;
use std::time::Duration;

use app_core::overview::Overview;
use app_core::setup_change::SetupChange;
use sync_engine::{PendingWhoopConnect, SyncError, APP_LINK_REDIRECT_URI};

use crate::contract::{
    AppEvent, AppLinkArgs, NotionConnectArgs, NotionConnected, NotionCreateDatabaseArgs,
    NotionUseArgs, WhoopConnectArgs, WhoopConnectStart, WhoopConnected, WhoopFinishArgs,
};
use crate::service::AppService;

/// How long the loopback listener waits for the browser.
const SIGN_IN_WAIT: Duration = Duration::from_secs(300);

impl AppService {
    pub(super) async fn whoop_connect(
        self: &Arc<Self>,
        a: WhoopConnectArgs,
    ) -> Result<WhoopConnectStart, SyncError> {
        // A sign-in started again replaces the one waiting: its loopback listener lets go of
        // the port now, not when it gives up minutes later.
        if let Some(waiting) = self.sign_in_waiting.lock().await.take() {
            waiting.abort();
            let _ = waiting.await;
        }
        self.pending_whoop.lock().await.take();
        let engine = self.engine().await;
        let redirect = a.redirect_uri.filter(|r| !r.trim().is_empty());
        let mut pending = engine
            .whoop_begin_connect(&a.client_id, &a.client_secret, redirect.as_deref())
            .await?;
        let started = WhoopConnectStart {
            authorize_url: pending.authorize_url.clone(),
            listens: pending.listens(),
            app_link: pending.by_app_link(),
        };
        if let Err(e) = self.open_web(&pending.authorize_url) {
            log::warn!("{}", e.message);
        }
        if pending.listens() {
            let service = self.clone();
            let waiting = tokio::spawn(async move {
                let result = match pending.wait_for_code(SIGN_IN_WAIT).await {
                    Ok(code) => engine.whoop_finish_connect(pending, &code).await,
                    Err(e) => Err(e),
                };
                service.after_sign_in(&result);
                service.publish().await;
            });
            *self.sign_in_waiting.lock().await = Some(waiting);
        } else {
            *self.pending_whoop.lock().await = Some(pending);
        }
        Ok(started)
    }

    pub(super) async fn whoop_finish(
        &self,
        a: WhoopFinishArgs,
    ) -> Result<WhoopConnected, SyncError> {
        let pending = self.pending_whoop.lock().await.take().ok_or_else(|| {
            SyncError::invalid("no WHOOP sign-in is waiting; press Connect first")
        })?;
        let code = pending.code_from_pasted_url(&a.pasted_url)?;
        let account = self
            .engine()
            .await
            .whoop_finish_connect(pending, &code)
            .await?;
        self.setup_changed(SetupChange::Whoop);
        self.publish().await;
        Ok(WhoopConnected { name: account.name })
    }

    /// The app was opened with its own link (`whoop-notion-sync://oauth/callback?code=…`):
    /// the browser handed over WHOOP's answer to the sign-in waiting here. Whichever process
    /// received the link, the sign-in finishes here, where its state and PKCE verifier are.
    /// Any program can open such a link, so one that isn't this sign-in's answer (another
    /// state, none, not our link at all) is refused and changes nothing: the sign-in keeps
    /// waiting for the real answer, and no "sign-in failed" reaches the window.
    pub(super) async fn app_link(
        self: &Arc<Self>,
        a: AppLinkArgs,
    ) -> Result<WhoopConnected, SyncError> {
        let result = match self.take_pending_for_link(a.url.trim()).await {
            Ok(pending) => {
                let result = match pending.code_from_pasted_url(a.url.trim()) {
                    Ok(code) => {
                        self.engine()
                            .await
                            .whoop_finish_connect(pending, &code)
                            .await
                    }
                    Err(e) => Err(e),
                };
                self.after_sign_in(&result);
                // The window comes forward for the sign-in it started, and only then: any
                // web page can open such a link.
                self.listener.event(AppEvent::ShowWindow);
                result
            }
            Err(refused) => {
                log::info!("an app link was refused: {refused}");
                Err(refused)
            }
        };
        self.publish().await;
        result.map(|account| WhoopConnected { name: account.name })
    }

    /// The sign-in waiting for this link, taken only when the link is its answer.
    async fn take_pending_for_link(&self, url: &str) -> Result<PendingWhoopConnect, SyncError> {
        // Exactly our link with a query, not one that merely starts like it.
        let ours = url
            .strip_prefix(APP_LINK_REDIRECT_URI)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['?', '#']));
        if !ours {
            return Err(SyncError::invalid(
                "that link isn't a WHOOP sign-in for this app",
            ));
        }
        let mut slot = self.pending_whoop.lock().await;
        match slot.take() {
            Some(p) if p.by_app_link() && p.is_answered_by(url) => Ok(p),
            other => {
                *slot = other;
                Err(SyncError::invalid(
                    "no WHOOP sign-in is waiting for this link; press Connect to start again",
                ))
            }
        }
    }

    /// Tells every window how a sign-in that finished in the background ended.
    fn after_sign_in(&self, result: &Result<sync_engine::WhoopAccount, SyncError>) {
        match result {
            Ok(account) => {
                self.setup_changed(SetupChange::Whoop);
                self.listener
                    .event(AppEvent::WhoopConnected(WhoopConnected {
                        name: account.name.clone(),
                    }));
            }
            Err(error) => {
                log::info!("WHOOP sign-in: {error} ({})", error.code);
                let shown = app_core::wording::for_desktop(error);
                self.listener.event(AppEvent::ConnectFailed(shown));
            }
        }
    }

    pub(super) async fn whoop_disconnect(&self) -> Result<Overview, SyncError> {
        self.engine().await.whoop_disconnect().await?;
        self.setup_changed(SetupChange::Whoop);
        self.publish_overview().await
    }

    pub(super) async fn notion_connect(
        &self,
        a: NotionConnectArgs,
    ) -> Result<NotionConnected, SyncError> {
        let me = self.engine().await.notion_connect(&a.token).await?;
        self.setup_changed(SetupChange::Notion);
        self.publish().await;
        Ok(NotionConnected {
            workspace: me.workspace_name,
            name: me.name,
        })
    }

    pub(super) async fn notion_use(&self, a: NotionUseArgs) -> Result<Overview, SyncError> {
        self.engine()
            .await
            .notion_use(&a.id_or_url, a.source.as_deref())
            .await?;
        self.setup_changed(SetupChange::Database);
        self.publish_overview().await
    }

    /// Creates the database under the page, chosen and mapped; the window then shows it as
    /// chosen, like `notion_use`.
    pub(super) async fn notion_create_database(
        &self,
        a: NotionCreateDatabaseArgs,
    ) -> Result<Overview, SyncError> {
        self.engine()
            .await
            .notion_create_database(&a.parent, a.title.as_deref(), None)
            .await?;
        self.setup_changed(SetupChange::Database);
        self.publish_overview().await
    }

    pub(super) async fn notion_disconnect(&self) -> Result<Overview, SyncError> {
        self.engine().await.notion_disconnect().await?;
        self.setup_changed(SetupChange::Notion);
        self.publish_overview().await
    }
}
