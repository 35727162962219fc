//! What any local process can send the host, since any can connect: malformed lines,
//! strangers, huge lines, half lines, windows that stop reading. The host answers with an
//! error code or ends that one connection; it never panics, hangs or buffers without bound,
//! and every other window keeps being served.

use std::sync::Arc;
use std::time::Duration;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{json, Map, Value};
use test_support::json::{json_value_of, JsonSize};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};
use window_link::{connect, serve_with, Handler, Host, HostAddress, Limits, Reply};

struct Echo;

#[async_trait::async_trait]
impl Handler for Echo {
    async fn call(&self, cmd: String, args: Value) -> Reply {
        Reply::Ok(json!({"cmd": cmd, "args": args}))
    }
}

/// Short limits, so a stalled client is let go within the test's time.
const LIMITS: Limits = Limits {
    hello_wait: Duration::from_millis(400),
    max_hello: 16 * 1024,
    max_line: 64 * 1024,
    line_wait: Duration::from_millis(400),
    write_wait: Duration::from_millis(400),
    max_unproven: 8,
};

/// A window of this build connects within 2 s and its call is answered; its link, kept open.
async fn a_window_is_served(address: &HostAddress) -> (window_link::Link, window_link::LinkEvents) {
    let (link, events) = tokio::time::timeout(Duration::from_secs(2), connect(address))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        link.call("ping", json!(null)).await,
        Reply::Ok(json!({"cmd": "ping", "args": null}))
    );
    (link, events)
}

/// Longer than any limit: past it, the host hung.
const HUNG: Duration = Duration::from_secs(5);

async fn start() -> (HostAddress, Host) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = HostAddress::new(listener.local_addr().unwrap());
    let host = Host::default();
    tokio::spawn(serve_with(
        listener,
        address.token.clone(),
        Arc::new(Echo),
        host.clone(),
        LIMITS,
    ));
    (address, host)
}

/// Few cases (CI has two cores) and no failure files left in the tree.
fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

struct Raw {
    reader: BufReader<OwnedReadHalf>,
    writer: OwnedWriteHalf,
}

impl Raw {
    async fn open(address: &HostAddress) -> Raw {
        let (read, writer) = TcpStream::connect(address.addr).await.unwrap().into_split();
        Raw {
            reader: BufReader::new(read),
            writer,
        }
    }

    /// A connection past the hello, as a window of this build makes it.
    async fn welcomed(address: &HostAddress) -> Raw {
        let mut raw = Raw::open(address).await;
        raw.send(
            json!({"type": "hello", "token": address.token})
                .to_string()
                .as_bytes(),
        )
        .await;
        let welcome = raw.line().await.expect("a welcome");
        assert_eq!(
            serde_json::from_str::<Value>(&welcome).unwrap()["type"],
            "welcome"
        );
        raw
    }

    async fn send(&mut self, line: &[u8]) {
        let mut bytes = line.to_vec();
        bytes.push(b'\n');
        // The host may already have hung up: that is one of the allowed outcomes.
        let _ = self.writer.write_all(&bytes).await;
    }

    /// The next line; `None` once the host closed the connection. Panics if the host neither
    /// answers nor closes in time.
    async fn line(&mut self) -> Option<String> {
        let mut line = String::new();
        match tokio::time::timeout(HUNG, self.reader.read_line(&mut line)).await {
            Err(_) => panic!("the host neither answered nor closed within {HUNG:?}"),
            Ok(Ok(0)) | Ok(Err(_)) => None,
            Ok(Ok(_)) => Some(line),
        }
    }

    /// True once the host closed the connection, after whatever events it had sent.
    async fn ends(&mut self) -> bool {
        while let Some(line) = self.line().await {
            if !line.contains("\"event\"") {
                return false;
            }
        }
        true
    }

    /// The reply to call `id`, skipping events and other replies; `None` if the connection ended.
    async fn reply_to(&mut self, id: u64) -> Option<Value> {
        loop {
            let message: Value = serde_json::from_str(&self.line().await?).unwrap();
            if message["type"] == "reply" && message["id"] == id {
                return Some(message["reply"].clone());
            }
        }
    }
}

fn json_value() -> impl Strategy<Value = Value> {
    json_value_of(JsonSize {
        depth: 3,
        nodes: 24,
        items: 4,
    })
}

