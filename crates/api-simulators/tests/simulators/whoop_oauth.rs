//! OAuth: the consent redirect, code exchange, client authentication, PKCE, and refresh-token
//! rotation with re-use detection.

use crate::whoop_support;

use api_simulators::whoop::{WhoopFault, WhoopSim};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use reqwest::StatusCode;
use sha2::{Digest, Sha256};
use whoop_support::*;

fn base_query<'a>() -> Vec<(&'a str, &'a str)> {
    vec![
        ("response_type", "code"),
        ("client_id", CLIENT_ID),
        ("redirect_uri", REDIRECT_URI),
        ("scope", "read:recovery offline"),
        ("state", STATE),
    ]
}

fn with<'a>(key: &'a str, value: &'a str) -> Vec<(&'a str, &'a str)> {
    base_query()
        .into_iter()
        .map(|(k, v)| if k == key { (k, value) } else { (k, v) })
        .collect()
}

async fn status_of(h: &api_simulators::whoop::WhoopSimHandle, access: &str) -> StatusCode {
    api_get(h, access, "/v2/recovery", &[]).await.0
}

#[tokio::test]
async fn consent_redirects_back_with_code_and_state() {
    let h = start().await;
    let r = authorize_raw(&h, &base_query()).await;
    assert_eq!(r.status(), StatusCode::FOUND);
    let loc = r.headers()["location"].to_str().unwrap().to_string();
    assert!(loc.starts_with(&format!("{REDIRECT_URI}?")), "{loc}");
    let q = location_query(&r);
    assert_eq!(param(&q, "state"), Some(STATE));
    assert!(param(&q, "code").is_some_and(|c| c.len() >= 32));
    assert_eq!(param(&q, "error"), None);
}

#[tokio::test]
async fn a_custom_scheme_is_a_valid_redirect() {
    // WHOOP's docs: `whoop://example/redirect` is a valid form, as is an app's own scheme.
    let h = start().await;
    let app_link = "whoop-notion-sync://oauth/callback";
    let r = authorize_raw(&h, &with("redirect_uri", app_link)).await;
    assert_eq!(r.status(), StatusCode::FOUND);
    let loc = r.headers()["location"].to_str().unwrap().to_string();
    assert!(loc.starts_with(&format!("{app_link}?code=")), "{loc}");
}

#[tokio::test]
async fn consent_rejects_bad_requests() {
    let h = start().await;
    // Unknown client, or no usable redirect URI: an error page, never a redirect.
    for q in [
        with("client_id", "someone-else"),
        with("redirect_uri", "not a url"),
        with("redirect_uri", "javascript:alert(1)"),
        with("redirect_uri", "https://example.com/cb#fragment"),
    ] {
        let r = authorize_raw(&h, &q).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        assert!(r.headers().get("location").is_none());
    }
    // The rest go back to the client as ?error=…&state=…
    let cases = [
        (with("state", "short"), "invalid_state"),
        (
            with("scope", "read:recovery read:everything"),
            "invalid_scope",
        ),
        (with("response_type", "token"), "unsupported_response_type"),
    ];
    for (q, error) in cases {
        let r = authorize_raw(&h, &q).await;
        assert_eq!(r.status(), StatusCode::FOUND, "{error}");
        let back = location_query(&r);
        assert_eq!(param(&back, "error"), Some(error));
        assert_eq!(param(&back, "code"), None);
    }
    let mut q = base_query();
    q.push(("code_challenge", "abc"));
    q.push(("code_challenge_method", "plain"));
    let back = location_query(&authorize_raw(&h, &q).await);
    assert_eq!(param(&back, "error"), Some("invalid_request"));
    let mut q = base_query();
    q.retain(|(k, _)| *k != "state");
    let back = location_query(&authorize_raw(&h, &q).await);
    assert_eq!(param(&back, "error"), Some("invalid_state"));
}

