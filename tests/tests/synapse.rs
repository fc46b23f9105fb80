//! restlax against a real server nobody on the project wrote: Synapse, the
//! Matrix homeserver (issue 19), on 127.0.0.1, with what loopback doubles
//! cannot show: its own rate limiter, its own token pages and error bodies.
//!
//! Synapse (`matrix-synapse==1.163.2`, from PyPI) is the virtual environment
//! named by `RESTLAX_SYNAPSE` when set (`.ci/run` sets it to the one it
//! installed), else `.ci/python/synapse` of this checkout, made with the
//! machine's `python3` on first use. Each test starts its own server on a
//! free port with a fresh SQLite database, and stops it by PID when it ends.

use std::io::Read as _;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use restlax::{Client, Opts, Retry};
use serde::Deserialize;
use serde_json::json;

const SYNAPSE: &str = "matrix-synapse==1.163.2";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The virtual environment Synapse is installed in: `RESTLAX_SYNAPSE`, or
/// this checkout's, made on first use.
fn synapse_env() -> PathBuf {
    if let Some(env) = std::env::var_os("RESTLAX_SYNAPSE") {
        let env = PathBuf::from(env);
        assert!(
            env.join("bin/python").is_file(),
            "RESTLAX_SYNAPSE={} is not a virtual environment",
            env.display()
        );
        return env;
    }
    static INSTALL: Mutex<()> = Mutex::new(());
    let _guard = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    let env = workspace().join(".ci/python/synapse");
    let python = env.join("bin/python");
    let installed = python.is_file()
        && Command::new(&python)
            .args(["-c", "import synapse"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
    if !installed {
        eprintln!("installing {SYNAPSE} into {}", env.display());
        let made = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&env)
            .status()
            .expect("python3 runs (Python 3 is needed for the Synapse tests)");
        assert!(made.success(), "python3 -m venv {} failed", env.display());
        let status = Command::new(env.join("bin/pip"))
            .args(["install", "--quiet", "--disable-pip-version-check", SYNAPSE])
            .status()
            .expect("pip runs");
        assert!(status.success(), "pip install {SYNAPSE} failed");
    }
    env
}

/// One running homeserver, stopped by PID when dropped.
struct Synapse {
    child: Child,
    url: String,
    dir: PathBuf,
    env: PathBuf,
}

/// Rate limits low enough to be hit by a test: two messages at once, then
/// one every two seconds.
const LIMITS: &str = "rc_message:\n  per_second: 0.5\n  burst_count: 2\n";

impl Synapse {
    /// Starts a homeserver on a free port; panics with its log if it does
    /// not answer within 90 s. The port is free when chosen but not held, so
    /// a server that lost it to another process is started again on another.
    fn start() -> Synapse {
        let env = synapse_env();
        let mut failures = Vec::new();
        for _ in 0..3 {
            match Synapse::try_start(&env) {
                Ok(synapse) => return synapse,
                Err(why) => failures.push(why),
            }
        }
        panic!("synapse did not start:\n{}", failures.join("\n---\n"));
    }

    fn try_start(env: &Path) -> Result<Synapse, String> {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("synapse-{port}"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let d = dir.display();
        let config = format!(
            "server_name: localhost\n\
             pid_file: {d}/homeserver.pid\n\
             listeners:\n  - port: {port}\n    tls: false\n    type: http\n    x_forwarded: false\n    \
             bind_addresses: ['127.0.0.1']\n    resources:\n      - names: [client]\n        compress: false\n\
             database:\n  name: sqlite3\n  args:\n    database: {d}/homeserver.db\n\
             media_store_path: {d}/media\n\
             signing_key_path: {d}/signing.key\n\
             registration_shared_secret: restlax-test-registration\n\
             macaroon_secret_key: restlax-test-macaroon\n\
             form_secret: restlax-test-form\n\
             report_stats: false\n\
             trusted_key_servers: []\n\
             suppress_key_server_warning: true\n\
             {LIMITS}"
        );
        let config_path = dir.join("homeserver.yaml");
        std::fs::write(&config_path, config).unwrap();
        let python = env.join("bin/python");
        let keys = Command::new(&python)
            .args(["-m", "synapse.app.homeserver", "--generate-keys", "-c"])
            .arg(&config_path)
            .stdout(Stdio::null())
            .status()
            .expect("synapse generates its keys");
        assert!(keys.success(), "synapse --generate-keys failed");
        let log = std::fs::File::create(dir.join("out.log")).unwrap();
        let child = Command::new(&python)
            .args(["-m", "synapse.app.homeserver", "-c"])
            .arg(&config_path)
            .current_dir(&dir)
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("start synapse");
        let mut synapse = Synapse {
            child,
            url: format!("http://127.0.0.1:{port}"),
            dir,
            env: env.to_path_buf(),
        };
        let probe = ureq::Agent::config_builder()
            .proxy(None)
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(2)))
            .build()
            .new_agent();
        let deadline = Instant::now() + Duration::from_secs(90);
        loop {
            if let Ok(Some(status)) = synapse.child.try_wait() {
                return Err(format!("synapse exited ({status}):\n{}", synapse.log()));
            }
            let versions = format!("{}/_matrix/client/versions", synapse.url);
            if let Ok(mut answer) = probe.get(&versions).call()
                && answer.status() == 200
                && answer
                    .body_mut()
                    .read_to_string()
                    .is_ok_and(|t| t.contains("versions"))
            {
                return Ok(synapse);
            }
            if Instant::now() >= deadline {
                return Err(format!(
                    "synapse did not answer within 90 s:\n{}",
                    synapse.log()
                ));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    fn log(&self) -> String {
        let mut text = String::new();
        let _ = std::fs::File::open(self.dir.join("out.log"))
            .and_then(|mut f| f.read_to_string(&mut text));
        text
    }

    /// Registers a user with Synapse's own tool (shared-secret registration)
    /// and logs in with the password: the user's access token.
    fn user(&self, name: &str, admin: bool) -> String {
        let password = format!("{name}-password-1");
        let registered = Command::new(self.env.join("bin/register_new_matrix_user"))
            .args([
                "-u",
                name,
                "-p",
                &password,
                if admin { "-a" } else { "--no-admin" },
            ])
            .arg("-c")
            .arg(self.dir.join("homeserver.yaml"))
            .arg(&self.url)
            .output()
            .expect("register_new_matrix_user runs");
        assert!(
            registered.status.success(),
            "registering {name}: {}",
            String::from_utf8_lossy(&registered.stderr)
        );
        #[derive(Deserialize)]
        struct Login {
            access_token: String,
        }
        let client = Client::builder(&self.url).no_proxy().build().unwrap();
        let login: Login = client
            .post("/_matrix/client/v3/login")
            .json(&json!({
                "type": "m.login.password",
                "identifier": {"type": "m.id.user", "user": name},
                "password": password,
            }))
            .send()
            .unwrap()
            .json()
            .unwrap();
        login.access_token
    }

    /// A client for the client-server API, as `name`.
    fn client(&self, token: &str) -> Client {
        Client::builder(&self.url)
            .bearer_auth(token)
            .no_proxy()
            .build()
            .unwrap()
    }
}

impl Drop for Synapse {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[derive(Debug, Deserialize)]
struct Created {
    room_id: String,
}

#[derive(Debug, Deserialize)]
struct Sent {
    event_id: String,
}

/// Synapse's rate limiter answers `429` with the wait (`Retry-After` and
/// `retry_after_ms`); every message is still sent, each once, and the
/// sends that were limited waited for it.
#[test]
fn messages_over_the_rate_limit_wait_as_told_and_all_arrive() {
    let synapse = Synapse::start();
    let token = synapse.user("alice", false);
    let client = synapse.client(&token);
    let room: Created = client
        .post("/_matrix/client/v3/createRoom")
        .json(&json!({}))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let room = room.room_id;
    let start = Instant::now();
    let mut events = Vec::new();
    for n in 0..4 {
        let sent: Sent = client
            .put(&format!(
                "/_matrix/client/v3/rooms/{}/send/m.room.message/txn-{n}",
                percent_encoding::utf8_percent_encode(&room, percent_encoding::NON_ALPHANUMERIC)
            ))
            .opts(
                Opts::new()
                    .retry(Retry::new(6))
                    .timeout(Duration::from_secs(30)),
            )
            .json(&json!({"msgtype": "m.text", "body": format!("message {n}")}))
            .send()
            .unwrap()
            .json()
            .unwrap();
        events.push(sent.event_id);
    }
    let took = start.elapsed();
    events.sort();
    events.dedup();
    assert_eq!(events.len(), 4, "four distinct events");
    // Two at once, then one every 2 s: the last two waited.
    assert!(took >= Duration::from_millis(2500), "took {took:?}");
}

/// A room's timeline, paged by Synapse's own tokens (`end` → `?from=`).
#[restlax::resource(path = "/_matrix/client/v3/rooms/<room_id>/messages", actions(index),
    envelope = restlax::envelope::NextToken { items: &["chunk"], token: &["end"], param: "from" })]
#[derive(Debug, Deserialize)]
struct TimelineEvent {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    content: serde_json::Value,
}

/// A room's state event; the topic's state key is empty.
#[restlax::resource(path = "/_matrix/client/v3/rooms/<room_id>/state/<event_type>",
    id = "state_key?", actions(show, update(returns = Sent)))]
