//! zonelint as NSD's zone verifier, with the real NSD (4.6 or later): a
//! primary serves example.net and notifies a secondary, which transfers the
//! zone and runs `verifier: zonelint check -` on every version it receives
//! before serving it. The secondary serves a good zone, refuses an update
//! that breaks a delegation's glue (the old serial stays and zonelint's
//! finding is in its log), and serves the next good update.
//!
//! Needs `nsd` and `dig` and root (NSD wants to run as root here, with no
//! user switch); skipped with a message otherwise. Both daemons listen on
//! free loopback ports, every wait is bounded, and the daemons are stopped
//! however the test ends. It takes about 3 seconds.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

/// The zone at `serial`; without `glue`, the delegation shop.example.net
/// names ns1.shop.example.net but the zone has no address for it.
fn zone(serial: u32, glue: bool) -> String {
    let mut text = format!(
        "$ORIGIN example.net.\n$TTL 3600\n\
         @        SOA  ns1.example.org. hostmaster.example.net. ( {serial} 7200 1800 1209600 3600 )\n\
         \x20        NS   ns1.example.org.\n\
         \x20        NS   ns2.example.com.\n\
         www      A    11.0.0.80\n\
         shop     NS   ns1.shop\n\
         \x20        NS   ns2.example.com.\n"
    );
    if glue {
        text.push_str("ns1.shop A    11.0.0.53\n");
    }
    text
}

