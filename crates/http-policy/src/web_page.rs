//! An answer that is a web page where the service answers JSON: a hotel's or a train's Wi-Fi
//! that shows its "accept the terms" page in place of every request (HTTP 200, `text/html`),
//! or answers 511 Network Authentication Required. That is the network in between, not the
//! service, and it passes by itself once the user signs in to the network: callers report it
//! as such instead of "the service sent something this app can't read".

/// The answer's `Content-Type`, read before its body is.
pub fn content_type(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)?
        .to_str()
        .ok()
        .map(str::to_string)
}

/// True when `status`, `content_type` and `body` are a network's own page rather than the
/// service's answer. Only a success or 511 counts: a service's own error pages (a 502 from its
/// CDN, say) are the service's.
pub fn is_network_web_page(status: u16, content_type: Option<&str>, body: &[u8]) -> bool {
    if status == 511 {
        return true;
    }
    (200..300).contains(&status) && (is_html_type(content_type) || starts_like_html(body))
}

fn is_html_type(content_type: Option<&str>) -> bool {
    let Some(content_type) = content_type else {
        return false;
    };
    let media_type = content_type.split(';').next().unwrap_or("").trim();
    media_type.eq_ignore_ascii_case("text/html")
        || media_type.eq_ignore_ascii_case("application/xhtml+xml")
}

/// A body that opens as HTML whatever its declared type (some portals send `text/plain`).
fn starts_like_html(body: &[u8]) -> bool {
    let start: Vec<u8> = body
        .iter()
        .skip_while(|b| b.is_ascii_whitespace() || **b == 0xEF || **b == 0xBB || **b == 0xBF)
        .take(14)
        .map(u8::to_ascii_lowercase)
        .collect();
    start.starts_with(b"<!doctype html") || start.starts_with(b"<html")
}

#[cfg(test)]
mod tests {
    use super::is_network_web_page;

    const PORTAL: &[u8] = b"<!DOCTYPE html><html><head><title>Hotel Wi-Fi</title></head>\
        <body><form>Accept the terms</form></body></html>";

    #[test]
    fn a_portal_page_in_place_of_json_is_the_network() {
        assert!(is_network_web_page(
            200,
            Some("text/html; charset=utf-8"),
            PORTAL
        ));
        assert!(is_network_web_page(200, Some("TEXT/HTML"), b"anything"));
        assert!(is_network_web_page(200, None, PORTAL));
        assert!(is_network_web_page(
            200,
            Some("text/plain"),
            b"\n  <html><body>hi"
        ));
        assert!(is_network_web_page(200, Some("application/xhtml+xml"), b""));
        assert!(is_network_web_page(511, Some("application/json"), b"{}"));
    }

    #[test]
    fn the_services_own_answers_are_not() {
        assert!(!is_network_web_page(
            200,
            Some("application/json"),
            b"{\"records\":[]}"
        ));
        assert!(!is_network_web_page(
            200,
            Some("application/json"),
            b"not json"
        ));
        assert!(!is_network_web_page(200, None, b""));
        // An error page from the service's own front (a CDN's 502) stays the service's.
        assert!(!is_network_web_page(502, Some("text/html"), PORTAL));
        assert!(!is_network_web_page(404, Some("text/html"), PORTAL));
    }
}
