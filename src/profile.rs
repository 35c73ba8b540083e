//! Registry profiles: the limits a registry puts on name servers and glue
//! (DESIGN §5; the sources are in ../shared/registry-rules.md and the
//! `source` of each profile).

use serde::Deserialize;

/// The limits one registry (or platform) applies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    /// Its name, as given to `--profile`.
    pub name: String,
    /// The registry suffixes it applies to with `--profile auto`
    /// (longest suffix wins), without the final dot.
    pub applies_to: Vec<String>,
    /// Fewest name servers per NS set (fewer is a warning).
    pub ns_min: u32,
    /// Most name servers per NS set.
    pub ns_max: u32,
    /// Fewest addresses of a host that needs glue, when it has any.
    pub addresses_min: u32,
    /// Most addresses (IPv4 and IPv6 together) of a host that needs glue.
    pub addresses_max: u32,
    /// Most IPv4 addresses of such a host, when limited separately.
    pub ipv4_max: Option<u32>,
    /// Most IPv6 addresses of such a host, when limited separately.
    pub ipv6_max: Option<u32>,
    /// Whether IPv6 glue is accepted.
    pub ipv6: bool,
    /// Most labels of a name-server host name, counted from the registry
    /// suffix it lies under as if that suffix were one label (so 3 allows
    /// `ns1.example.cn` and `ns1.example.com.cn`, not `ns1.a.example.cn`).
    pub max_host_labels: Option<u32>,
    /// Where the numbers come from.
    pub source: String,
}

impl Profile {
    fn builtin(
        name: &str,
        applies_to: &[&str],
        ns: (u32, u32),
        addresses: (u32, u32),
        source: &str,
    ) -> Profile {
        Profile {
            name: name.into(),
            applies_to: applies_to.iter().map(|s| (*s).to_string()).collect(),
            ns_min: ns.0,
            ns_max: ns.1,
            addresses_min: addresses.0,
            addresses_max: addresses.1,
            ipv4_max: None,
            ipv6_max: None,
            ipv6: true,
            max_host_labels: None,
            source: source.into(),
        }
    }
}

/// The built-in profiles.
pub fn builtin_profiles() -> Vec<Profile> {
    let mut profiles = vec![
        Profile::builtin(
            "generic",
            &[],
            (2, 13),
            (1, 13),
            "RFC 1034 §4.1 (two name servers); registries' usual 13 hosts with 1-13 addresses",
        ),
        Profile {
            max_host_labels: Some(3),
            ..Profile::builtin(
                "cn",
                &[
                    "cn", "com.cn", "net.cn", "org.cn", "gov.cn", "edu.cn", "ac.cn", "mil.cn",
                ],
                (2, 6),
                (1, 13),
                "CNNIC via registrar FAQs: at most 6 name servers, no fourth-level .cn host names",
            )
        },
        Profile::builtin(
            "uk",
            &[
                "uk", "co.uk", "org.uk", "me.uk", "ltd.uk", "plc.uk", "net.uk", "sch.uk",
            ],
            (2, 10),
            (1, 13),
            "Nominet: at most 10 name servers",
        ),
        Profile::builtin("nl", &["nl"], (2, 13), (1, 13), "SIDN: 2-13 name servers"),
        Profile::builtin(
            "au",
            &[
                "au", "com.au", "net.au", "org.au", "edu.au", "gov.au", "asn.au", "id.au",
            ],
            (2, 9),
            (1, 13),
            "auDA: 2-9 name servers",
        ),
        Profile::builtin(
            "ee",
            &["ee"],
            (2, 11),
            (1, 13),
            "EIS registry: 2-11 name servers",
        ),
        Profile::builtin(
            "ca",
            &["ca"],
            (2, 13),
            (1, 1),
            "CIRA: at most 13 name servers, one address per host",
        ),
        Profile::builtin(
            "nomulus",
            &["app", "dev", "page", "how", "soy", "google"],
            (2, 13),
            (1, 10),
            "Nomulus (Google Registry): 13 name servers, 10 addresses per host",
        ),
    ];
    profiles.push(Profile {
        ipv4_max: Some(1),
        ipv6_max: Some(1),
        ..Profile::builtin(
            "route53",
            &[],
            (2, 13),
            (1, 2),
            "AWS Route 53 Domains: one IPv4 and one IPv6 address per glue host",
        )
    });
    profiles
}

