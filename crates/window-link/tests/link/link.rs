//! Host and window ends over a real loopback connection.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use tokio::net::TcpListener;
use window_link::{connect, serve, Handler, Host, HostAddress, Reply};

struct Echo;

#[async_trait::async_trait]
impl Handler for Echo {
    async fn call(&self, cmd: String, args: Value) -> Reply {
        match cmd.as_str() {
            "slow" => {
                tokio::time::sleep(Duration::from_millis(200)).await;
                Reply::Ok(json!("slow"))
            }
            "fail" => Reply::Err(json!({"code": "invalid_input", "message": "no"})),
            _ => Reply::Ok(json!({"cmd": cmd, "args": args})),
        }
    }
}

async fn start() -> (HostAddress, Host, tokio::task::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = HostAddress::new(listener.local_addr().unwrap());
    let host = Host::default();
    let server = tokio::spawn(serve(
        listener,
        address.token.clone(),
        Arc::new(Echo),
        host.clone(),
    ));
    (address, host, server)
}

#[tokio::test]
async fn calls_are_answered_by_id_and_events_reach_every_window() {
    let (address, host, _server) = start().await;
    let (link, mut events) = connect(&address).await.unwrap();
    let (_other, mut other_events) = connect(&address).await.unwrap();

    // A slow call doesn't hold up a quick one, and each answer finds its caller.
    let (slow, quick, failing) = tokio::join!(
        link.call("slow", json!({})),
        link.call("overview", json!({"limit": 3})),
        link.call("fail", json!({})),
    );
    assert_eq!(slow, Reply::Ok(json!("slow")));
    assert_eq!(
        quick,
        Reply::Ok(json!({"cmd": "overview", "args": {"limit": 3}}))
    );
    assert_eq!(
        failing.clone(),
        Reply::Err(json!({"code": "invalid_input", "message": "no"}))
    );

    assert_eq!(host.windows(), 2);
    host.emit("overview", json!({"mode": "demo"}));
    for events in [&mut events, &mut other_events] {
        let event = tokio::time::timeout(Duration::from_secs(5), events.next())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(event.name, "overview");
        assert_eq!(event.payload["mode"], "demo");
    }
}

#[tokio::test]
async fn a_wrong_token_or_a_stranger_is_refused_at_once() {
    let (mut address, host, _server) = start().await;
    address.token = "0".repeat(address.token.len());
    let refused = tokio::time::timeout(Duration::from_secs(5), connect(&address))
        .await
        .unwrap();
    assert_eq!(
        refused.err().map(|e| e.kind()),
        Some(std::io::ErrorKind::ConnectionRefused)
    );
    assert_eq!(host.windows(), 0);

    // A stale address file whose port now belongs to something else.
    let stranger = TcpListener::bind("127.0.0.1:0").await.unwrap();
    address.addr = stranger.local_addr().unwrap();
    tokio::spawn(async move {
        let (_socket, _) = stranger.accept().await.unwrap();
        tokio::time::sleep(Duration::from_secs(30)).await;
    });
    let refused = tokio::time::timeout(Duration::from_secs(10), connect(&address))
        .await
        .unwrap();
    assert!(refused.is_err());
}

/// A host on a runtime of its own, so the test can take the whole host away at once, as
/// when its process exits.
fn host_on_its_own_runtime() -> (HostAddress, std::sync::mpsc::Sender<()>) {
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    let (stop_tx, stop_rx) = std::sync::mpsc::channel::<()>();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let address = rt.block_on(async {
            let (address, host, _server) = start().await;
            std::mem::forget(host);
            address
        });
        ready_tx.send(address).unwrap();
        let _ = stop_rx.recv();
        rt.shutdown_background();
    });
    (ready_rx.recv().unwrap(), stop_tx)
}

#[tokio::test]
async fn when_the_host_goes_away_waiting_calls_fail_and_events_end() {
    let (address, stop) = host_on_its_own_runtime();
    let (link, mut events) = connect(&address).await.unwrap();
    assert_eq!(
        link.call("ping", json!({})).await,
        Reply::Ok(json!({"cmd": "ping", "args": {}}))
    );
    let waiting = tokio::spawn({
        let link = link.clone();
        async move { link.call("slow", json!({})).await }
    });
    tokio::time::sleep(Duration::from_millis(50)).await;
    stop.send(()).unwrap();

    let reply = tokio::time::timeout(Duration::from_secs(5), waiting)
        .await
        .unwrap()
        .unwrap();
    let Reply::Err(error) = reply else {
        panic!("a reply from a host that is gone: {reply:?}")
    };
    assert_eq!(error["code"], "internal");
    assert!(error["message"].as_str().unwrap().contains("stopped"));
    let end = tokio::time::timeout(Duration::from_secs(5), events.next())
        .await
        .unwrap();
    assert!(end.is_none());
    // Later calls fail at once instead of hanging.
    let later = tokio::time::timeout(Duration::from_secs(1), link.call("ping", json!({})))
        .await
        .unwrap();
    assert!(matches!(later, Reply::Err(_)));
}

#[test]
fn the_address_file_is_private_and_only_its_writer_removes_it() {
    let dir = tempfile::tempdir().unwrap();
    let ours = HostAddress::new("127.0.0.1:4000".parse().unwrap());
    ours.write(dir.path()).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(HostAddress::path(dir.path()))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    assert_eq!(HostAddress::read(dir.path()).unwrap(), ours);
    let theirs = HostAddress::new("127.0.0.1:4001".parse().unwrap());
    assert_ne!(theirs.token, ours.token);
    theirs.write(dir.path()).unwrap();
    ours.remove_if_ours(dir.path());
    assert_eq!(HostAddress::read(dir.path()).unwrap(), theirs);
    theirs.remove_if_ours(dir.path());
    assert!(HostAddress::read(dir.path()).is_err());
}
