//! `zonelint glue`: the glue list as zone-file lines and as JSON, with the
//! profile's findings on stderr and the exit code (golden files in
//! testdata/glue; `UPDATE_GOLDEN=1` rewrites them).

use std::path::Path;
use std::process::Command;

fn glue(format: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_zonelint"))
        .args([
            "glue",
            "--output-format",
            format,
            "testdata/glue/example.cn.zone",
        ])
        .output()
        .unwrap()
}

fn golden(name: &str, actual: &str) {
    let path = Path::new("testdata/glue").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
    } else {
        let expected = std::fs::read_to_string(&path).unwrap();
        assert_eq!(actual, expected, "differs from {}", path.display());
    }
}

#[test]
fn glue_lists_the_hosts_and_checks_the_profile() {
    let text = glue("text");
    assert_eq!(text.status.code(), Some(1), "profile errors fail the run");
    let stdout = String::from_utf8(text.stdout).unwrap();
    assert!(stdout.contains("ns1.example.cn.\tIN\tAAAA\t2001:500::1"));
    assert!(
        !stdout.contains("hoster.com.\tIN"),
        "out-of-zone hosts need no glue"
    );
    golden("example.cn.txt", &stdout);
    golden(
        "example.cn.stderr",
        &String::from_utf8(text.stderr).unwrap(),
    );

    let json = glue("json");
    assert_eq!(json.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["profile"], "cn");
    assert_eq!(value["ns_sets"][0]["apex"], true);
    assert_eq!(
        value["ns_sets"][1]["name_servers"]
            .as_array()
            .unwrap()
            .len(),
        7
    );
    let rules: Vec<&str> = value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(
        rules.contains(&"ns-count") && rules.contains(&"host-name-depth"),
        "{rules:?}"
    );
    golden("example.cn.json", &String::from_utf8(json.stdout).unwrap());
}

#[test]
fn glue_hosts_are_answered_by_the_zones_lookup() {
    let output = Command::new(env!("CARGO_BIN_EXE_zonelint"))
        .args([
            "glue",
            "--output-format",
            "json",
            "testdata/glue/lookup.example.com.zone",
        ])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let hosts = |set: usize| -> Vec<(String, String, Vec<String>)> {
        value["ns_sets"][set]["hosts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h["host"].as_str().unwrap().to_owned(),
                    h["kind"].as_str().unwrap().to_owned(),
                    h["addresses"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|a| a.as_str().unwrap().to_owned())
                        .collect(),
                )
            })
            .collect()
    };
    let host = |name: &str, addresses: &[&str]| {
        (
            name.to_owned(),
            "in-domain".to_owned(),
            addresses
                .iter()
                .map(|a| (*a).to_owned())
                .collect::<Vec<_>>(),
        )
    };
    assert_eq!(value["ns_sets"][0]["apex"], true);
    assert_eq!(
        hosts(0),
        [
            host("ns1.hosted.example.com.", &["11.0.0.5"]),
            host("ns4.pool.example.com.", &["11.0.0.4"]),
            host("txt.pool.example.com.", &[]),
        ]
    );
    assert_eq!(value["ns_sets"][2]["owner"], "shop.example.com.");
    assert_eq!(hosts(2), [host("ns1.shop.example.com.", &[])]);
}
