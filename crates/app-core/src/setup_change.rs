//! A change the user makes to the setup (a service connected or disconnected, a database
//! chosen, the mapping edited) makes some errors of earlier runs obsolete: the tray must not go
//! on reporting "WHOOP is not connected" once it is.

use sync_engine::ErrorCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupChange {
    Whoop,
    Notion,
    Database,
    Mapping,
}

impl SetupChange {
    /// Whether an earlier run's `code` may no longer hold after this change. Passing trouble
    /// (network, rate limits) isn't the setup's doing and stays until a run says otherwise.
    pub fn makes_obsolete(self, code: ErrorCode) -> bool {
        use ErrorCode as E;
        match self {
            // Settings moved aside: the setup starts over with WHOOP (the window's button).
            SetupChange::Whoop => matches!(
                code,
                E::WhoopReconnect
                    | E::WhoopNotConnected
                    | E::WhoopInvalidClient
                    | E::ConfigMovedAside
            ),
            SetupChange::Notion => matches!(
                code,
                E::NotionUnauthorized
                    | E::NotionNotConnected
                    | E::NotionNotFound
                    | E::NotionNoPermission
            ),
            SetupChange::Database => matches!(
                code,
                E::NoDatabase | E::NotionNotFound | E::NotionRejected | E::MappingBroken
            ),
            SetupChange::Mapping => matches!(code, E::MappingBroken | E::NotionRejected),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_clears_only_what_it_can_fix() {
        let all = [
            SetupChange::Whoop,
            SetupChange::Notion,
            SetupChange::Database,
            SetupChange::Mapping,
        ];
        for code in ErrorCode::ALL {
            let fixers: Vec<_> = all.iter().filter(|c| c.makes_obsolete(code)).collect();
            // Every problem the user fixes through the setup is cleared by some change of it…
            if code.setup_unfinished()
                || matches!(
                    code,
                    ErrorCode::WhoopReconnect
                        | ErrorCode::NotionUnauthorized
                        | ErrorCode::MappingBroken
                        | ErrorCode::ConfigMovedAside
                )
            {
                assert!(!fixers.is_empty(), "{code:?} is never cleared");
            }
            // …and passing trouble by none.
            if !code.needs_user() {
                assert!(fixers.is_empty(), "{code:?} cleared by {fixers:?}");
            }
        }
        assert!(!SetupChange::Notion.makes_obsolete(ErrorCode::WhoopReconnect));
        assert!(!SetupChange::Mapping.makes_obsolete(ErrorCode::NoDatabase));
    }
}
