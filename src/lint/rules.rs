//! The rule registry: every rule's name, default severity and
//! documentation, in one table. `zonelint rule NAME` prints the
//! documentation; the README's rule table is generated from it.

use crate::finding::Severity;

/// Declares the `Rule` enum from one line per rule; the doc comment of the
/// line is the rule's documentation.
macro_rules! declare_rules {
    ($( $(#[doc = $doc:literal])* $variant:ident $name:literal $severity:ident, )*) => {
        /// Every rule zonelint knows.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl Rule {
            /// Every rule, in documentation order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The kebab-case name.
            pub fn name(self) -> &'static str {
                match self { $(Rule::$variant => $name,)* }
            }

            /// The default severity.
            pub fn default_severity(self) -> Severity {
                match self { $(Rule::$variant => Severity::$severity,)* }
            }

            /// The documentation, in the fixed sections.
            pub fn documentation(self) -> &'static str {
                match self { $(Rule::$variant => concat!($($doc, "\n",)*),)* }
            }
        }
    };
}

impl Rule {
    /// The rule called `name`.
    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|rule| rule.name() == name)
    }

    /// The first sentence of the "What it does" section.
    pub fn summary(self) -> String {
        let section: Vec<&str> = self
            .documentation()
            .lines()
            .skip_while(|line| !line.contains("## What it does"))
            .skip(1)
            .take_while(|line| !line.trim_start().starts_with("##"))
            .map(str::trim)
            .collect();
        let text = section.join(" ");
        match text.find(". ") {
            Some(end) => text[..=end].to_string(),
            None => text,
        }
    }
}

/// The Markdown table of every rule for the README.
pub fn rules_table() -> String {
    let mut table = String::from("| rule | default | what it does |\n|---|---|---|\n");
    for rule in Rule::ALL {
        table.push_str(&format!(
            "| `{}` | {} | {} |\n",
            rule.name(),
            rule.default_severity().as_str(),
            rule.summary().replace('|', "\\|")
        ));
    }
    table
}

