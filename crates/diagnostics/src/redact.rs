//! Blanks anything shaped like a secret. The programs never log a token (tests grep for it),
//! and settings hold none; this is the second line, for what a future log line or a hand-edited
//! file might carry, since the archive leaves the computer.

use std::sync::OnceLock;

use regex::Regex;

pub const BLANK: &str = "[redacted]";

fn patterns() -> &'static [(Regex, &'static str)] {
    static PATTERNS: OnceLock<Vec<(Regex, &'static str)>> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        [
            // An Authorization header's credentials.
            (r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}", "$1 [redacted]"),
            // Notion's internal-integration tokens, new and old.
            (r"\b(ntn|secret)_[A-Za-z0-9]{20,}", "[redacted]"),
            // `"access_token": "…"`, `refresh_token=…`, `client_secret: …` and friends, in
            // JSON, forms, query strings and debug output.
            (
                r#"(?i)("?\b(?:access_token|refresh_token|id_token|client_secret|code_verifier|password|api_key|token)"?\s*[:=]\s*"?)[^"&\s,}]{4,}"#,
                "${1}[redacted]",
            ),
            // An OAuth code in a redirect URL.
            (r"([?&]code=)[^&\s\x22]{4,}", "${1}[redacted]"),
        ]
        .into_iter()
        .map(|(pattern, with)| (Regex::new(pattern).expect("a valid pattern"), with))
        .collect()
    })
}

/// `text` with every secret-shaped run replaced by [`BLANK`].
pub fn redact(text: &str) -> String {
    let mut out = text.to_string();
    for (pattern, with) in patterns() {
        out = pattern.replace_all(&out, *with).into_owned();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_shapes_are_blanked_and_the_story_stays() {
        let cases = [
            (
                "GET /v2/recovery Authorization: Bearer eyJhbGciOi.abc-DEF_123",
                "GET /v2/recovery Authorization: Bearer [redacted]",
            ),
            (
                "token ntn_1234567890abcdefghijKLMNOP in use",
                "token [redacted] in use",
            ),
            (
                r#"{"access_token":"a-b.c","expires_in":3600,"refresh_token":"r1-xyz"}"#,
                r#"{"access_token":"[redacted]","expires_in":3600,"refresh_token":"[redacted]"}"#,
            ),
            (
                "grant_type=refresh_token&refresh_token=old-one&client_secret=s3cr3t!",
                "grant_type=refresh_token&refresh_token=[redacted]&client_secret=[redacted]",
            ),
            (
                "callback /oauth/callback?code=abcd1234&state=xyz",
                "callback /oauth/callback?code=[redacted]&state=xyz",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(redact(text), want, "{text}");
        }
    }

    #[test]
    fn ordinary_log_lines_are_left_alone() {
        let line = "2026-12-01T07:40:02.123456Z  INFO sync{trigger=\"schedule\"}: sync_engine: \
                    sync finished created=1 updated=0 whoop_requests=3 notion_requests=2 \
                    error_code=notion_rate_limited day=2026-12-01 recovery=78%";
        assert_eq!(redact(line), line);
    }
}
