//! Both simulators behind one Wi-Fi that answers every request with its sign-in page until the
//! user accepts its terms: nothing reaches either service meanwhile, so no refresh token is
//! spent and nothing is counted; afterwards both answer as before.

use crate::{notion_support, whoop_support};

use api_simulators::network::{Network, SIGN_IN_PAGE};
use api_simulators::notion::NotionSimConfig;
use api_simulators::whoop::WhoopSim;

#[tokio::test]
async fn a_wifi_sign_in_page_answers_for_both_services_until_the_terms_are_accepted() {
    let network = Network::default();
    let mut whoop_config = whoop_support::config();
    whoop_config.network = network.clone();
    let whoop = WhoopSim::start(whoop_config).await.unwrap();
    let mut notion_config = NotionSimConfig::new(notion_support::TOKEN);
    notion_config.network = network.clone();
    let (notion, api) = notion_support::start_with(notion_config).await;
    let tokens = whoop_support::login(&whoop).await;
    whoop.reset_stats();
    notion.reset_stats();

    network.set_sign_in_page(true);
    let refresh_token = tokens.refresh.clone().expect("offline access");
    let refresh = reqwest::Client::new()
        .post(format!("{}/token", whoop.oauth_url()))
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token.as_str()),
            ("client_id", whoop_support::CLIENT_ID),
            ("client_secret", whoop_support::CLIENT_SECRET),
            ("scope", "offline"),
        ])
        .send()
        .await
        .unwrap();
    let notion_answer = reqwest::Client::new()
        .get(format!("{}/v1/users/me", notion.base_url()))
        .bearer_auth(notion_support::TOKEN)
        .header("Notion-Version", "2025-09-03")
        .send()
        .await
        .unwrap();
    for answer in [refresh, notion_answer] {
        assert_eq!(answer.status(), 200);
        assert!(answer.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        assert_eq!(answer.text().await.unwrap(), SIGN_IN_PAGE);
    }
    assert_eq!(whoop.stats().requests_total, 0);
    assert_eq!(notion.stats().requests_total, 0);

    // Signed in to the Wi-Fi: the refresh token wasn't spent, and Notion answers again.
    network.set_sign_in_page(false);
    let (status, body) = whoop_support::refresh(&whoop, &refresh_token).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(api.get("/v1/users/me").await.status, 200);
}