declare_rules! {
    /// ## What it does
    /// Reports text that is not a valid zone file: a malformed field, an unknown type, an
    /// unclosed parenthesis, a bad `$INCLUDE` or `$GENERATE`.
    /// ## Why it matters
    /// A name server refuses to load a zone with a syntax error, so nothing of it is served.
    /// ## Example
    /// `mail MX ten mail.example.com.` (the preference must be a number).
    /// ## Fix safety
    /// No fix. Cannot be turned off.
    /// ## References
    /// RFC 1035 §5.1, RFC 3597 §5, grammar/zonefile.ebnf.
    Syntax "syntax" Error,
    /// ## What it does
    /// Reports an NS target inside the delegated name (in-domain) with no A or AAAA record in
    /// the zone.
    /// ## Why it matters
    /// Resolvers cannot find the name server's address without glue: the delegation is broken.
    /// ## Example
    /// `shop NS ns1.shop` with no `ns1.shop A …`.
    /// ## Fix safety
    /// Safe: the glue fix adds the A/AAAA records to the delegation's glue block, with addresses
    /// from `--glue`, `--glue-file`, the config's `[glue]` table or the child zone in the same run.
    /// ## References
    /// RFC 9471 §3 (in-domain glue MUST be included), RFC 9499 §7.
    MissingGlue "missing-glue" Error,
    /// ## What it does
    /// Reports an NS target below another delegation of this zone (a sibling) with no A or AAAA
    /// there. It is an error when delegations depend on each other in a cycle.
    /// ## Why it matters
    /// Resolvers must resolve the sibling first; in a cycle they never can.
    /// ## Example
    /// `a NS ns.b` and `b NS ns.a`, with no glue for either.
    /// ## Fix safety
    /// Safe: the glue fix adds the missing addresses, as for `missing-glue`.
    /// ## References
    /// RFC 9471 §3 (sibling glue SHOULD be included), RFC 9499 §7.
    MissingSiblingGlue "missing-sibling-glue" Warning,
    /// ## What it does
    /// Reports an apex NS target inside the zone (not below a delegation) with no A or AAAA.
    /// ## Why it matters
    /// The registry needs those addresses as glue ("DNS hosts") for the zone's own delegation.
    /// ## Example
    /// `@ NS ns1` with no `ns1 A …`.
    /// ## Fix safety
    /// Safe: the glue fix adds the records when an address source is given.
    /// ## References
    /// RFC 1034 §4.2.1, RFC 9471 §3.
    ApexNsMissingAddress "apex-ns-missing-address" Error,
    /// ## What it does
    /// Reports an NS target of a delegation that lies in the zone's own data (not below any
    /// delegation) and has no A or AAAA.
    /// ## Why it matters
    /// The zone is authoritative for that name and says it has no address: the name server can
    /// never be reached.
    /// ## Example
    /// `shop NS ns.example.com.` in example.com with no `ns A …`.
    /// ## Fix safety
    /// No fix.
    /// ## References
    /// RFC 1034 §4.2.1.
    NsTargetNoAddress "ns-target-no-address" Error,
    /// ## What it does
    /// Reports an NS target that is a CNAME or DNAME owner or lies below a DNAME.
    /// ## Why it matters
    /// The value of an NS record must not be an alias; many resolvers and registries refuse it.
    /// ## Example
    /// `@ NS ns1` with `ns1 CNAME server.example.net.`.
    /// ## Fix safety
    /// No fix: point the NS at the canonical name yourself.
    /// ## References
    /// RFC 2181 §10.3.
    NsTargetAlias "ns-target-alias" Error,
    /// ## What it does
    /// Reports an NS or MX target written as an IP address.
    /// ## Why it matters
    /// The target is a domain name; `192.0.2.1` is read as the name `192.0.2.1.example.com.`.
    /// ## Example
    /// `@ NS 192.0.2.1`.
    /// ## Fix safety
    /// No fix: name the host and give it an A record.
    /// ## References
    /// RFC 1035 §3.3.11, RFC 1123 §2.1.
    NsTargetIsAddress "ns-target-is-address" Error,
    /// ## What it does
    /// Reports a relative target whose expansion repeats the origin or ends in a known TLD
    /// followed by the origin, such as `ns1.example.net` in example.com.
    /// ## Why it matters
    /// Without the final dot the origin is appended: `ns1.example.net.example.com.`.
    /// ## Example
    /// `@ NS ns1.example.net`.
    /// ## Fix safety
    /// Unsafe: adding the dot changes the data the zone serves.
    /// ## References
    /// RFC 1035 §5.1.
    MissingTrailingDot "missing-trailing-dot" Warning,
    /// ## What it does
    /// Reports address records at or below a delegation that no NS record of the zone names.
    /// ## Why it matters
    /// Such glue is never used; it is usually left over from a name server change and may
    /// point at an address that is no longer yours.
    /// ## Example
    /// `ns9.shop A 192.0.2.9` where no NS names `ns9.shop`.
    /// ## Fix safety
    /// Unsafe: deletes the records.
    /// ## References
    /// RFC 9499 §7 (glue), RFC 5732 §3.2.2.
    OrphanGlue "orphan-glue" Warning,
    /// ## What it does
    /// Reports records below a delegation (other than glue), and data other than NS, DS, NSEC
    /// and RRSIG at a delegation point.
    /// ## Why it matters
    /// Authoritative servers answer with a referral there: the data is never served.
    /// ## Example
    /// `www.shop A 192.0.2.1` below `shop NS …`.
    /// ## Fix safety
    /// No fix: move the data into the child zone.
    /// ## References
    /// RFC 1034 §4.2.1, RFC 2181 §6.
    OccludedData "occluded-data" Warning,
    /// ## What it does
    /// Reports glue whose addresses differ from the addresses in the zone that is authoritative
    /// for the host, when that zone is checked in the same run.
    /// ## Why it matters
    /// Resolvers use the parent's glue first: a stale address sends queries to the wrong server.
    /// ## Example
    /// Parent `ns1.shop A 192.0.2.1`, child `ns1 A 192.0.2.2`.
    /// ## Fix safety
    /// No fix: which address is right is the operator's call.
    /// ## References
    /// RFC 9471 §3, Zonemaster CONSISTENCY05.
    GlueMismatch "glue-mismatch" Error,
    /// ## What it does
    /// Reports a parent's NS set for a child that differs from the child zone's apex NS set,
    /// when both zones are checked in the same run.
    /// ## Why it matters
    /// Resolvers replace the parent's set with the child's; a difference is a lame or hidden
    /// name server.
    /// ## Example
    /// Parent `shop NS ns1.shop`, child `@ NS ns2`.
    /// ## Fix safety
    /// No fix.
    /// ## References
    /// RFC 1034 §4.2.2, Zonemaster DELEGATION07.
    DelegationNsMismatch "delegation-ns-mismatch" Warning,
    /// ## What it does
    /// Reports NS records owned by a wildcard name.
    /// ## Why it matters
    /// A wildcard delegation does not behave like a delegation; resolvers and servers differ.
    /// ## Example
    /// `* NS ns1.example.net.`.
    /// ## Fix safety
    /// No fix.
    /// ## References
    /// RFC 4592 §4.2.
    NsWildcardOwner "ns-wildcard-owner" Error,
    /// ## What it does
    /// Reports a delegation whose referral (longest possible query name, the NS set and the
    /// in-domain glue) is over 512 octets; an error when it is over 1232 octets.
    /// ## Why it matters
    /// A referral that does not fit a UDP answer is truncated and needs TCP; over 1232 octets
    /// it does not fit the recommended EDNS buffer either.
    /// ## Example
    /// A delegation to 13 in-domain name servers, each with IPv4 and IPv6 glue.
    /// ## Fix safety
    /// No fix.
    /// ## References
    /// RFC 1035 §2.3.4, RFC 9471 §3, Zonemaster DELEGATION03.
    ReferralTooLarge "referral-too-large" Warning,
    /// ## What it does
    /// Reports glue or apex name-server addresses in loopback, private, link-local,
    /// documentation, multicast, benchmarking or unspecified space.
    /// ## Why it matters
    /// Such addresses cannot be reached from the Internet.
    /// ## Example
    /// `ns1 A 10.0.0.1` for an apex NS.
    /// ## Fix safety
    /// No fix.
    /// ## References
    /// RFC 6890, IANA special-purpose address registries, Zonemaster ADDRESS01.
    SpecialPurposeAddress "special-purpose-address" Warning,
    /// ## What it does
    /// Reports two name servers of one NS set that share an address.
    /// ## Why it matters
    /// They are one server: the redundancy of the NS set is less than it looks.
    /// ## Example
    /// `ns1 A 192.0.2.1` and `ns2 A 192.0.2.1`, both apex NS.
    /// ## Fix safety
    /// No fix.
    /// ## References
    /// RFC 2182 §3.1, Zonemaster DELEGATION02.
    SharedNsAddress "shared-ns-address" Warning,
    /// ## What it does
    /// Reports an NS set (apex or delegation) with more name servers than the registry profile
    /// allows (error), or fewer than its minimum (warning).
    /// ## Why it matters
    /// The registry refuses the delegation; with one name server there is no redundancy.
    /// ## Example
    /// Seven NS records under the `cn` profile (at most 6).
    /// ## Fix safety
    /// No fix.
    /// ## References
    /// RFC 1034 §4.1, registry policies (registry-rules.md).
    NsCount "ns-count" Error,
    /// ## What it does
    /// Reports a host that needs glue with more addresses than the profile allows, or fewer
    /// than its minimum while having some.
    /// ## Why it matters
    /// The registry refuses the host object ("DNS host").
    /// ## Example
    /// 14 A records for `ns1.example.com.` under the `generic` profile (1–13).
    /// ## Fix safety
    /// No fix.
    /// ## References
    /// RFC 5732, registry policies (registry-rules.md).
    HostAddressCount "host-address-count" Error,
    /// ## What it does
    /// Reports a name-server host name deeper than the profile allows.
    /// ## Why it matters
    /// The registry refuses the host name (the `cn` profile: no fourth-level `.cn` host).
    /// ## Example
    /// `ns1.a.example.cn.` under the `cn` profile.
    /// ## Fix safety
    /// No fix.
    /// ## References
    /// Registry policies (registry-rules.md).
    HostNameDepth "host-name-depth" Error,
    /// ## What it does
    /// Reports a name-server host name that is not letters, digits and hyphens, has an empty or
    /// over-long label, or an all-numeric top label.
    /// ## Why it matters
    /// Registries accept only host names (LDH); a name like `ns1.123` is not one.
    /// ## Example
    /// `@ NS ns_1.example.net.`.
    /// ## Fix safety
    /// No fix.
    /// ## References
    /// RFC 952, RFC 1123 §2.1, RFC 3696 §2.
    NsNameSyntax "ns-name-syntax" Error,
    /// ## What it does
    /// Reports AAAA glue where the registry profile allows no IPv6.
    /// ## Why it matters
    /// The registry refuses the host's IPv6 address.
    /// ## Example
    /// `ns1.shop AAAA 2001:db8::1` under a profile with `ipv6 = false`.
    /// ## Fix safety
    /// No fix.
    /// ## References
    /// Registry policies (registry-rules.md).
    Ipv6GlueDisallowed "ipv6-glue-disallowed" Error,
    /// ## What it does
    /// Reports a rule named in a `; zonelint: ignore …` or `ignore-file` comment that
    /// suppressed nothing, or that is not a rule.
    /// ## Why it matters
    /// A stale suppression hides the next real finding of that rule on the record.
    /// ## Example
    /// `www A 192.0.2.1 ; zonelint: ignore missing-glue` (an A record has no glue to miss).
    /// ## Fix safety
    /// No fix: remove the rule from the comment.
    /// ## References
    /// DESIGN §4 (suppression).
    UnusedSuppression "unused-suppression" Warning,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_every_documentation_section() {
        for rule in Rule::ALL {
            let text = rule.documentation();
            for section in [
                "## What it does",
                "## Why it matters",
                "## Example",
                "## Fix safety",
                "## References",
            ] {
                assert!(text.contains(section), "{} lacks {section}", rule.name());
            }
            assert!(!rule.summary().is_empty());
            assert_eq!(Rule::from_name(rule.name()), Some(*rule));
        }
    }
}
