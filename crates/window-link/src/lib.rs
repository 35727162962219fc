//! The link between the window process and the tray host.
//!
//! The tray host owns everything (the engine, the schedule, the tray); the window is only a
//! view that lives while it is open, so its WebKit memory goes away with it. The host listens
//! on 127.0.0.1 and writes where and with which token into a 0600 file in the profile
//! ([`HostAddress`]); a window reads it, connects, says the token, then sends calls and
//! receives replies and events. Loopback TCP works the same on every OS, and the token keeps
//! other users' processes out.
//!
//! Both sides say their version in the hello and the welcome, so a window that meets an older
//! host (an upgrade installed while it ran) has it make way ([`reach`]); docs/ARCHITECTURE.md
//! ("Upgrades") has the rule.

mod address;
mod client;
pub mod programs;
mod proof;
mod protocol;
mod reach;
mod server;

pub use address::HostAddress;
pub use client::{connect, connect_as, Link, LinkEvents};
pub use protocol::{Announce, Event, Reply, OLDEST_WINDOW, PROTOCOL, VERSION};
pub use reach::{judge, reach, Processes, Started, Unreachable, Verdict, Waits};
pub use server::{serve, serve_with, Handler, Host, Limits};