/// A loopback port nothing listens on (TCP and UDP), for a moment.
fn free_port() -> u16 {
    loop {
        let tcp = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = tcp.local_addr().unwrap().port();
        if std::net::UdpSocket::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
}

/// Whether `program ARGUMENT` runs.
fn runs(program: &str, argument: &str) -> bool {
    Command::new(program)
        .arg(argument)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// The NSD daemons started by the test, stopped when dropped.
struct Daemons(Vec<Child>);

impl Drop for Daemons {
    fn drop(&mut self) {
        for child in &mut self.0 {
            // SIGTERM lets NSD stop its server and transfer processes too.
            let _ = Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .status();
        }
        for child in &mut self.0 {
            let deadline = Instant::now() + Duration::from_secs(5);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = child.try_wait() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The configuration of one instance: its server section, then `rest`.
fn config(folder: &Path, name: &str, port: u16, rest: &str) -> PathBuf {
    let d = folder.display();
    let text = format!(
        "server:\n\
         \x20   ip-address: 127.0.0.1\n\
         \x20   port: {port}\n\
         \x20   do-ip6: no\n\
         \x20   username: \"\"\n\
         \x20   chroot: \"\"\n\
         \x20   zonesdir: \"{d}\"\n\
         \x20   database: \"\"\n\
         \x20   pidfile: \"{d}/{name}.pid\"\n\
         \x20   logfile: \"{d}/{name}.log\"\n\
         \x20   xfrdfile: \"{d}/{name}.xfrd.state\"\n\
         \x20   xfrdir: \"{d}/{name}.xfr\"\n\
         \x20   zonelistfile: \"{d}/{name}.zonelist\"\n\
         \x20   server-count: 1\n\
         \x20   verbosity: 2\n\
         remote-control:\n\
         \x20   control-enable: no\n\
         {rest}"
    );
    std::fs::create_dir_all(folder.join(format!("{name}.xfr"))).unwrap();
    let path = folder.join(format!("{name}.conf"));
    std::fs::write(&path, text).unwrap();
    path
}

/// The serial the secondary serves (`dig … SOA`), if it answers with one.
fn served_serial(port: u16) -> Option<u32> {
    let output = Command::new("dig")
        .args(["+short", "+time=1", "+tries=1", "@127.0.0.1", "-p"])
        .arg(port.to_string())
        .args(["example.net", "SOA"])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    text.split_whitespace().nth(2)?.parse().ok()
}

/// Waits (at most 20 s) until `done` holds; panics with `what` otherwise.
fn wait_for(what: &str, log: &Path, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if done() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!(
        "timed out waiting for {what}; the secondary's log:\n{}",
        std::fs::read_to_string(log).unwrap_or_default()
    );
}

/// Writes the primary's zone file with an mtime later than the last one
/// (NSD reloads a zone file on SIGHUP when its mtime changed) and reloads.
fn update_primary(file: &Path, text: &str, step: u64, primary: &Child) {
    std::fs::write(file, text).unwrap();
    let mtime = SystemTime::now() + Duration::from_secs(10 * step);
    std::fs::File::options()
        .write(true)
        .open(file)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    let status = Command::new("kill")
        .args(["-HUP", &primary.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn nsd_serves_only_the_zones_zonelint_passes() {
    if !runs("nsd", "-v") || !runs("dig", "-v") {
        println!("skipped: needs nsd (4.6 or later) and dig (apt-get install nsd bind9-dnsutils)");
        return;
    }
    if !is_root() {
        println!("skipped: the NSD test runs as root");
        return;
    }
    let started = Instant::now();
    let folder = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("nsd");
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    let (primary_port, secondary_port, verify_port) = (free_port(), free_port(), free_port());
    let zone_file = folder.join("primary.example.net.zone");
    std::fs::write(&zone_file, zone(1, true)).unwrap();
    let primary = config(
        &folder,
        "primary",
        primary_port,
        &format!(
            "zone:\n    name: example.net\n    zonefile: primary.example.net.zone\n\
             \x20   notify: 127.0.0.1@{secondary_port} NOKEY\n    provide-xfr: 127.0.0.1 NOKEY\n"
        ),
    );
    let zonelint = env!("CARGO_BIN_EXE_zonelint");
    let secondary = config(
        &folder,
        "secondary",
        secondary_port,
        &format!(
            "verify:\n    enable: yes\n    ip-address: 127.0.0.1\n    port: {verify_port}\n\
             \x20   verifier-timeout: 30\n\
             zone:\n    name: example.net\n    zonefile: secondary.example.net.zone\n\
             \x20   request-xfr: 127.0.0.1@{primary_port} NOKEY\n\
             \x20   allow-notify: 127.0.0.1 NOKEY\n\
             \x20   verify-zone: yes\n\
             \x20   verifier: {zonelint} check -\n"
        ),
    );
    let log = folder.join("secondary.log");
    let start = |conf: &Path| {
        Command::new("nsd")
            .args(["-d", "-c"])
            .arg(conf)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("nsd starts")
    };
    let mut daemons = Daemons(Vec::new());
    daemons.0.push(start(&primary));
    daemons.0.push(start(&secondary));
    let read_log = || std::fs::read_to_string(&log).unwrap_or_default();
    let verdicts = |code: u8| {
        read_log()
            .lines()
            .filter(|l| {
                l.contains("verifier for zone example.net")
                    && l.ends_with(&format!("exited with {code}"))
            })
            .count()
    };

    // A good zone: verified and served.
    wait_for("serial 1 on the secondary", &log, || {
        served_serial(secondary_port) == Some(1)
    });
    assert_eq!(verdicts(0), 1, "{}", read_log());

    // An update whose delegation lost its glue: refused, serial 1 stays.
    update_primary(&zone_file, &zone(2, false), 1, &daemons.0[0]);
    wait_for("the verifier to refuse serial 2", &log, || verdicts(1) == 1);
    let text = read_log();
    // One log line per finding (the line and column are those of the text
    // NSD feeds the verifier).
    assert!(
        text.lines().any(|line| line.contains("info: -:")
            && line.ends_with(
                "error[missing-glue] shop.example.net. is delegated to ns1.shop.example.net., \
                 which lies inside the delegation, but the zone has no A or AAAA for it"
            )),
        "zonelint's finding is in NSD's log:\n{text}"
    );
    assert!(text.contains("1 error, 0 warnings in 1 file"), "{text}");
    assert_eq!(
        served_serial(secondary_port),
        Some(1),
        "the old zone is still served"
    );

    // The next good update is served.
    update_primary(&zone_file, &zone(3, true), 2, &daemons.0[0]);
    wait_for("serial 3 on the secondary", &log, || {
        served_serial(secondary_port) == Some(3)
    });
    assert_eq!(verdicts(0), 2, "{}", read_log());

    drop(daemons);
    println!("the NSD test took {:.1?}", started.elapsed());
    let _ = std::fs::remove_dir_all(&folder);
}
