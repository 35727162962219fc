//! The oauth2-based client against the WHOOP simulator: the whole sign-in (authorize URL, PKCE,
//! code exchange with the secret in the form body), rotation, re-use revocation answered as
//! "reconnect", and token requests that are counted and never resent.

use std::sync::Arc;

use api_simulators::whoop::{
    Dataset, GenerateOptions, WhoopFault, WhoopSim, WhoopSimConfig, WhoopSimHandle,
};
use chrono::{NaiveDate, Utc};
use http_policy::{Executor, Jitter, RateLimiter, RetryPolicy, SystemClock};
use rand::rngs::StdRng;
use rand::SeedableRng;
use whoop_client::{pkce_verifier, ClientSecret, OAuthClient, OAuthConfig, TokenSet, WhoopError};

const REDIRECT: &str = "http://127.0.0.1:8765/callback";

async fn sim() -> WhoopSimHandle {
    let today = NaiveDate::from_ymd_opt(2026, 3, 20).unwrap();
    let dataset = Dataset::generate(&GenerateOptions::new(3, today, 3));
    WhoopSim::start(WhoopSimConfig::new("the-client", "the-secret", dataset))
        .await
        .unwrap()
}

fn client(sim: &WhoopSimHandle, secret: &str) -> (OAuthClient, Executor) {
    let executor = Executor::new(
        reqwest::Client::new(),
        Arc::new(SystemClock),
        RateLimiter::unlimited(),
        RetryPolicy::default(),
        Jitter::seeded(1),
    );
    let oauth = OAuthClient::new(
        OAuthConfig {
            oauth_base: sim.oauth_url(),
            client_id: "the-client".into(),
            client_secret: ClientSecret::new(secret.into()),
            redirect_uri: REDIRECT.into(),
        },
        executor.clone(),
    );
    (oauth, executor)
}

/// The browser's part: open the authorize URL (the simulated user approves) and read the
/// code from the redirect, checking it carries our state.
async fn approve(url: &str, state: &str) -> String {
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let answer = browser.get(url).send().await.unwrap();
    assert_eq!(answer.status(), 302);
    let location = answer.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with(REDIRECT), "{location}");
    whoop_client::parse_redirect(&location, state).unwrap()
}

async fn signed_in(oauth: &OAuthClient) -> TokenSet {
    let request = oauth.authorize(&mut StdRng::seed_from_u64(7)).unwrap();
    let code = approve(&request.url, request.state.secret()).await;
    oauth
        .exchange_code(&code, request.pkce_verifier, Utc::now())
        .await
        .unwrap()
}

#[tokio::test]
async fn sign_in_then_rotation_then_reuse_means_reconnect() {
    let sim = sim().await;
    let (oauth, executor) = client(&sim, "the-secret");
    let first = signed_in(&oauth).await;
    assert!(first.scope.split(' ').any(|s| s == "offline"));
    let first_refresh = first
        .refresh_token
        .clone()
        .expect("offline gives a refresh token");
    assert!(first.expires_at > Utc::now() + chrono::Duration::seconds(3000));
    assert_eq!(sim.stats().code_exchanges, 1);
    assert_eq!(
        executor.counter.get(),
        1,
        "the exchange went through the executor"
    );

    let second = oauth.refresh(&first_refresh, Utc::now()).await.unwrap();
    assert_ne!(second.access_token, first.access_token);
    assert_ne!(
        second.refresh_token.as_deref(),
        Some(first_refresh.as_str())
    );
    assert_eq!(sim.stats().token_refreshes, 1);

    // Re-using the rotated token: invalid_grant, typed as "reconnect", sent exactly once.
    let before = executor.counter.get();
    let err = oauth.refresh(&first_refresh, Utc::now()).await.unwrap_err();
    assert!(matches!(err, WhoopError::NeedsReconnect(_)), "{err:?}");
    assert!(err.to_string().contains("invalid_grant"), "{err}");
    assert_eq!(executor.counter.get(), before + 1);
    assert_eq!(sim.stats().invalid_grant_responses, 1);
    // …and WHOOP revoked the whole grant, the current pair too.
    let err = oauth
        .refresh(second.refresh_token.as_deref().unwrap(), Utc::now())
        .await
        .unwrap_err();
    assert!(matches!(err, WhoopError::NeedsReconnect(_)), "{err:?}");
}

