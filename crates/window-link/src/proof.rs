//! Both ends prove they know the profile's token without sending it: each sends a fresh
//! challenge and answers the other's with an HMAC-SHA256 keyed by the token. Whoever listens on
//! the port in a stale address file learns nothing it could use, and a window never talks to a
//! host that can't answer its challenge.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// A fresh challenge: 24 random bytes, in hex.
pub(crate) fn challenge() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Who answers: the two answers differ, so one can't be replayed as the other.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Role {
    Host,
    Window,
}

/// The answer `role` gives to `theirs` (the other side's challenge), bound to `ours` too.
pub(crate) fn answer(token: &str, role: Role, theirs: &str, ours: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(token.as_bytes()).expect("HMAC takes a key of any length");
    let label: &[u8] = match role {
        Role::Host => b"whoop-notion link: host\n",
        Role::Window => b"whoop-notion link: window\n",
    };
    for part in [label, theirs.as_bytes(), b"\n", ours.as_bytes()] {
        mac.update(part);
    }
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Constant time over the expected length, so timing says nothing about the secret.
pub(crate) fn same(given: &str, expected: &str) -> bool {
    given.len() == expected.len()
        && given
            .bytes()
            .zip(expected.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_depend_on_the_token_the_role_and_both_challenges() {
        let a = answer("token", Role::Host, "c1", "c2");
        assert_eq!(a.len(), 64);
        assert_eq!(a, answer("token", Role::Host, "c1", "c2"));
        for other in [
            answer("other", Role::Host, "c1", "c2"),
            answer("token", Role::Window, "c1", "c2"),
            answer("token", Role::Host, "c2", "c1"),
            answer("token", Role::Host, "c1", "c3"),
            // The separator keeps "c1" + "\nc2" from reading as "c1\n" + "c2".
            answer("token", Role::Host, "c1\n", "c2"),
        ] {
            assert_ne!(a, other);
        }
        assert!(same(&a, &a.clone()) && !same(&a, &a[1..]));
        assert!(same("abc", "abc"));
        assert!(!same("abd", "abc") && !same("ab", "abc") && !same("", "abc"));
        assert_ne!(challenge(), challenge());
        assert_eq!(challenge().len(), 48);
    }
}
