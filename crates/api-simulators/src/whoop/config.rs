//! How a simulator instance is set up.

use super::dataset::Dataset;
use super::records::UserBodyMeasurement;
use crate::SimClock;

/// The WHOOP account the simulator pretends to be logged in as.
#[derive(Debug, Clone, PartialEq)]
pub struct SimUser {
    pub user_id: i64,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    /// What `/v2/user/measurement/body` answers until the handle changes it.
    pub body: UserBodyMeasurement,
}

impl Default for SimUser {
    fn default() -> Self {
        SimUser {
            // Same default as `GenerateOptions::user_id`, so records and profile agree.
            user_id: super::generate::DEFAULT_USER_ID,
            email: "jsmith123@whoop.com".into(),
            first_name: "John".into(),
            last_name: "Smith".into(),
            // WHOOP's example values.
            body: UserBodyMeasurement {
                height_meter: 1.8288,
                weight_kilogram: 90.7185,
                max_heart_rate: 200,
            },
        }
    }
}

#[derive(Debug, Clone)]
pub struct WhoopSimConfig {
    /// The registered app's client id; `/auth` and `/token` reject any other.
    pub client_id: String,
    pub client_secret: String,
    pub dataset: Dataset,
    /// Lifetime of issued access tokens (`expires_in`); WHOOP uses 3600.
    pub access_token_ttl_secs: i64,
    /// Requests per minute on `/developer` before 429; WHOOP allows 100.
    pub rate_limit_per_minute: u32,
    pub user: SimUser,
    /// Redirect URIs registered for the app. Empty: any absolute `http(s)` URI is accepted
    /// (tests pick loopback ports at run time); otherwise `/auth` requires an exact match.
    pub redirect_uris: Vec<String>,
    /// The network in between (a Wi-Fi sign-in page that answers every request, or not).
    pub network: crate::network::Network,
    /// The server's clock (rate-limit windows, token lifetimes, "now" for queries).
    pub clock: SimClock,
}

impl WhoopSimConfig {
    pub fn new(
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
        dataset: Dataset,
    ) -> Self {
        WhoopSimConfig {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            dataset,
            access_token_ttl_secs: 3600,
            rate_limit_per_minute: 100,
            user: SimUser::default(),
            redirect_uris: Vec::new(),
            clock: SimClock::default(),
            network: crate::network::Network::default(),
        }
    }
}
