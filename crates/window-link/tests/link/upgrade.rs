//! A window meeting hosts of other versions: an older one (versioned, or from before versioned
//! hellos) makes way after its sync and a new one answers; a newer one is used while it
//! serves the window, and explained when it doesn't. Hosts run on runtimes of their own, so
//! one can go away at once as when its process exits; the processes a window starts or stops
//! are faked by the test.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use window_link::{
    connect_as, reach, serve, Announce, Handler, Host, HostAddress, Processes, Reply, Started,
    Unreachable, Waits,
};

type Journal = Arc<Mutex<Vec<String>>>;

fn note(journal: &Journal, line: impl Into<String>) {
    journal.lock().unwrap().push(line.into());
}

fn announce(protocol: u32, oldest_window: u32, version: &str) -> Announce {
    Announce {
        protocol,
        oldest_window,
        version: version.into(),
    }
}

/// Every command answers with the host's name, so a test sees who answered.
struct Named(&'static str);

#[async_trait::async_trait]
impl Handler for Named {
    async fn call(&self, _cmd: String, _args: Value) -> Reply {
        Reply::Ok(json!(self.0))
    }
}

/// A host as a process would be: it announces itself in the profile, and on "quit when idle"
/// finishes its sync (when `sync` is given, it is running one until that is sent), leaves the
/// profile and goes. A stop signal ends it at once.
struct TestHost {
    stop: Option<oneshot::Sender<()>>,
    gone: Arc<AtomicBool>,
}

impl TestHost {
    fn start(
        name: &'static str,
        profile: &Path,
        announce: Option<Announce>,
        pid: u32,
        sync: Option<oneshot::Receiver<()>>,
        journal: &Journal,
    ) -> TestHost {
        let (stop, stopped) = oneshot::channel::<()>();
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let gone = Arc::new(AtomicBool::new(false));
        let (profile, journal, gone_flag) = (profile.to_path_buf(), journal.clone(), gone.clone());
        std::thread::spawn(move || {
            let rt = tokio::runtime::Runtime::new().unwrap();
            rt.block_on(async {
                let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
                let mut address = HostAddress::new(listener.local_addr().unwrap());
                address.pid = pid;
                let host = Host::announcing(announce);
                tokio::spawn(serve(
                    listener,
                    address.token.clone(),
                    Arc::new(Named(name)),
                    host.clone(),
                ));
                // Noted before the address is published: a window that finds it may be
                // answered before this thread runs again.
                note(&journal, format!("{name} listening"));
                address.write(&profile).unwrap();
                ready_tx.send(()).unwrap();
                tokio::select! {
                    _ = async {
                        host.quit_requested().await;
                        note(&journal, format!("{name} asked to quit when idle"));
                        if let Some(sync) = sync {
                            let _ = sync.await;
                            note(&journal, format!("{name} finished its sync"));
                        }
                    } => {}
                    _ = stopped => note(&journal, format!("{name} stopped by a signal")),
                }
                address.remove_if_ours(&profile);
            });
            rt.shutdown_background();
            note(&journal, format!("{name} gone"));
            gone_flag.store(true, Ordering::SeqCst);
        });
        ready_rx.recv().unwrap();
        TestHost {
            stop: Some(stop),
            gone,
        }
    }
}

const OLD_PID: u32 = 1001;
const NEW_PID: u32 = 1002;

/// The window's processes: "starting the host program" starts a host of `new` version here,
/// once the one it replaces is gone (as the real one waits for the profile's lock); "stopping
/// an old host" is its stop signal.
struct Fake {
    profile: PathBuf,
    new: Announce,
    journal: Journal,
    old: Mutex<Option<TestHost>>,
    hosts: Arc<Mutex<Vec<TestHost>>>,
}

impl Fake {
    fn new(profile: &Path, new: Announce, old: Option<TestHost>, journal: &Journal) -> Fake {
        Fake {
            profile: profile.into(),
            new,
            journal: journal.clone(),
            old: Mutex::new(old),
            hosts: Arc::default(),
        }
    }

    fn journal(&self) -> Vec<String> {
        self.journal.lock().unwrap().clone()
    }
}

struct Running;

impl Started for Running {
    fn exited(&mut self) -> Option<Result<(), String>> {
        None
    }
}

impl Processes for Fake {
    // The hosts here are threads standing in for processes, with made-up pids.
    fn is_alive(&self, _pid: u32) -> bool {
        true
    }
    fn start_host(&self, replacing: Option<u32>) -> std::io::Result<Box<dyn Started>> {
        note(
            &self.journal,
            format!("window starts the host ({replacing:?})"),
        );
        let old_gone = self
            .old
            .lock()
            .unwrap()
            .as_ref()
            .map(|old| old.gone.clone());
        let (profile, new, journal, hosts) = (
            self.profile.clone(),
            self.new.clone(),
            self.journal.clone(),
            self.hosts.clone(),
        );
        std::thread::spawn(move || {
            if replacing.is_some() {
                while !old_gone.as_ref().is_some_and(|g| g.load(Ordering::SeqCst)) {
                    std::thread::sleep(Duration::from_millis(10));
                }
            }
            let host = TestHost::start("new", &profile, Some(new), NEW_PID, None, &journal);
            hosts.lock().unwrap().push(host);
        });
        Ok(Box::new(Running))
    }

    fn stop_old_host(&self, pid: u32) -> Result<(), String> {
        note(&self.journal, format!("window signals {pid} to stop"));
        let mut old = self.old.lock().unwrap();
        match old.as_mut().and_then(|old| old.stop.take()) {
            Some(stop) if pid == OLD_PID => {
                let _ = stop.send(());
                Ok(())
            }
            _ => Err(format!("{pid} is not a tray host")),
        }
    }
}

fn quick() -> Waits {
    Waits {
        start: Duration::from_secs(10),
        upgrade: Duration::from_secs(10),
        poll: Duration::from_millis(10),
    }
}

async fn answered_by(link: &window_link::Link) -> Value {
    match link.call("overview", json!({})).await {
        Reply::Ok(name) => name,
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_older_host_finishes_its_sync_then_the_new_one_answers() {
    let profile = tempfile::tempdir().unwrap();
    let journal = Journal::default();
    let window = announce(2, 1, "2.0.0");
    let (sync_done, sync) = oneshot::channel();
    let old = TestHost::start(
        "old",
        profile.path(),
        Some(announce(1, 1, "1.0.0")),
        OLD_PID,
        Some(sync),
        &journal,
    );
    let fake = Arc::new(Fake::new(
        profile.path(),
        window.clone(),
        Some(old),
        &journal,
    ));

    let reaching = tokio::spawn({
        let (profile, window, fake) = (profile.path().to_path_buf(), window.clone(), fake.clone());
        async move { reach(&profile, &window, fake.as_ref(), &quick()).await }
    });
    // The old host is mid-sync: asked, still there, nobody else answering yet.
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert!(!reaching.is_finished());
    let asked = [
        "old asked to quit when idle",
        "window starts the host (Some(1001))",
    ];
    let mut journal_now = fake.journal();
    assert_eq!(journal_now.remove(0), "old listening");
    journal_now.sort();
    assert_eq!(journal_now, asked);
    assert_eq!(HostAddress::read(profile.path()).unwrap().pid, OLD_PID);

    sync_done.send(()).unwrap();
    let (link, _events) = tokio::time::timeout(Duration::from_secs(10), reaching)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(link.host(), Some(&window));
    assert_eq!(answered_by(&link).await, "new");
    // Both of the above in either order (the old host hears the request as the window starts
    // the new one), then the sync ends before the old host goes and the new one listens.
    assert_eq!(
        fake.journal()[3..],
        ["old finished its sync", "old gone", "new listening"]
    );
}

#[tokio::test]
async fn a_host_from_before_versioned_hellos_is_stopped_and_replaced() {
    let profile = tempfile::tempdir().unwrap();
    let journal = Journal::default();
    let window = announce(2, 1, "2.0.0");
    // Today's host: a welcome without a version, and "quit when idle" means nothing to it.
    let old = TestHost::start("old", profile.path(), None, OLD_PID, None, &journal);
    let fake = Fake::new(profile.path(), window.clone(), Some(old), &journal);

    let (link, _events) = tokio::time::timeout(
        Duration::from_secs(10),
        reach(profile.path(), &window, &fake, &quick()),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(answered_by(&link).await, "new");
    let mut journal = fake.journal();
    // The old host hears the signal as the window starts the new one: either order.
    journal[2..4].sort();
    assert_eq!(
        journal,
        [
            "old listening",
            "window signals 1001 to stop",
            "old stopped by a signal",
            "window starts the host (Some(1001))",
            "old gone",
            "new listening",
        ]
    );
    assert_eq!(HostAddress::read(profile.path()).unwrap().pid, NEW_PID);
}

#[tokio::test]
async fn an_old_host_that_cannot_be_stopped_is_explained() {
    let profile = tempfile::tempdir().unwrap();
    let journal = Journal::default();
    let window = announce(2, 1, "2.0.0");
    let _old = TestHost::start("old", profile.path(), None, 4242, None, &journal);
    let fake = Fake::new(profile.path(), window.clone(), None, &journal);
    let problem = reach(profile.path(), &window, &fake, &quick())
        .await
        .err()
        .unwrap();
    assert!(
        matches!(problem, Unreachable::CantStopOld(_)),
        "{problem:?}"
    );
    assert!(problem.message().contains("Quit in its tray menu"));
    assert!(!fake
        .journal()
        .iter()
        .any(|l| l.starts_with("window starts")));
}

#[tokio::test]
async fn an_old_host_still_syncing_when_the_window_gives_up_is_still_replaced() {
    let profile = tempfile::tempdir().unwrap();
    let journal = Journal::default();
    let window = announce(2, 1, "2.0.0");
    let (sync_done, sync) = oneshot::channel();
    let old = TestHost::start(
        "old",
        profile.path(),
        Some(announce(2, 1, "1.9.0")),
        OLD_PID,
        Some(sync),
        &journal,
    );
    let fake = Fake::new(profile.path(), window.clone(), Some(old), &journal);
    let waits = Waits {
        upgrade: Duration::from_millis(300),
        ..quick()
    };
    let problem = reach(profile.path(), &window, &fake, &waits)
        .await
        .err()
        .unwrap();
    assert_eq!(
        problem,
        Unreachable::StillFinishing {
            ours: "2.0.0".into()
        }
    );
    assert!(problem.message().contains("finishing a sync"));

    // The host the window started takes over once the sync is done, window or not.
    sync_done.send(()).unwrap();
    let address = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            match HostAddress::read(profile.path()) {
                Ok(address) if address.pid == NEW_PID => break address,
                _ => tokio::time::sleep(Duration::from_millis(10)).await,
            }
        }
    })
    .await
    .unwrap();
    let (link, _events) = connect_as(&address, Some(&window)).await.unwrap();
    assert_eq!(answered_by(&link).await, "new");
}

#[tokio::test]
async fn a_newer_host_is_used_while_it_serves_the_window_and_explained_when_not() {
    let window = announce(2, 1, "2.0.0");
    for (host, usable) in [
        (announce(2, 1, "2.0.0"), true),
        (announce(2, 1, "2.0.1"), true),
        (announce(3, 2, "3.0.0"), true),
        (announce(4, 3, "4.0.0"), false),
    ] {
        let profile = tempfile::tempdir().unwrap();
        let journal = Journal::default();
        let newer = TestHost::start(
            "running",
            profile.path(),
            Some(host.clone()),
            OLD_PID,
            None,
            &journal,
        );
        let fake = Fake::new(profile.path(), window.clone(), Some(newer), &journal);
        let reached = reach(profile.path(), &window, &fake, &quick()).await;
        if usable {
            let (link, _events) = reached.unwrap();
            assert_eq!(link.host(), Some(&host));
            assert_eq!(answered_by(&link).await, "running");
        } else {
            let problem = reached.err().unwrap();
            assert_eq!(
                problem,
                Unreachable::TooNew {
                    host: "4.0.0".into(),
                    ours: "2.0.0".into()
                }
            );
            assert!(problem.message().contains("(4.0.0)"), "{problem}");
        }
        // Neither asked to quit nor replaced.
        assert_eq!(fake.journal(), ["running listening"]);
    }
}

#[tokio::test]
async fn with_no_host_running_the_window_starts_one() {
    let profile = tempfile::tempdir().unwrap();
    let journal = Journal::default();
    let window = announce(2, 1, "2.0.0");
    let fake = Fake::new(profile.path(), window.clone(), None, &journal);
    let (link, _events) = reach(profile.path(), &window, &fake, &quick())
        .await
        .unwrap();
    assert_eq!(answered_by(&link).await, "new");
    assert_eq!(
        fake.journal(),
        ["window starts the host (None)", "new listening"]
    );
}

#[tokio::test]
async fn a_window_from_before_versioned_hellos_still_works_with_a_new_host() {
    let profile = tempfile::tempdir().unwrap();
    let journal = Journal::default();
    let _host = TestHost::start(
        "new",
        profile.path(),
        Some(Announce::this_build()),
        NEW_PID,
        None,
        &journal,
    );
    let address = HostAddress::read(profile.path()).unwrap();
    let (link, _events) = connect_as(&address, None).await.unwrap();
    assert_eq!(link.host(), Some(&Announce::this_build()));
    assert_eq!(answered_by(&link).await, "new");
}

/// A host program that leaves at once with success, as one does when another program holds
/// the profile's background lock.
struct LeavesAtOnce;

struct Left;

impl Started for Left {
    fn exited(&mut self) -> Option<Result<(), String>> {
        Some(Ok(()))
    }
}

impl Processes for LeavesAtOnce {
    fn start_host(&self, _replacing: Option<u32>) -> std::io::Result<Box<dyn Started>> {
        Ok(Box::new(Left))
    }
    fn stop_old_host(&self, _pid: u32) -> Result<(), String> {
        Ok(())
    }
    // The hosts here are threads standing in for processes, with made-up pids.
    fn is_alive(&self, _pid: u32) -> bool {
        true
    }
}

/// Starts nothing, and asks the OS whether a pid runs (the default).
struct StartsNothing;

impl Processes for StartsNothing {
    fn start_host(&self, _replacing: Option<u32>) -> std::io::Result<Box<dyn Started>> {
        Ok(Box::new(Left))
    }
    fn stop_old_host(&self, _pid: u32) -> Result<(), String> {
        Err("not a tray host".into())
    }
}

/// A host that crashed left its address file behind, and something else listens on that port
/// now, welcoming anyone (even knowing the token). The window doesn't talk to it: the pid in
/// the file isn't running, so whatever the user types next can't reach it.
#[tokio::test]
async fn an_address_left_by_a_host_that_died_is_not_used() {
    let profile = tempfile::tempdir().unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let mut address = HostAddress::new(listener.local_addr().unwrap());
    let mut ended = std::process::Command::new("true").spawn().unwrap();
    ended.wait().unwrap();
    address.pid = ended.id();
    address.write(profile.path()).unwrap();
    let stranger = Host::announcing(Some(Announce::this_build()));
    tokio::spawn(serve(
        listener,
        address.token.clone(),
        Arc::new(Named("stranger")),
        stranger.clone(),
    ));
    let reached = reach(
        profile.path(),
        &Announce::this_build(),
        &StartsNothing,
        &Waits {
            start: Duration::from_millis(300),
            ..quick()
        },
    )
    .await;
    assert!(reached.is_err(), "the window used the stranger");
    assert_eq!(
        stranger.windows(),
        0,
        "the window connected to the stranger"
    );
}

#[tokio::test]
async fn a_daemon_running_the_profile_is_named_at_once() {
    let profile = tempfile::tempdir().unwrap();
    let lock = sync_vocabulary::profile_layout::background_lock(profile.path());
    std::fs::create_dir_all(lock.parent().unwrap()).unwrap();
    // A live daemon (this test process) holds the profile.
    let holder = format!("whoop-notion daemon (pid {})", std::process::id());
    std::fs::write(&lock, &holder).unwrap();
    let window = announce(2, 1, "2.0.0");
    let started = std::time::Instant::now();
    let problem = reach(profile.path(), &window, &LeavesAtOnce, &quick())
        .await
        .err()
        .unwrap();
    assert_eq!(
        problem,
        Unreachable::RunElsewhere {
            holder: holder.clone()
        }
    );
    assert!(problem.message().contains(&holder), "{}", problem.message());
    assert!(!problem.message().contains("whoop-notion daemon\n"));
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "said at once, not after the wait"
    );

    // A tray host's name, or a holder that is gone, is no reason: the window waits for the
    // host that runs it (here: none comes, so it says so after the wait).
    for stale in [
        format!("whoop-notion-tray (pid {})", std::process::id()),
        "whoop-notion daemon (pid 4000000)".to_string(),
    ] {
        std::fs::write(&lock, &stale).unwrap();
        let waits = Waits {
            start: Duration::from_millis(300),
            ..quick()
        };
        let problem = reach(profile.path(), &window, &LeavesAtOnce, &waits)
            .await
            .err()
            .unwrap();
        assert!(
            matches!(problem, Unreachable::NotStarted(_)),
            "{stale}: {problem:?}"
        );
    }
}
