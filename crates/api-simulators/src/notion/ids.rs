//! Ids as Notion shapes them: dashed UUIDs for objects (accepted with or without dashes),
//! short URL-encoded strings for properties.

use rand::Rng;

/// A random v4 UUID, dashed lowercase.
pub fn new_uuid() -> String {
    let mut bytes: [u8; 16] = rand::thread_rng().gen();
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    dash(&hex)
}

fn dash(hex32: &str) -> String {
    format!(
        "{}-{}-{}-{}-{}",
        &hex32[0..8],
        &hex32[8..12],
        &hex32[12..16],
        &hex32[16..20],
        &hex32[20..32]
    )
}

/// `Some(dashed lowercase)` for a 32-hex id with or without dashes, `None` otherwise.
/// Notion accepts both spellings because users paste ids out of URLs.
pub fn normalize(id: &str) -> Option<String> {
    let hex: String = id.chars().filter(|c| *c != '-').collect();
    if hex.len() != 32 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let dashes = id.len() - hex.len();
    if dashes != 0 && !(dashes == 4 && dash(&hex).eq_ignore_ascii_case(id)) {
        return None;
    }
    Some(dash(&hex.to_ascii_lowercase()))
}

/// The id without dashes, as it appears in notion.so URLs.
pub fn compact(id: &str) -> String {
    id.replace('-', "")
}

/// A fresh property id unlike any in `taken`. Real ids are ~4 random printable characters,
/// URL-encoded (e.g. `%3AUPp`); clients must treat them as opaque, so the simulator makes
/// them look just as odd.
pub fn new_property_id(taken: &[String]) -> String {
    const CHARS: &[u8] =
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789:;<=>?@[]^`{|}~";
    let mut rng = rand::thread_rng();
    loop {
        let raw: String = (0..4)
            .map(|_| CHARS[rng.gen_range(0..CHARS.len())] as char)
            .collect();
        let id = percent_encode(&raw);
        if !taken.iter().any(|t| t == &id) && id != "title" {
            return id;
        }
    }
}

fn percent_encode(raw: &str) -> String {
    raw.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_string()
            } else {
                format!("%{:02X}", c as u32)
            }
        })
        .collect()
}

/// Percent-decoding, so `%3AUPp` and `:UPp` name the same property.
pub fn percent_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| s.to_string())
}

/// Whether `key` (as a client sent it) is this property id, encoded or not.
pub fn property_id_matches(id: &str, key: &str) -> bool {
    id == key || percent_decode(id) == percent_decode(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_both_spellings() {
        let id = new_uuid();
        assert_eq!(normalize(&id).as_deref(), Some(id.as_str()));
        assert_eq!(normalize(&compact(&id)).as_deref(), Some(id.as_str()));
        assert_eq!(
            normalize(&id.to_ascii_uppercase()).as_deref(),
            Some(id.as_str())
        );
        assert_eq!(normalize("not-an-id"), None);
        assert_eq!(normalize(&format!("{id}0")), None);
    }

    #[test]
    fn property_ids_are_encoded_and_decodable() {
        let id = new_property_id(&[]);
        assert!(id.chars().all(|c| c.is_ascii_alphanumeric() || c == '%'));
        assert!(property_id_matches(&id, &percent_decode(&id)));
        assert!(property_id_matches("%3AUPp", ":UPp"));
        assert!(!property_id_matches("%3AUPp", "UPp"));
    }
}