#[derive(Debug, Serialize, Deserialize)]
struct StateEvent {
    topic: String,
}

/// The rooms the user is in: `{"joined_rooms": [...]}`.
#[restlax::resource(path = "/_matrix/client/v3/joined_rooms", actions(index(returns = String)),
    envelope = restlax::envelope::Under(&["joined_rooms"]))]
#[derive(Debug, Deserialize)]
struct JoinedRoom;

/// Users, as the admin API lists them: `{"users": [...], "next_token": "2"}`.
#[restlax::resource(path = "/_synapse/admin/v2/users", actions(index),
    envelope = restlax::envelope::NextToken { items: &["users"], token: &["next_token"], param: "from" })]
#[derive(Debug, Deserialize)]
struct AdminUser {
    name: String,
}

use serde::Serialize;

/// One client for every list key of the API: Synapse's own token pages, an
/// empty state key, its error codes.
#[test]
fn one_client_walks_synapses_token_pages_and_empty_state_keys() {
    let synapse = Synapse::start();
    let token = synapse.user("admin", true);
    for name in ["bob", "carol"] {
        synapse.user(name, false);
    }
    let client = synapse.client(&token);
    let room: Created = client
        .post("/_matrix/client/v3/createRoom")
        .json(&json!({"name": "paging"}))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let room = room.room_id;

    // The empty state key: `PUT …/state/m.room.topic/`.
    let topic = StateEvent {
        topic: "pages of the timeline".into(),
    };
    let sent = StateEvent::update(&client, &room, "m.room.topic", "", &topic, ()).unwrap();
    assert!(sent.event_id.starts_with('$'));
    let read = StateEvent::show(&client, &room, "m.room.topic", "", ()).unwrap();
    assert_eq!(read.topic, "pages of the timeline");

    // Token pages of the timeline, two events a page.
    let events: Vec<TimelineEvent> = TimelineEvent::index_all(
        &client,
        &room,
        Opts::new().query("dir", "b").query("limit", 2),
    )
    .collect::<Result<_, _>>()
    .unwrap();
    assert!(events.len() >= 5, "{} events", events.len());
    assert!(
        events
            .iter()
            .any(|e| e.kind == "m.room.topic" && e.content["topic"] == "pages of the timeline")
    );
    assert!(
        events.iter().any(|e| e.kind == "m.room.create"),
        "walked to the start"
    );

    let rooms = JoinedRoom::index(&client, ()).unwrap();
    assert!(rooms.items().contains(&room));

    // The admin API's token pages, one user a page.
    let users: Vec<String> = AdminUser::index_all(&client, Opts::new().query("limit", 1))
        .map(|u| u.unwrap().name)
        .collect();
    assert_eq!(users.len(), 3, "{users:?}");
    assert!(users.contains(&"@carol:localhost".to_owned()));

    // Synapse's own error body keeps its code.
    let error = synapse
        .client("not-a-token")
        .get("/_matrix/client/v3/joined_rooms")
        .send()
        .unwrap_err();
    assert_eq!(error.status(), Some(401));
    assert_eq!(error.api_messages()[0].code(), Some("M_UNKNOWN_TOKEN"));
    assert!(
        error.to_string().contains("(code M_UNKNOWN_TOKEN)"),
        "{error}"
    );
}
