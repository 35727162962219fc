//! The two headers every Notion call needs: `Authorization: Bearer <token>` and
//! `Notion-Version`.

use axum::http::HeaderMap;

use super::errors::ApiError;

/// Versions of the data-source API the simulator speaks. `2026-03-11` differs only in
/// dropping `archived` (never rendered here) and refusing it in requests.
pub const SUPPORTED_VERSIONS: [&str; 2] = ["2025-09-03", "2026-03-11"];

#[cfg(test)]
fn check_auth(headers: &HeaderMap, token: &str) -> Result<(), ApiError> {
    match bearer(headers)? {
        presented if presented == token && !token.is_empty() => Ok(()),
        _ => Err(ApiError::unauthorized()),
    }
}

/// The token the request presents (`Authorization: Bearer <token>`), or Notion's 401.
pub fn bearer(headers: &HeaderMap) -> Result<&str, ApiError> {
    let value = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(ApiError::unauthorized)?;
    let (scheme, presented) = value.split_once(' ').ok_or_else(ApiError::unauthorized)?;
    if scheme.eq_ignore_ascii_case("bearer") && !presented.trim().is_empty() {
        Ok(presented.trim())
    } else {
        Err(ApiError::unauthorized())
    }
}

/// The requested version, or the error Notion gives.
pub fn check_version(headers: &HeaderMap) -> Result<String, ApiError> {
    let Some(raw) = headers.get("notion-version") else {
        return Err(ApiError::new(
            400,
            "missing_version",
            "Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.",
        ));
    };
    let v = raw.to_str().unwrap_or("").trim();
    if SUPPORTED_VERSIONS.contains(&v) {
        Ok(v.to_string())
    } else {
        Err(ApiError::validation(format!(
            "Notion-Version header failed validation: Notion-Version header should be one of {:?} (simulated data-source API), instead was `{v}`.",
            SUPPORTED_VERSIONS
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn bearer_token_must_match() {
        assert!(check_auth(&headers(&[("authorization", "Bearer ntn_x")]), "ntn_x").is_ok());
        assert!(check_auth(&headers(&[("authorization", "bearer ntn_x")]), "ntn_x").is_ok());
        assert!(check_auth(&headers(&[("authorization", "Bearer ntn_y")]), "ntn_x").is_err());
        assert!(check_auth(&headers(&[("authorization", "ntn_x")]), "ntn_x").is_err());
        assert!(check_auth(&headers(&[]), "ntn_x").is_err());
    }

    #[test]
    fn versions() {
        assert_eq!(
            check_version(&headers(&[])).unwrap_err().code,
            "missing_version"
        );
        assert_eq!(
            check_version(&headers(&[("notion-version", "2022-06-28")]))
                .unwrap_err()
                .code,
            "validation_error"
        );
        assert_eq!(
            check_version(&headers(&[("notion-version", "2026-03-11")])).unwrap(),
            "2026-03-11"
        );
    }
}