/// A message-shaped object: a `type`, then fields that may be missing, of the wrong type or
/// extra.
fn message_shaped() -> impl Strategy<Value = Value> {
    let kind = prop_oneof![
        Just(json!("call")),
        Just(json!("hello")),
        Just(json!("quit_when_idle")),
        "[a-z_]{0,12}".prop_map(Value::from),
        json_value(),
    ];
    let id = prop_oneof![any::<u64>().prop_map(Value::from), json_value()];
    let cmd = prop_oneof!["[a-z_]{0,16}".prop_map(Value::from), json_value()];
    (
        kind,
        proptest::option::of(id),
        proptest::option::of(cmd),
        proptest::option::of(json_value()),
        prop::collection::btree_map("[a-z_]{1,8}", json_value(), 0..3),
    )
        .prop_map(|(kind, id, cmd, args, extra)| {
            let mut message: Map<String, Value> = extra.into_iter().collect();
            message.insert("type".into(), kind);
            for (key, value) in [("id", id), ("cmd", cmd), ("args", args)] {
                if let Some(value) = value {
                    message.insert(key.into(), value);
                }
            }
            Value::Object(message)
        })
}

/// Any line (no newline inside): bytes, text, JSON, message-shaped JSON.
fn hostile_line() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..256),
        ".{0,256}".prop_map(String::into_bytes),
        json_value().prop_map(|v| v.to_string().into_bytes()),
        message_shaped().prop_map(|v| v.to_string().into_bytes()),
        message_shaped().prop_map(|v| v.to_string().into_bytes()),
    ]
    .prop_map(|mut line| {
        line.retain(|b| *b != b'\n');
        line
    })
}

/// What the host must do with a line from a window, decided from the protocol alone.
#[derive(Debug, PartialEq)]
enum Expect {
    /// A call: answered by the handler (`true`) or with `invalid_input` (`false`).
    Answer(u64, bool),
    /// A message of some other type, known or not: skipped.
    Skip,
    /// Not a message: the connection ends.
    Close,
}

fn expect(line: &[u8]) -> Expect {
    let Some(Value::Object(message)) = std::str::from_utf8(line)
        .ok()
        .and_then(|text| serde_json::from_str::<Value>(text).ok())
    else {
        return Expect::Close;
    };
    match (message.get("type"), message.get("id").map(Value::as_u64)) {
        (Some(Value::String(kind)), id) if kind == "call" => match id.flatten() {
            Some(id) => Expect::Answer(
                id,
                message.get("cmd").is_some_and(Value::is_string) && message.contains_key("args"),
            ),
            None => Expect::Close,
        },
        (Some(Value::String(_)), _) => Expect::Skip,
        _ => Expect::Close,
    }
}

#[test]
fn any_line_from_a_window_is_answered_skipped_or_ends_its_connection() {
    let rt = test_support::runtime::two_workers();
    let (address, host) = rt.block_on(start());
    runner(96)
        .run(&hostile_line(), |line| {
            rt.block_on(async {
                let mut window = Raw::welcomed(&address).await;
                window.send(&line).await;
                let expected = expect(&line);
                let ping = match expected {
                    Expect::Answer(id, _) => id.wrapping_add(1),
                    _ => 7,
                };
                window
                    .send(
                        json!({"type": "call", "id": ping, "cmd": "ping", "args": {}})
                            .to_string()
                            .as_bytes(),
                    )
                    .await;
                match expected {
                    Expect::Close => {
                        // Whatever arrives first, the connection ends without a reply to the ping.
                        while let Some(line) = window.line().await {
                            prop_assert!(
                                !line.contains("\"reply\""),
                                "answered after garbage: {line}"
                            );
                        }
                    }
                    Expect::Skip => {
                        let reply = window.reply_to(ping).await;
                        prop_assert_eq!(reply, Some(json!({"ok": {"cmd": "ping", "args": {}}})));
                    }
                    Expect::Answer(id, handled) => {
                        let reply = window.reply_to(id).await.expect("the call is answered");
                        if handled {
                            prop_assert!(reply.get("ok").is_some(), "{reply}");
                        } else {
                            prop_assert_eq!(&reply["err"]["code"], "invalid_input");
                            prop_assert!(reply["err"]["message"]
                                .as_str()
                                .is_some_and(|m| !m.is_empty()));
                        }
                        // Replies may come in any order: the ping's may have come first.
                        let _ = window.reply_to(ping).await;
                    }
                }
                // And a real window is still served.
                let (link, _events) = tokio::time::timeout(HUNG, connect(&address))
                    .await
                    .map_err(|_| TestCaseError::fail("connect hung"))?
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(
                    link.call("after", json!(1)).await,
                    Reply::Ok(json!({"cmd": "after", "args": 1}))
                );
                Ok(())
            })
        })
        .unwrap();
    // Every connection of the run ended: none is kept open by what it sent.
    rt.block_on(async {
        let deadline = tokio::time::Instant::now() + HUNG;
        while host.windows() > 0 && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    });
    assert_eq!(host.windows(), 0);
}

