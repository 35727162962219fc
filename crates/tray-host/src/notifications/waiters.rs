//! How many threads may wait on a shown notification for its click. On macOS a click is told
//! only to a thread blocked on that one notification, and one the user lets slide into
//! Notification Center is waited on until it is clicked there or the app quits; a couple are
//! sent a day, so a limit keeps a long-running host from piling up threads. Past it, a
//! notification is still shown, only its click does nothing.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

pub struct Waiters {
    waiting: Arc<AtomicUsize>,
    limit: usize,
}

/// One thread's place among the waiters; given back when dropped.
pub struct Place(Arc<AtomicUsize>);

impl Drop for Place {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

// The waiting threads are macOS's; the unit tests run everywhere.
#[cfg_attr(not(target_os = "macos"), allow(dead_code))]
impl Waiters {
    pub fn new(limit: usize) -> Waiters {
        Waiters {
            waiting: Arc::new(AtomicUsize::new(0)),
            limit,
        }
    }

    /// A place to wait in, unless `limit` threads wait already.
    pub fn enter(&self) -> Option<Place> {
        self.waiting
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < self.limit).then_some(n + 1)
            })
            .ok()
            .map(|_| Place(self.waiting.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_more_than_the_limit_wait_and_a_place_left_is_free_again() {
        let waiters = Waiters::new(2);
        let first = waiters.enter().expect("room for the first");
        let second = waiters.enter().expect("room for the second");
        assert!(waiters.enter().is_none(), "a third past the limit");
        drop(first);
        let third = waiters.enter().expect("the first one's place");
        assert!(waiters.enter().is_none());
        drop((second, third));
        assert!(waiters.enter().is_some());
    }

    #[test]
    fn places_are_shared_between_threads() {
        let waiters = Arc::new(Waiters::new(8));
        let places: Vec<Option<Place>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..32).map(|_| s.spawn(|| waiters.enter())).collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert_eq!(places.iter().filter(|p| p.is_some()).count(), 8);
    }
}