#[tokio::test]
async fn the_code_is_spent_only_with_its_own_pkce_verifier() {
    let sim = sim().await;
    let (oauth, _) = client(&sim, "the-secret");
    let request = oauth.authorize(&mut StdRng::seed_from_u64(8)).unwrap();
    let code = approve(&request.url, request.state.secret()).await;
    let other = pkce_verifier(&mut StdRng::seed_from_u64(9));
    let err = oauth
        .exchange_code(&code, other, Utc::now())
        .await
        .unwrap_err();
    assert!(matches!(err, WhoopError::NeedsReconnect(_)), "{err:?}");
    assert!(err.to_string().contains("PKCE"), "{err}");
    assert_eq!(sim.stats().code_exchanges, 0);
}

#[tokio::test]
async fn a_wrong_secret_is_an_invalid_client() {
    let sim = sim().await;
    let (good, _) = client(&sim, "the-secret");
    let tokens = signed_in(&good).await;
    let (bad, _) = client(&sim, "not-the-secret");
    let err = bad
        .refresh(tokens.refresh_token.as_deref().unwrap(), Utc::now())
        .await
        .unwrap_err();
    assert!(matches!(err, WhoopError::InvalidClient(_)), "{err:?}");
    assert!(!err.to_string().contains("not-the-secret"), "{err}");
    // The refused request spent nothing: the right client still refreshes.
    good.refresh(tokens.refresh_token.as_deref().unwrap(), Utc::now())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_failed_refresh_is_not_resent() {
    let sim = sim().await;
    let (oauth, executor) = client(&sim, "the-secret");
    let tokens = signed_in(&oauth).await;
    sim.inject_fault(WhoopFault::TokenStatus {
        code: 503,
        times: 1,
    });
    let before = executor.counter.get();
    let err = oauth
        .refresh(tokens.refresh_token.as_deref().unwrap(), Utc::now())
        .await
        .unwrap_err();
    // A server error (transient: the engine's `server` code), sent once.
    assert!(
        matches!(err, WhoopError::Server { status: 503, .. }),
        "{err:?}"
    );
    assert_eq!(
        executor.counter.get(),
        before + 1,
        "sent once, never resent"
    );
    // The token was untouched, so the next sync's refresh works.
    oauth
        .refresh(tokens.refresh_token.as_deref().unwrap(), Utc::now())
        .await
        .unwrap();
}

/// A Wi-Fi's sign-in page in place of WHOOP's token endpoint: the network, which spent
/// nothing, not a refused grant (which would end the sign-in) nor an unreadable answer.
#[tokio::test]
async fn a_wifi_sign_in_page_at_the_token_endpoint_is_the_network() {
    use std::sync::Mutex;
    use test_support::scripted_http::{serve, Answer};
    let portal = "<!DOCTYPE html><html><body>Accept the terms</body></html>";
    for answer in [
        Answer::new(200, portal).with_header("Content-Type", "text/html"),
        Answer::new(511, portal).with_header("Content-Type", "text/html"),
    ] {
        let base = serve(Arc::new(Mutex::new(answer.clone()))).await;
        let oauth = OAuthClient::new(
            OAuthConfig {
                oauth_base: base,
                client_id: "the-client".into(),
                client_secret: ClientSecret::new("the-secret".into()),
                redirect_uri: REDIRECT.into(),
            },
            test_support::executor::single_try(),
        );
        let err = oauth
            .refresh("a-refresh-token", Utc::now())
            .await
            .unwrap_err();
        assert!(
            matches!(&err, WhoopError::NetworkWebPage(request) if request == "the token request"),
            "{answer:?}: {err:?}"
        );
    }
}
