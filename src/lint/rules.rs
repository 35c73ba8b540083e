//! The rule registry: every rule's name, default severity and
//! documentation, in one table. `zonelint rule NAME` prints the
//! documentation; the README's rule table is generated from it.

pub mod addresses;
pub mod aliases;
pub mod cname_chains;
pub mod cut_data;
pub mod dnssec;
pub mod glue_changed;
pub mod hostname_syntax;
pub mod mx_srv_targets;
pub mod ns_targets;
pub mod records;
pub mod referral_size;
pub mod registry_limits;
pub mod serial_not_increased;
pub mod soa;
pub mod trailing_dot;

use crate::finding::Severity;

/// Declares the `Rule` enum from one line per rule; the doc comment of the
/// line is the rule's documentation.
macro_rules! declare_rules {
    ($( $(#[doc = $doc:literal])* $variant:ident $name:literal $severity:ident $group:ident $fix:ident, )*) => {
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

            /// The group `--select` and `--ignore` name it by.
            pub fn group(self) -> Group {
                match self { $(Rule::$variant => Group::$group,)* }
            }

            /// Whether its findings can carry a fix.
            pub fn fix_availability(self) -> FixAvailability {
                match self { $(Rule::$variant => FixAvailability::$fix,)* }
            }
        }
    };
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The groups of rules `--select` and `--ignore` take besides rule names:
/// the tables of DESIGN §4. A rule's group is declared on its line of the
/// registry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Group {
    /// `syntax` alone.
    Syntax,
    /// The delegation and glue rules.
    Delegation,
    /// The registry limits of the profile.
    Registry,
    /// The rules of the zone's structure and records.
    Structure,
}

impl Group {
    /// The groups a selector can name, with what they hold.
    pub const SELECTABLE: &'static [(Group, &'static str)] = &[
        (Group::Delegation, "the delegation and glue rules"),
        (Group::Registry, "the registry limits of the profile"),
        (
            Group::Structure,
            "the rules of the zone's structure and records",
        ),
    ];

    /// The name a selector uses.
    pub fn name(self) -> &'static str {
        match self {
            Group::Syntax => "syntax",
            Group::Delegation => "delegation",
            Group::Registry => "registry",
            Group::Structure => "structure",
        }
    }

    /// The selectable group called `name`.
    pub fn from_name(name: &str) -> Option<Group> {
        Group::SELECTABLE
            .iter()
            .map(|&(group, _)| group)
            .find(|group| group.name() == name)
    }
}

/// Whether a rule's findings can carry a fix, as its "Fix safety" section
/// says; the rule tests hold every rule to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixAvailability {
    /// Never: the rule emits no fix.
    None,
    /// When the fix can be made (an address source is known, say).
    Sometimes,
}

