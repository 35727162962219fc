//! The runtime the property tests drive their cases on: a case blocks on it, while servers
//! spawned on it keep answering.

/// A multi-thread runtime of two workers (the machine's cores), timers and I/O on.
pub fn two_workers() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}