#[tokio::test]
async fn a_code_works_once_and_reuse_revokes_its_tokens() {
    let h = start().await;
    let code = authorize(&h, "read:recovery offline", &[]).await;
    let (status, body) = exchange(&h, &code).await;
    assert_eq!(status, StatusCode::OK);
    let t = Tokens::from_json(&body);
    assert_eq!(status_of(&h, &t.access).await, StatusCode::OK);

    let (status, body) = exchange(&h, &code).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_grant");
    assert!(body["error_description"].is_string());
    assert_eq!(status_of(&h, &t.access).await, StatusCode::UNAUTHORIZED);
    let (status, _) = refresh(&h, t.refresh.as_deref().unwrap()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let st = h.stats();
    assert_eq!(st.code_exchanges, 1);
    assert_eq!(st.invalid_grant_responses, 2);
}

#[tokio::test]
async fn exchange_checks_redirect_uri_and_code() {
    let h = start().await;
    let code = authorize(&h, "read:recovery", &[]).await;
    let (status, body) = token_request(
        &h,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", "http://127.0.0.1:1/other"),
        ],
        true,
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_grant"))
    );
    let (status, body) = exchange(&h, "made-up-code").await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_grant"))
    );
    let (status, body) = token_request(&h, &[("grant_type", "password")], true).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "unsupported_grant_type");
}

#[tokio::test]
async fn pkce_verifier_must_match_the_challenge() {
    let h = start().await;
    let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    let pkce = [
        ("code_challenge", challenge.as_str()),
        ("code_challenge_method", "S256"),
    ];
    for bad in [None, Some("x".repeat(43))] {
        let code = authorize(&h, "read:recovery", &pkce).await;
        let mut form = vec![
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", REDIRECT_URI),
        ];
        if let Some(v) = &bad {
            form.push(("code_verifier", v));
        }
        let (status, body) = token_request(&h, &form, true).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "verifier {bad:?}");
        assert_eq!(body["error"], "invalid_grant");
    }
    let code = authorize(&h, "read:recovery", &pkce).await;
    let (status, body) = token_request(
        &h,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT_URI),
            ("code_verifier", verifier),
        ],
        true,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn client_credentials_belong_in_the_form_body() {
    let h = start().await;
    let code = authorize(&h, "read:recovery", &[]).await;
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", REDIRECT_URI),
    ];
    let r = client()
        .post(format!("{}/token", h.oauth_url()))
        .basic_auth(CLIENT_ID, Some(CLIENT_SECRET))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"], "invalid_client");

    let mut wrong = form.to_vec();
    wrong.extend([("client_id", CLIENT_ID), ("client_secret", "nope")]);
    let (status, body) = token_request(&h, &wrong, false).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("invalid_client"))
    );

    // JSON is not a form.
    let r = client()
        .post(format!("{}/token", h.oauth_url()))
        .json(
            &serde_json::json!({"grant_type": "authorization_code", "code": code,
            "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "redirect_uri": REDIRECT_URI}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    // The code survived the failed attempts.
    let (status, _) = exchange(&h, &code).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(h.stats().unauthorized_responses, 2);
}

#[tokio::test]
async fn no_offline_scope_no_refresh_token() {
    let h = start().await;
    let t = login_with(&h, "read:recovery read:sleep").await;
    assert!(t.refresh.is_none());
    let t2 = login(&h).await;
    assert!(t2.refresh.is_some());
    assert_ne!(t.access, t2.access, "tokens are random");
}

#[tokio::test]
async fn refresh_rotates_and_reuse_revokes_the_grant() {
    let h = start().await;
    let old = login(&h).await;
    let (status, body) = refresh(&h, old.refresh.as_deref().unwrap()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["token_type"], "bearer");
    let new = Tokens::from_json(&body);
    assert_ne!(new.access, old.access);
    assert_ne!(new.refresh, old.refresh);
    assert_eq!(status_of(&h, &old.access).await, StatusCode::UNAUTHORIZED);
    assert_eq!(status_of(&h, &new.access).await, StatusCode::OK);

    // Re-using the old refresh token: invalid_grant, and the whole grant is dead.
    let (status, body) = refresh(&h, old.refresh.as_deref().unwrap()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_grant");
    assert_eq!(status_of(&h, &new.access).await, StatusCode::UNAUTHORIZED);
    let (status, body) = refresh(&h, new.refresh.as_deref().unwrap()).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_grant"))
    );

    let st = h.stats();
    assert_eq!(st.token_refreshes, 1);
    assert_eq!(st.invalid_grant_responses, 2);
    assert_eq!(st.code_exchanges, 1);
}

#[tokio::test]
async fn refresh_scope_may_not_grow() {
    let h = start().await;
    let code = authorize(&h, "read:recovery offline", &[]).await;
    let t = Tokens::from_json(&exchange(&h, &code).await.1);
    let (status, body) = token_request(
        &h,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", t.refresh.as_deref().unwrap()),
            ("scope", "offline read:workout"),
        ],
        true,
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_scope"))
    );
    // Without a scope parameter it works, and keeps the granted scopes.
    let (status, body) = token_request(
        &h,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", t.refresh.as_deref().unwrap()),
        ],
        true,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["scope"], "read:recovery offline");
}