impl Rule {
    /// The rule called `name`.
    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|rule| rule.name() == name)
    }

    /// Whether the rule runs only when `--select` names it or the
    /// configuration gives it a level: it reads git history, and a plain
    /// `check` stays offline and deterministic.
    pub fn is_off_by_default(self) -> bool {
        self == Rule::GlueChanged
    }

    /// The default severity as shown to users: `warning (off)` for a
    /// rule that is off by default.
    pub fn default_level(self) -> String {
        let severity = self.default_severity().as_str();
        if self.is_off_by_default() {
            format!("{severity} (off)")
        } else {
            severity.to_string()
        }
    }

    /// Whether `selector` (a rule or a group name) names this rule.
    pub fn is_named_by(self, selector: &str) -> bool {
        self.name() == selector || self.group().name() == selector
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

/// A set of rules, as the rules that run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleSet(u64);

const _: () = assert!(Rule::ALL.len() <= 64, "a RuleSet holds 64 rules");

impl RuleSet {
    /// Every rule.
    pub const ALL: RuleSet = RuleSet(u64::MAX);

    /// The rules for which `keep` holds.
    pub fn of(keep: impl Fn(Rule) -> bool) -> RuleSet {
        RuleSet(
            Rule::ALL
                .iter()
                .filter(|&&rule| keep(rule))
                .fold(0, |bits, &rule| bits | 1 << rule as u32),
        )
    }

    /// Whether `rule` is in the set.
    pub fn contains(self, rule: Rule) -> bool {
        self.0 & 1 << rule as u32 != 0
    }

    /// Whether any of `rules` is in the set.
    pub fn any(self, rules: &[Rule]) -> bool {
        rules.iter().any(|&rule| self.contains(rule))
    }

    /// Whether any rule of `group` is in the set.
    pub fn any_of_group(self, group: Group) -> bool {
        Rule::ALL
            .iter()
            .any(|&rule| rule.group() == group && self.contains(rule))
    }
}

/// The Markdown table of every rule for the README.
pub fn rules_table() -> String {
    let mut table = String::from("| rule | default | what it does |\n|---|---|---|\n");
    for rule in Rule::ALL {
        table.push_str(&format!(
            "| `{}` | {} | {} |\n",
            rule.name(),
            rule.default_level(),
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
    Syntax "syntax" Error Syntax None,
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
    MissingGlue "missing-glue" Error Delegation Sometimes,
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
    MissingSiblingGlue "missing-sibling-glue" Warning Delegation Sometimes,
    /// ## What it does
    /// Reports an apex NS target inside the zone with no A or AAAA. Every apex NS target at or
    /// below the apex is in-domain for the apex NS set, also one below a delegation of the zone
    /// (its address is then glue there); a wildcard answers for a target that does not exist.
    /// ## Why it matters
    /// The registry needs those addresses as glue ("DNS hosts") for the zone's own delegation.
    /// ## Example
    /// `@ NS ns1` with no `ns1 A …`; `@ NS ns1.sub` and `sub NS ns1.sub` with no glue.
    /// ## Fix safety
    /// Safe: the glue fix adds the records when an address source is given.
    /// ## References
    /// RFC 1034 §4.2.1, RFC 9471 §3.
    ApexNsMissingAddress "apex-ns-missing-address" Error Delegation Sometimes,
    /// ## What it does
    /// Reports an NS target of a delegation that lies in the zone's own data (not below any
    /// delegation) and has no A or AAAA. A wildcard gives an address only to a name that does not
    /// exist: not to an empty non-terminal or a name with other records (RFC 4592 §2.2.1).
    /// ## Why it matters
    /// The zone is authoritative for that name and says it has no address: the name server can
    /// never be reached.
    /// ## Example
    /// `shop NS ns.example.com.` in example.com with no `ns A …`.
    /// ## Fix safety
    /// No fix.
    /// ## References
    /// RFC 1034 §4.2.1.
    NsTargetNoAddress "ns-target-no-address" Error Delegation None,
    /// ## What it does
    /// Reports an NS target that is an alias in this zone's own data: a CNAME owner (or a name a
    /// wildcard CNAME answers for) or a name below a DNAME. A CNAME or DNAME below a zone cut is
    /// not this zone's data: a target there is a glue question (`missing-glue`,
    /// `missing-sibling-glue`); a DNAME at the target itself redirects only the names below it.
    /// ## Why it matters
    /// The value of an NS record must not be an alias; many resolvers and registries refuse it.
    /// ## Example
    /// `@ NS ns1` with `ns1 CNAME server.example.net.`.
    /// ## Fix safety
    /// No fix: point the NS at the canonical name yourself.
    /// ## References
    /// RFC 2181 §10.3.
    NsTargetAlias "ns-target-alias" Error Delegation None,
    /// ## What it does
    /// Reports an NS or MX target written as an IP address: a relative name that reads as an
    /// address, or an absolute name that is nothing but an address. A fully qualified name with
    /// numeric labels (`10.1.2.3.pool.example.com.`) is a host name and does not fire.
    /// ## Why it matters
    /// The target is a domain name; `192.0.2.1` is read as the name `192.0.2.1.example.com.`.
    /// ## Example
    /// `@ NS 192.0.2.1`, `@ MX 10 192.0.2.25.`.
    /// ## Fix safety
    /// No fix: name the host and give it an A record.
    /// ## References
    /// RFC 1035 §3.3.11, RFC 1123 §2.1.
    NsTargetIsAddress "ns-target-is-address" Error Delegation None,
    /// ## What it does
    /// Reports a relative domain name in any RDATA field (NS, MX, SRV, CNAME, DNAME, PTR, SOA, …)
    /// whose expansion repeats the origin or ends in a known TLD followed by the origin, such as
    /// `ns1.example.net` in example.com. An error when the name as expanded does not exist in
    /// the zone (for an NS target: gets no address), a warning when it does and for the names
    /// of an SOA, which no query follows. The other target rules do not report the same name
    /// again.
    /// ## Why it matters
    /// Without the final dot the origin is appended: `ns1.example.net.example.com.`. A record
    /// pointing at a name that does not exist is broken as written; BIND and Knot refuse such NS
    /// targets.
    /// ## Example
    /// `@ NS ns1.example.net`, `www CNAME web.example.net`.
    /// ## Fix safety
    /// Unsafe: adding the dot changes the data the zone serves.
    /// ## References
    /// RFC 1035 §5.1.
    MissingTrailingDot "missing-trailing-dot" Error Delegation Sometimes,
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
    OrphanGlue "orphan-glue" Warning Delegation Sometimes,
    /// ## What it does
    /// Reports records below a delegation (other than glue), and data other than NS, DS, NSEC
    /// and RRSIG at a delegation point. A CNAME or a DNAME beside NS at a delegation point is
    /// not occluded data but `cname-and-other-data` / `dname-conflict`.
    /// ## Why it matters
    /// Authoritative servers answer with a referral there: the data is never served.
    /// ## Example
    /// `www.shop A 192.0.2.1` below `shop NS …`.
    /// ## Fix safety
    /// No fix: move the data into the child zone.
    /// ## References
    /// RFC 1034 §4.2.1, RFC 2181 §6.
    OccludedData "occluded-data" Warning Delegation None,
    /// ## What it does
    /// Reports glue whose addresses differ from the addresses in the zone that is authoritative
    /// for the host, when that zone is checked in the same run: that zone's answer for the host,
    /// a wildcard's included.
    /// ## Why it matters
    /// Resolvers use the parent's glue first: a stale address sends queries to the wrong server.
    /// ## Example
    /// Parent `ns1.shop A 192.0.2.1`, child `ns1 A 192.0.2.2`.
    /// ## Fix safety
    /// No fix: which address is right is the operator's call.
    /// ## References
    /// RFC 9471 §3, Zonemaster CONSISTENCY05.
    GlueMismatch "glue-mismatch" Error Delegation None,
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
    DelegationNsMismatch "delegation-ns-mismatch" Warning Delegation None,
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
    NsWildcardOwner "ns-wildcard-owner" Error Delegation None,
    /// ## What it does
    /// Reports a delegation whose referral (longest possible query name, the NS set and the
    /// in-domain glue, each RRset counted as the set it is) is over 512 octets; an error when it
    /// is over 1232 octets.
    /// ## Why it matters
    /// A referral that does not fit a UDP answer is truncated and needs TCP; over 1232 octets
    /// it does not fit the recommended EDNS buffer either.
    /// ## Example
    /// A delegation to 13 in-domain name servers, each with IPv4 and IPv6 glue.
    /// ## Fix safety
    /// No fix.
    /// ## References
    /// RFC 1035 §2.3.4, RFC 9471 §3, Zonemaster DELEGATION03.
    ReferralTooLarge "referral-too-large" Warning Delegation None,
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
    SpecialPurposeAddress "special-purpose-address" Warning Delegation None,
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
    SharedNsAddress "shared-ns-address" Warning Delegation None,
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
    NsCount "ns-count" Error Registry None,
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
    HostAddressCount "host-address-count" Error Registry None,
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
    HostNameDepth "host-name-depth" Error Registry None,
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
    NsNameSyntax "ns-name-syntax" Error Registry None,
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
    Ipv6GlueDisallowed "ipv6-glue-disallowed" Error Registry None,
    /// ## What it does
    /// Reports a zone with no SOA record inside it.
    /// ## Why it matters
    /// The SOA opens the zone: without one no name server loads it, and there is no serial for
    /// secondaries to follow.
    /// ## Example
    /// A file that starts with `@ NS ns1.example.net.` and never has `@ SOA …`.
    /// ## Fix safety
    /// No fix: the SOA's names and timers are the operator's to choose.
    /// ## References
    /// RFC 1035 §5.2, RFC 1034 §4.3.5.
    MissingSoa "missing-soa" Error Structure None,
    /// ## What it does
    /// Reports a second, different SOA record at the apex. The same SOA written again (as an
    /// AXFR dump ends with the SOA it began with) counts as one.
    /// ## Why it matters
    /// A zone has exactly one SOA; name servers refuse a zone with two different ones, and which
    /// serial counts is anyone's guess.
    /// ## Example
    /// `@ SOA ns1 hostmaster 1 7200 900 1209600 3600` and later `@ SOA ns1 hostmaster 2 …`.
    /// ## Fix safety
    /// No fix: keep the SOA you mean and delete the other.
    /// ## References
    /// RFC 1035 §5.2, RFC 2181 §6.1.
    MultipleSoa "multiple-soa" Error Structure None,
    /// ## What it does
    /// Reports an SOA record whose owner is inside the zone but is not the apex.
    /// ## Why it matters
    /// An SOA marks the top of a zone; below the apex it is either a forgotten `$ORIGIN` or the
    /// start of a child zone pasted into the parent, and name servers refuse it.
    /// ## Example
    /// `www SOA ns1 hostmaster 1 7200 900 1209600 3600` in example.com.
    /// ## Fix safety
    /// No fix.
    /// ## References
    /// RFC 1035 §5.2, RFC 2181 §6.1.
    SoaNotAtApex "soa-not-at-apex" Error Structure None,
    /// ## What it does
    /// Reports a zone whose apex has no NS record.
    /// ## Why it matters
    /// The apex NS set names the zone's authoritative servers; name servers refuse to load a zone
    /// without it, and resolvers need it for every answer.
    /// ## Example
    /// `@ SOA ns1 hostmaster 1 7200 900 1209600 3600` followed only by A records.
    /// ## Fix safety
    /// No fix: add `@ NS` records for the servers that serve the zone.
    /// ## References
    /// RFC 1034 §4.2.1, RFC 1035 §5.2.
    MissingApexNs "missing-apex-ns" Error Structure None,
    /// ## What it does
    /// Reports an owner name outside the zone's origin, once per name. The other rules leave its
    /// records alone.
    /// ## Why it matters
    /// A zone can only hold names at or below its origin: name servers drop such records (BIND
    /// logs "ignoring out-of-zone data") or refuse the zone. It usually means a wrong `$ORIGIN`
    /// or a relative name written where an absolute one was meant.
    /// ## Example
    /// `www.example.net. A 192.0.2.1` in the zone example.com.
    /// ## Fix safety
    /// No fix: move the records to the zone they belong to.
    /// ## References
    /// RFC 1034 §4.2, RFC 1035 §5.2.
    OutOfZone "out-of-zone" Error Structure None,
    /// ## What it does
    /// Reports a name that has a CNAME record and other data, NS at a delegation point included.
    /// DNSSEC records (RRSIG, NSEC, and the historic SIG, NXT and KEY) may sit beside a CNAME.
    /// A CNAME at the apex is `cname-at-apex`; below a delegation, `occluded-data`.
    /// ## Why it matters
    /// A CNAME says the name is an alias with no data of its own: resolvers follow it and never
    /// see the other records, and name servers refuse the zone.
    /// ## Example
    /// `www CNAME web.example.net.` and `www MX 10 mail`.
    /// ## Fix safety
    /// No fix: keep the alias or the data, not both.
    /// ## References
    /// RFC 1034 §3.6.2, RFC 2181 §10.1, RFC 4035 §2.5.
    CnameAndOtherData "cname-and-other-data" Error Structure None,
    /// ## What it does
    /// Reports a name with more than one (different) CNAME record.
    /// ## Why it matters
    /// An alias points at one canonical name; with two, servers refuse the zone or answer with
    /// either one.
    /// ## Example
    /// `www CNAME a.example.net.` and `www CNAME b.example.net.`.
    /// ## Fix safety
    /// No fix: which target is right is the operator's call.
    /// ## References
    /// RFC 2181 §10.1.
    MultipleCnames "multiple-cnames" Error Structure None,
    /// ## What it does
    /// Reports a CNAME record at the zone apex.
    /// ## Why it matters
    /// The apex must hold the SOA and NS records, which a CNAME forbids: the zone cannot load, or
    /// the alias hides them.
    /// ## Example
    /// `@ CNAME example.net.`.
    /// ## Fix safety
    /// No fix: use A/AAAA records (or a provider's ALIAS/ANAME feature) at the apex.
    /// ## References
    /// RFC 1034 §3.6.2, RFC 2181 §10.1.
    CnameAtApex "cname-at-apex" Error Structure None,
    /// ## What it does
    /// Reports names below a DNAME (the DNAME redirects all of them, so they are never served),
    /// names with more than one DNAME, and a DNAME beside NS at a name other than the apex (a
    /// delegation point).
    /// ## Why it matters
    /// A DNAME owner has no descendants and one target; servers refuse zones that break this or
    /// answer inconsistently.
    /// ## Example
    /// `old DNAME new.example.com.` and `www.old A 192.0.2.1`.
    /// ## Fix safety
    /// No fix.
    /// ## References
    /// RFC 6672 §2.3 and §2.4.
    DnameConflict "dname-conflict" Error Structure None,
    /// ## What it does
    /// Reports an MX record whose mail server name is an alias: a CNAME owner or a name below a
    /// DNAME in the zone.
    /// ## Why it matters
    /// The exchange of an MX must be a canonical name; mail servers may refuse or mishandle
    /// the alias, and it costs an extra lookup.
    /// ## Example
    /// `@ MX 10 mail` with `mail CNAME mx.example.net.`.
    /// ## Fix safety
    /// No fix: point the MX at the canonical name.
    /// ## References
    /// RFC 2181 §10.3, RFC 5321 §5.1.
    MxTargetAlias "mx-target-alias" Warning Structure None,
    /// ## What it does
    /// Reports an SRV record whose target is an alias: a CNAME owner or a name below a DNAME in
    /// the zone.
    /// ## Why it matters
    /// RFC 2782 requires the target to be a name with address records, not an alias; clients
    /// may not follow it.
    /// ## Example
    /// `_sip._tcp SRV 0 5 5060 sip` with `sip CNAME pbx.example.net.`.
    /// ## Fix safety
    /// No fix: point the SRV at the canonical name.
    /// ## References
    /// RFC 2782 ("Target"), RFC 2181 §10.3.
    SrvTargetAlias "srv-target-alias" Warning Structure None,
    /// ## What it does
    /// Reports an MX or SRV target that lies in the zone's own data (not below a delegation) and
    /// has no A or AAAA record, directly or through a wildcard (which answers only for a name
    /// that does not exist: not for an empty non-terminal or a name with other records). The
    /// null MX and SRV target `.` are fine.
    /// ## Why it matters
    /// The zone is authoritative for the name and says it has no address: mail or the service
    /// can never be reached there.
    /// ## Example
    /// `@ MX 10 mail` with no `mail A …`.
    /// ## Fix safety
    /// No fix: add the address, or correct the target.
    /// ## References
    /// RFC 5321 §5.1, RFC 2782, RFC 7505.
    TargetNoAddress "target-no-address" Warning Structure None,
    /// ## What it does
    /// Reports a DS record at the zone apex.
    /// ## Why it matters
    /// A DS record belongs to the parent side of a delegation: at the apex of the child it is
    /// never used to validate the zone, and signers and servers refuse it.
    /// ## Example
    /// `@ DS 12345 13 2 …` in example.com.
    /// ## Fix safety
    /// No fix: give the DS to the parent zone (the registrar) instead.
    /// ## References
    /// RFC 4035 §2.4, RFC 4034 §5.
    DsAtApex "ds-at-apex" Error Structure None,
    /// ## What it does
    /// Reports a DS record at a name below the apex that is not a delegation point (has no NS).
    /// ## Why it matters
    /// DS records only make sense where a child zone is delegated; elsewhere the name is
    /// authoritative data and a DS there is refused by signers and servers.
    /// ## Example
    /// `www DS 12345 13 2 …` with no `www NS …`.
    /// ## Fix safety
    /// No fix.
    /// ## References
    /// RFC 4035 §2.4, RFC 3658 §2.2.
    DsNotAtDelegation "ds-not-at-delegation" Error Structure None,
    /// ## What it does
    /// Reports a chain of CNAME records inside the zone that comes back to a name it already
    /// passed, once per loop.
    /// ## Why it matters
    /// Resolvers follow the chain until they give up: every name on it fails to resolve.
    /// ## Example
    /// `a CNAME b` and `b CNAME a`.
    /// ## Fix safety
    /// No fix.
    /// ## References
    /// RFC 1034 §3.6.2, RFC 1912 §2.4.
    CnameLoop "cname-loop" Error Structure None,
    /// ## What it does
    /// Reports a CNAME (or the last CNAME of a chain) whose target lies in the zone's own data
    /// but has no records there, directly or through a wildcard or a DNAME: a name that does not
    /// exist, or an empty non-terminal (which no wildcard answers for).
    /// ## Why it matters
    /// The zone is authoritative for the target and has nothing for it: the alias answers with
    /// no data or NXDOMAIN.
    /// ## Example
    /// `www CNAME web` with no records at `web`.
    /// ## Fix safety
    /// No fix: add the target's records or remove the alias.
    /// ## References
    /// RFC 1034 §3.6.2, RFC 1912 §2.4.
    DanglingCname "dangling-cname" Warning Structure None,
    /// ## What it does
    /// Reports an RRset (same owner, class and type; RRSIG records grouped by the type they
    /// cover) whose records have different TTLs, once per RRset.
    /// ## Why it matters
    /// An RRset has one TTL: servers and resolvers that meet several pick one, or refuse the
    /// data, and signatures assume one.
    /// ## Example
    /// `www 300 A 192.0.2.1` and `www 3600 A 192.0.2.2`.
    /// ## Fix safety
    /// Safe: sets every TTL of the RRset to the lowest of them, which is what RFC 2181 allows
    /// servers to do. Offered only where the new TTLs cannot change what later records
    /// inherit (a `$TTL` comes first, or no record inherits a TTL from the one before it).
    /// ## References
    /// RFC 2181 §5.2.
    TtlMismatch "ttl-mismatch" Warning Structure Sometimes,
    /// ## What it does
    /// Reports a TTL of 2^31 seconds (about 68 years) or more, on a record or a `$TTL`.
    /// ## Why it matters
    /// RFC 2181 asks that such TTLs be read as zero, so the data would not be cached at all;
    /// some servers refuse them.
    /// ## Example
    /// `www 4294967295 A 192.0.2.1`.
    /// ## Fix safety
    /// No fix: choose the TTL you mean.
    /// ## References
    /// RFC 2181 §8.
    TtlOutOfRange "ttl-out-of-range" Warning Structure None,
    /// ## What it does
    /// Reports, once per zone, records that have no TTL of their own while no `$TTL` applies to
    /// them, so they take the TTL of the record before them or the SOA minimum.
    /// ## Why it matters
    /// Tools disagree on that TTL (BIND takes the SOA minimum or the previous TTL, others 3600),
    /// so the zone means different things to different servers.
    /// ## Example
    /// A file without `$TTL` whose `www A 192.0.2.1` has no TTL.
    /// ## Fix safety
    /// Safe, when every such record got the same TTL: inserts `$TTL` with that value before
    /// the first record, which gives them all the TTL they have now.
    /// ## References
    /// RFC 2308 §4, RFC 1035 §5.1.
    MissingDefaultTtl "missing-default-ttl" Warning Structure Sometimes,
    /// ## What it does
    /// Reports a record written twice: same owner, class, type and data (names compared
    /// without case). The SOA written again at the end of an AXFR dump is not reported.
    /// ## Why it matters
    /// The copy adds nothing (an RRset is a set) and is usually a merge or copy-paste mistake,
    /// sometimes with a different TTL.
    /// ## Example
    /// `www A 192.0.2.1` on two lines.
    /// ## Fix safety
    /// Safe when both copies have the same TTL: deletes the later copy's line. Unsafe when the
    /// TTLs differ (the RRset's TTL may change). Not offered when the line gives its owner to
    /// the next record or a TTL to records after it.
    /// ## References
    /// RFC 2181 §5.
    DuplicateRecord "duplicate-record" Warning Structure Sometimes,
    /// ## What it does
    /// Reports SOA timers out of range or inconsistent with each other: refresh under 1200
    /// seconds, expire under one week, minimum (the negative-caching TTL) over one day, retry
    /// not below refresh, or expire not above refresh plus retry.
    /// ## Why it matters
    /// Timers set too low load the primary; an expire shorter than the refresh cycle makes
    /// secondaries drop the zone before they can renew it; a long minimum keeps NXDOMAIN
    /// answers cached for days.
    /// ## Example
    /// `@ SOA ns1 hostmaster 1 3600 7200 3600 86400` (retry above refresh, expire too short).
    /// ## Fix safety
    /// No fix.
    /// ## References
    /// RFC 1912 §2.2 (refresh of 20 minutes and up; expire of weeks), RFC 1537 §1 (expire of
    /// 7 days and up), RFC 2308 §5 (minimum of one day at most).
    SoaTimers "soa-timers" Warning Structure None,
    /// ## What it does
    /// Reports a zone file whose records differ from the version committed at git `HEAD` while
    /// its SOA serial did not increase (RFC 1982 arithmetic). Silent outside a git work tree,
    /// for untracked files, and when only comments, layout or order changed.
    /// ## Why it matters
    /// Secondaries transfer a zone only when the serial grows: the change would never reach
    /// them.
    /// ## Example
    /// Adding `www A 192.0.2.1` and committing with the serial still `2024010101`.
    /// ## Fix safety
    /// No fix: raise the serial (`zonelint format --bump-serial`).
    /// ## References
    /// RFC 1982 §3, RFC 1035 §3.3.13, RFC 1996 §4.
    SerialNotIncreased "serial-not-increased" Warning Structure None,
    /// ## What it does
    /// Reports owners of A, AAAA and MX records that are not host names: letters, digits and
    /// hyphens, no hyphen at either end of a label. A leftmost `*` (wildcard) is accepted; a
    /// label with `_` is not, except where BIND's check-names accepts it for addresses too:
    /// `gc._msdcs.FOREST` (Active Directory) and SPF `exists:` targets below a `_spf`,
    /// `_spf_verify` or `_spf_rate` label. Names that an NS record points at are
    /// `ns-name-syntax`'s.
    /// ## Why it matters
    /// Hosts and mail domains must have host names; BIND's check-names refuses such zones, and
    /// browsers, mail servers and certificates reject names with `_`.
    /// ## Example
    /// `my_server A 192.0.2.1`.
    /// ## Fix safety
    /// No fix: renaming a host changes the data.
    /// ## References
    /// RFC 952, RFC 1123 §2.1, RFC 8552 §1.1 (underscore names are for service data), RFC 7208
    /// §5.7.
    HostnameSyntax "hostname-syntax" Warning Structure None,
    /// ## What it does
    /// Reports a TXT (or SPF) character-string written longer than 255 octets in the file.
    /// ## Why it matters
    /// A character-string holds at most 255 octets: BIND, Knot and NSD refuse the record.
    /// Long DKIM keys and SPF policies must be written as several strings, which receivers
    /// join together.
    /// ## Example
    /// `sel._domainkey TXT "v=DKIM1; k=rsa; p=…"` with a 400-character key in one string.
    /// ## Fix safety
    /// Safe: splits the string into quoted pieces of 255 octets (never inside an escape or a
    /// UTF-8 character), which is what the zone means.
    /// ## References
    /// RFC 1035 §3.3 and §3.3.14, RFC 7208 §3.3, RFC 6376 §3.6.2.2.
    TxtTooLong "txt-too-long" Error Structure Sometimes,
    /// ## What it does
    /// Reports CDS and CDNSKEY records at the apex that match no DNSKEY of the apex, CDS and
    /// CDNSKEY sets that name different keys, and a delete request (`CDS 0 0 0 00`,
    /// `CDNSKEY 0 3 0 AA==`) beside other records of its type.
    /// ## Why it matters
    /// The parent copies CDS and CDNSKEY into its DS set: one that names no key of the zone
    /// breaks the chain of trust once it is acted on, and sets that disagree or mix a delete
    /// request with keys leave the parent to guess. BIND and Knot refuse such zones.
    /// ## Example
    /// `@ CDS 14364 10 2 FD03…0B` whose digest is not the SHA-256 digest of any apex DNSKEY.
    /// ## Fix safety
    /// No fix: make the CDS and CDNSKEY records again from the DNSKEYs the zone publishes.
    /// ## References
    /// RFC 7344 §3 and §4, RFC 8078 §2 and §4, RFC 4034 §5.1.4 and Appendix B.
    CdsMismatch "cds-mismatch" Error Structure None,
    /// ## What it does
    /// Reports DS, CDS, DNSKEY, CDNSKEY and RRSIG records with an algorithm or digest type
    /// that RFC 8624 (as updated) rules out or advises against, or that IANA never assigned.
    /// MUST NOT (RSAMD5, DSA, DSA-NSEC3-SHA1, ECC-GOST, digest GOST R 34.11-94) and unassigned
    /// numbers, DH and INDIRECT are errors; NOT RECOMMENDED (RSASHA1, RSASHA1-NSEC3-SHA1,
    /// digest SHA-1) are warnings. A zone's RRSIGs get one finding per algorithm, and none
    /// when an apex DNSKEY of that algorithm has it.
    /// ## Why it matters
    /// Validators drop algorithms they do not implement: a zone signed only with them is
    /// treated as unsigned, and a DS with them protects nothing. An unassigned number is
    /// usually a typo, and Knot refuses a DS with one.
    /// ## Example
    /// `shop DS 12345 5 1 …` (RSASHA1 and a SHA-1 digest: two warnings).
    /// ## Fix safety
    /// No fix: roll the keys to ECDSAP256SHA256 (13) or ED25519 (15) and publish SHA-256 DS
    /// records.
    /// ## References
    /// RFC 8624 §3.1 and §3.3, RFC 9157, RFC 9904, IANA "DNS Security Algorithm Numbers" and
    /// "Digest Algorithms", RFC 8078 §4 (algorithm 0 of the delete request).
    DnssecAlgorithm "dnssec-algorithm" Error Structure None,
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
    UnusedSuppression "unused-suppression" Warning Structure None,
    /// ## What it does
    /// Reports each DNS host (a name server of the apex NS set or of a delegation that needs
    /// glue) that is new, has other addresses, or is no longer needed since git `HEAD`, and
    /// what to do at the registrar. It is reported on the NS record that names a new host, on
    /// a glue record that is new, or on the NS set that no longer names a host. Off by default,
    /// so that a plain `check` reads no history: it runs when `--select` names it or the
    /// configuration gives it a level (`[rules] glue-changed = "warning"`).
    /// ## Why it matters
    /// The registry keeps its own copy of the glue: a commit that adds, moves or retires an
    /// in-domain name server is only half done until the registrar is told, in an order that
    /// never leaves a delegation naming a host the registry lacks or a host without an address.
    /// ## Example
    /// `@ NS ns3` and `ns3 A 192.0.2.3` added: "ns3.example.com. is new: create it at the
    /// registrar with 192.0.2.3 before this zone is published".
    /// ## Fix safety
    /// No fix: the work is at the registrar. `zonelint glue --diff` prints it as ordered steps.
    /// ## References
    /// RFC 9471 §3, RFC 5732 (EPP host objects: a host in use cannot be deleted), DESIGN §2
    /// (`glue --diff`), §5 (profiles).
    GlueChanged "glue-changed" Warning Structure None,
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

    #[test]
    fn the_declared_fix_availability_is_what_the_documentation_says() {
        for rule in Rule::ALL {
            let safety = rule
                .documentation()
                .lines()
                .skip_while(|line| !line.contains("## Fix safety"))
                .nth(1)
                .unwrap_or_default();
            assert_eq!(
                safety.trim_start().starts_with("No fix"),
                rule.fix_availability() == FixAvailability::None,
                "{}: the registry and \"{}\" disagree",
                rule.name(),
                safety.trim()
            );
        }
    }

    #[test]
    fn every_selectable_group_holds_rules_and_syntax_is_alone() {
        for &(group, _) in Group::SELECTABLE {
            assert!(Rule::ALL.iter().any(|rule| rule.group() == group));
            assert_eq!(Group::from_name(group.name()), Some(group));
        }
        assert!(Group::from_name("syntax").is_none());
        let syntax: Vec<Rule> = Rule::ALL
            .iter()
            .copied()
            .filter(|rule| rule.group() == Group::Syntax)
            .collect();
        assert_eq!(syntax, [Rule::Syntax]);
    }
}
