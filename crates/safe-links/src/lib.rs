//! Which addresses the app may open in the browser. A page's `url` comes from Notion's answer
//! and is kept in the history file; the system opener would run whatever it is given (a
//! `file:` or `smb:` address, a bare path, another program's URL scheme). So an address is
//! opened only when it is a web page of Notion or WHOOP over https, or on an endpoint the app
//! was pointed at itself (a simulator on loopback, in tests and demo mode).

use url::Url;

/// Notion's and WHOOP's own sites, each with its subdomains.
const SITES: [&str; 4] = ["notion.so", "notion.site", "notion.com", "whoop.com"];

/// Why an address isn't opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

/// `url` when it may be opened: https on Notion's or WHOOP's sites, or the same origin
/// (scheme, host, port) as one of `endpoints`, the services the app is configured to use.
/// Nothing with a user name or password in it.
pub fn check(url: &str, endpoints: &[&str]) -> Result<Url, Refused> {
    let refused = |why: &str| Refused(format!("{why}, so it isn't opened"));
    let parsed = Url::parse(url.trim()).map_err(|_| refused("not a web address"))?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(refused("a web address with a user name in it"));
    }
    let same_origin = endpoints.iter().any(|endpoint| {
        Url::parse(endpoint)
            .is_ok_and(|e| matches!(e.scheme(), "http" | "https") && e.origin() == parsed.origin())
    });
    if same_origin {
        return Ok(parsed);
    }
    if parsed.scheme() != "https" {
        return Err(refused("not an https address"));
    }
    let host = parsed.host_str().unwrap_or("").to_ascii_lowercase();
    let ours = SITES
        .iter()
        .any(|site| host == *site || host.ends_with(&format!(".{site}")));
    if !ours || parsed.port().is_some() {
        return Err(refused("not an address of Notion or WHOOP"));
    }
    Ok(parsed)
}

/// `url` if [`check`] lets it through with no endpoints of the app's own: what may be stored
/// as a page's address.
pub fn page_address(url: Option<&str>) -> Option<String> {
    url.and_then(|u| check(u, &[]).ok()).map(String::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notion_and_whoop_pages_over_https_open() {
        for url in [
            "https://www.notion.so/Daily-Tracking-0123456789abcdef0123456789abcdef",
            "https://notion.so/p1",
            "https://acme.notion.site/Page-1",
            "https://www.notion.com/help",
            "https://developer-dashboard.whoop.com",
            "https://api.prod.whoop.com/oauth/oauth2/auth?client_id=x&state=y",
            "HTTPS://WWW.NOTION.SO/p",
        ] {
            assert!(check(url, &[]).is_ok(), "{url}");
        }
    }

    #[test]
    fn anything_else_is_refused() {
        for url in [
            "file:///etc/passwd",
            "smb://evil.example/share",
            "/usr/bin/xterm",
            "C:\\Windows\\System32\\calc.exe",
            "http://www.notion.so/p",
            "https://notion.so.evil.example/p",
            "https://evilnotion.so/p",
            "https://www.notion.so@evil.example/p",
            "https://user:pw@www.notion.so/p",
            "https://www.notion.so:8443/p",
            "javascript:alert(1)",
            "whoop-notion-sync://oauth/callback?code=x",
            "",
        ] {
            assert!(check(url, &[]).is_err(), "{url}");
        }
        assert_eq!(page_address(Some("file:///etc/passwd")), None);
        assert_eq!(
            page_address(Some("https://www.notion.so/p")).as_deref(),
            Some("https://www.notion.so/p")
        );
    }

    #[test]
    fn the_apps_own_endpoints_open_on_their_origin_only() {
        let sim = ["http://127.0.0.1:4010/oauth", "http://127.0.0.1:4011"];
        assert!(check("http://127.0.0.1:4010/oauth/oauth2/auth?x=1", &sim).is_ok());
        assert!(check("http://127.0.0.1:4011/v1/pages", &sim).is_ok());
        assert!(
            check("http://127.0.0.1:4012/", &sim).is_err(),
            "another port"
        );
        assert!(
            check("http://localhost:4010/", &sim).is_err(),
            "another host"
        );
        assert!(check("file:///tmp/x", &["file:///tmp"]).is_err());
    }
}