/// A `[profiles.NAME]` table of the configuration.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ProfileConfig {
    /// Registry suffixes for `--profile auto`.
    #[serde(default)]
    pub applies_to: Vec<String>,
    /// The profile whose limits it starts from (default `generic`).
    pub extends: Option<String>,
    /// NS count limits.
    pub ns: Option<Range>,
    /// Addresses per glue host, IPv4 and IPv6 together.
    pub host_addresses: Option<Range>,
    /// IPv4 addresses per glue host.
    pub ipv4_addresses: Option<Range>,
    /// IPv6 addresses per glue host.
    pub ipv6_addresses: Option<Range>,
    /// Whether IPv6 glue is accepted.
    pub ipv6: Option<bool>,
    /// See [`Profile::max_host_labels`].
    pub max_host_labels: Option<u32>,
}

/// `{ min = …, max = … }`.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Range {
    /// Lower bound.
    pub min: Option<u32>,
    /// Upper bound.
    pub max: Option<u32>,
}

/// Builds a user profile on top of the profile it extends.
pub fn user_profile(
    name: &str,
    config: &ProfileConfig,
    known: &[Profile],
) -> Result<Profile, String> {
    let base_name = config.extends.as_deref().unwrap_or("generic");
    let base = known
        .iter()
        .find(|p| p.name == base_name)
        .ok_or_else(|| format!("profile {name} extends unknown profile {base_name}"))?;
    let mut profile = base.clone();
    profile.name = name.to_string();
    profile.applies_to = config
        .applies_to
        .iter()
        .map(|s| s.trim_end_matches('.').to_ascii_lowercase())
        .collect();
    if let Some(ns) = config.ns {
        profile.ns_min = ns.min.unwrap_or(profile.ns_min);
        profile.ns_max = ns.max.unwrap_or(profile.ns_max);
    }
    if let Some(addresses) = config.host_addresses {
        profile.addresses_min = addresses.min.unwrap_or(profile.addresses_min);
        profile.addresses_max = addresses.max.unwrap_or(profile.addresses_max);
    }
    if let Some(v4) = config.ipv4_addresses {
        profile.ipv4_max = v4.max.or(profile.ipv4_max);
    }
    if let Some(v6) = config.ipv6_addresses {
        profile.ipv6_max = v6.max.or(profile.ipv6_max);
    }
    if let Some(ipv6) = config.ipv6 {
        profile.ipv6 = ipv6;
    }
    if config.max_host_labels.is_some() {
        profile.max_host_labels = config.max_host_labels;
    }
    profile.source = format!("profile {name} of the configuration");
    Ok(profile)
}

/// The profile for a zone: the one named, or with `auto` the one whose
/// `applies_to` holds the longest suffix of the origin, else `generic`.
pub fn select<'p>(profiles: &'p [Profile], requested: &str, origin: &str) -> Option<&'p Profile> {
    if requested != "auto" {
        return profiles.iter().find(|p| p.name == requested);
    }
    let origin = origin.trim_end_matches('.').to_ascii_lowercase();
    let mut best: Option<(&Profile, usize)> = None;
    for profile in profiles {
        for suffix in &profile.applies_to {
            let matches = origin == *suffix || origin.ends_with(&format!(".{suffix}"));
            if matches && best.is_none_or(|(_, length)| suffix.len() > length) {
                best = Some((profile, suffix.len()));
            }
        }
    }
    best.map(|(p, _)| p)
        .or_else(|| profiles.iter().find(|p| p.name == "generic"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_picks_the_longest_suffix_and_falls_back_to_generic() {
        let profiles = builtin_profiles();
        assert_eq!(
            select(&profiles, "auto", "example.com.cn.").unwrap().name,
            "cn"
        );
        assert_eq!(select(&profiles, "auto", "cn.").unwrap().name, "cn");
        assert_eq!(
            select(&profiles, "auto", "example.co.uk.").unwrap().name,
            "uk"
        );
        assert_eq!(
            select(&profiles, "auto", "example.com.").unwrap().name,
            "generic"
        );
        assert_eq!(select(&profiles, "auto", ".").unwrap().name, "generic");
        assert_eq!(select(&profiles, "route53", "x.").unwrap().name, "route53");
        assert!(select(&profiles, "nonesuch", "x.").is_none());
    }

    #[test]
    fn user_profiles_extend_and_override() {
        let config: ProfileConfig = toml::from_str(
            "applies-to = [\"example\"]\nns = { min = 2, max = 8 }\nmax-host-labels = 3\nipv6 = false\n",
        )
        .unwrap();
        let profile = user_profile("mine", &config, &builtin_profiles()).unwrap();
        assert_eq!((profile.ns_min, profile.ns_max), (2, 8));
        assert_eq!(profile.addresses_max, 13);
        assert!(!profile.ipv6);
        assert!(toml::from_str::<ProfileConfig>("nss = 1").is_err());
    }
}