#[tokio::test]
async fn expired_access_tokens_answer_401_until_refreshed() {
    let h = start().await;
    let t = login(&h).await;
    h.expire_access_tokens();
    assert_eq!(status_of(&h, &t.access).await, StatusCode::UNAUTHORIZED);
    let (status, body) = refresh(&h, t.refresh.as_deref().unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        status_of(&h, body["access_token"].as_str().unwrap()).await,
        StatusCode::OK
    );

    // The configured lifetime is honoured too.
    let mut cfg = config();
    cfg.access_token_ttl_secs = 1;
    let h = WhoopSim::start(cfg).await.unwrap();
    let code = authorize(&h, "read:recovery", &[]).await;
    let (_, body) = exchange(&h, &code).await;
    assert_eq!(body["expires_in"], 1);
    let access = body["access_token"].as_str().unwrap();
    assert_eq!(status_of(&h, access).await, StatusCode::OK);
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(status_of(&h, access).await, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn revoked_grants_need_a_new_login() {
    let h = start().await;
    let t = login(&h).await;
    h.revoke_grant();
    assert_eq!(status_of(&h, &t.access).await, StatusCode::UNAUTHORIZED);
    let (status, body) = refresh(&h, t.refresh.as_deref().unwrap()).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_grant"))
    );
    let again = login(&h).await;
    assert_eq!(status_of(&h, &again.access).await, StatusCode::OK);
}

#[tokio::test]
async fn disconnect_revokes_access_and_refresh() {
    let h = start().await;
    let t = login(&h).await;
    let r = client()
        .delete(format!("{}/v2/user/access", h.api_url()))
        .bearer_auth(&t.access)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert!(r.bytes().await.unwrap().is_empty());
    assert_eq!(status_of(&h, &t.access).await, StatusCode::UNAUTHORIZED);
    let (status, _) = refresh(&h, t.refresh.as_deref().unwrap()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn token_endpoint_faults_leave_tokens_alone() {
    let h = start().await;
    let t = login(&h).await;
    h.inject_fault(WhoopFault::TokenStatus {
        code: 503,
        times: 1,
    });
    let (status, _) = refresh(&h, t.refresh.as_deref().unwrap()).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    // The failed attempt rotated nothing: the same refresh token still works.
    let (status, _) = refresh(&h, t.refresh.as_deref().unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(h.stats().token_refreshes, 1);
}

#[tokio::test]
async fn issue_tokens_skips_the_browser() {
    let h = start().await;
    let t = h.issue_tokens("read:cycles offline");
    assert!(t.refresh_token.is_some());
    let (status, _, _) = api_get(&h, &t.access_token, "/v2/cycle", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        status_of(&h, &t.access_token).await,
        StatusCode::UNAUTHORIZED
    );
}