#[test]
fn no_first_line_without_the_token_is_welcomed() {
    let rt = test_support::runtime::two_workers();
    let (address, host) = rt.block_on(start());
    let hello_shaped =
        (json_value(), proptest::option::of(json_value())).prop_map(|(token, window)| {
            let mut hello = json!({"type": "hello", "token": token});
            if let Some(window) = window {
                hello["window"] = window;
            }
            hello.to_string().into_bytes()
        });
    // A challenge, then anything but the right answer to the host's.
    let challenging = (json_value(), json_value()).prop_map(|(challenge, proof)| {
        let hello = json!({"type": "hello", "challenge": challenge});
        let proof = json!({"type": "proof", "proof": proof});
        format!("{hello}\n{proof}").into_bytes()
    });
    let first_line = prop_oneof![hostile_line(), hello_shaped, challenging];
    runner(96)
        .run(&first_line, |line| {
            prop_assume!(!String::from_utf8_lossy(&line).contains(&address.token));
            rt.block_on(async {
                let mut stranger = Raw::open(&address).await;
                stranger.send(&line).await;
                stranger
                    .send(
                        json!({"type": "call", "id": 1, "cmd": "ping", "args": {}})
                            .to_string()
                            .as_bytes(),
                    )
                    .await;
                // The host may answer a challenge with its own; never with a welcome or a
                // reply. Then it hangs up.
                while let Some(line) = stranger.line().await {
                    prop_assert!(line.contains("\"challenge\""), "{line}");
                }
                prop_assert_eq!(host.windows(), 0);
                Ok(())
            })
        })
        .unwrap();
}

#[test]
fn a_stranger_that_stalls_or_floods_is_let_go_and_blocks_no_window() {
    let rt = test_support::runtime::two_workers();
    rt.block_on(async {
        let (address, host) = start().await;
        // Half a hello, then nothing.
        let mut stalled = Raw::open(&address).await;
        stalled.writer.write_all(b"{\"type\":\"hel").await.unwrap();
        // A hello that never ends: 64 MB without a newline.
        let mut flood = Raw::open(&address).await;
        let flooding = tokio::spawn(async move {
            let sent = flood.writer.write_all(&vec![b'x'; 64 << 20]).await;
            (sent, flood)
        });

        // A real window meanwhile is welcomed and answered at once.
        let _link = a_window_is_served(&address).await;
        // The flood was cut off after the hello's limit, not read into memory: its writer
        // finds the connection closed long before 64 MB went through.
        let (sent, mut flood) = tokio::time::timeout(HUNG, flooding).await.unwrap().unwrap();
        assert!(sent.is_err(), "the host read 64 MB of a hello");
        assert_eq!(flood.line().await, None);
        // The stalled one is let go after the hello's wait.
        assert_eq!(stalled.line().await, None);
        assert_eq!(host.windows(), 1);
    });
}

/// Strangers that connect and say nothing hold at most `max_unproven` connections: one more
/// is closed at once. Once theirs run out, a window is welcomed again.
#[test]
fn connections_without_the_token_are_capped() {
    let rt = test_support::runtime::two_workers();
    rt.block_on(async {
        let (address, host) = start().await;
        let mut silent = Vec::new();
        for _ in 0..LIMITS.max_unproven {
            silent.push(Raw::open(&address).await);
        }
        // Let the host take them all in before the next one knocks.
        tokio::time::sleep(Duration::from_millis(100)).await;
        let mut one_more = Raw::open(&address).await;
        let closed_at_once = tokio::time::timeout(
            LIMITS.hello_wait / 2,
            one_more.reader.read_line(&mut String::new()),
        )
        .await;
        assert!(
            matches!(closed_at_once, Ok(Ok(0)) | Ok(Err(_))),
            "a connection past the cap was taken in: {closed_at_once:?}"
        );
        // The silent ones are let go after the hello's wait; then a window gets in.
        for raw in &mut silent {
            assert_eq!(raw.line().await, None);
        }
        let _link = a_window_is_served(&address).await;
        assert_eq!(host.windows(), 1);
    });
}

#[test]
fn a_window_that_stalls_mid_line_sends_too_long_a_line_or_stops_reading_is_let_go() {
    let rt = test_support::runtime::two_workers();
    rt.block_on(async {
        let (address, host) = start().await;
        let (link, _events) = connect(&address).await.unwrap();

        let mut half = Raw::welcomed(&address).await;
        half.writer
            .write_all(b"{\"type\":\"call\",\"id\":1,")
            .await
            .unwrap();
        let mut long = Raw::welcomed(&address).await;
        // Never reads: the host's events fill its socket, then it is let go.
        let deaf = Raw::welcomed(&address).await;
        assert_eq!(host.windows(), 4);
        let mut too_long = b"{\"type\":\"call\",\"id\":2,\"cmd\":\"".to_vec();
        too_long.extend(std::iter::repeat_n(b'a', LIMITS.max_line));
        too_long.extend(b"\",\"args\":{}}");
        long.send(&too_long).await;

        assert!(
            long.ends().await,
            "a line over the limit ends the connection"
        );
        let payload = json!("e".repeat(256 * 1024));
        let deadline = tokio::time::Instant::now() + HUNG;
        while host.windows() > 1 && tokio::time::Instant::now() < deadline {
            host.emit("overview", payload.clone());
            // Meanwhile the well-behaved window is answered promptly.
            let answered =
                tokio::time::timeout(Duration::from_secs(1), link.call("ping", json!(2))).await;
            assert!(matches!(answered, Ok(Reply::Ok(_))), "{answered:?}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert_eq!(
            host.windows(),
            1,
            "the half line and the deaf window were let go"
        );
        assert!(half.ends().await);
        drop(deaf);
    });
}

/// Whoever listens on the port in the address file (a stale file, a squatter) learns nothing
/// from a window of this build: the hello carries a challenge, never the token, and a host
/// that can't answer it correctly gets nothing more.
#[test]
fn a_window_tells_a_host_that_cant_answer_its_challenge_nothing() {
    let rt = test_support::runtime::two_workers();
    rt.block_on(async {
        // `None`: it hangs up, as a host from before the two-way proof does. The token goes
        // only to such a host that is the tray host program, which this test process isn't.
        for answer in [
            Some(json!({"type": "welcome"})),
            Some(json!({"type": "challenge", "proof": "00", "challenge": "c"})),
            Some(json!({"type": "challenge", "proof": "x".repeat(64), "challenge": "c"})),
            None,
        ] {
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            let address = HostAddress::new(listener.local_addr().unwrap());
            let fake = tokio::spawn(async move {
                let (stream, _) = listener.accept().await.unwrap();
                let (read, mut write) = stream.into_split();
                let mut reader = BufReader::new(read);
                let mut heard = String::new();
                reader.read_line(&mut heard).await.unwrap();
                let Some(answer) = answer else {
                    drop((reader, write));
                    // A second connection would be the window trying again with the token.
                    if let Ok(Ok((again, _))) =
                        tokio::time::timeout(Duration::from_millis(500), listener.accept()).await
                    {
                        let mut reader = BufReader::new(again);
                        let _ = reader.read_line(&mut heard).await;
                    }
                    return heard;
                };
                write
                    .write_all(format!("{answer}\n").as_bytes())
                    .await
                    .unwrap();
                // Whatever else the window says before it hangs up.
                let mut rest = String::new();
                let _ = tokio::time::timeout(HUNG, reader.read_to_string(&mut rest)).await;
                heard + &rest
            });
            let connected = tokio::time::timeout(HUNG, connect(&address)).await.unwrap();
            assert!(
                connected.is_err(),
                "the window used a host that can't prove the token"
            );
            let heard = fake.await.unwrap();
            assert!(
                !heard.contains(&address.token),
                "the token crossed: {heard}"
            );
            assert!(!heard.contains("\"proof\""), "the window answered: {heard}");
            assert!(heard.contains("\"challenge\""), "{heard}");
        }
    });
}
