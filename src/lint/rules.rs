//! The rule registry: every rule's name, default severity, group and fix
//! availability, one line each, with the rule's documentation kept in its
//! rule file. `zonelint rule NAME` prints the documentation; the README's
//! rule table is generated from it.

pub mod addresses;
pub mod aliases;
pub mod cname_chains;
pub mod cross_zone;
pub mod cut_data;
pub mod dnssec;
pub mod ds;
pub mod glue_changed;
pub mod hostname_syntax;
pub mod mx_srv_targets;
pub mod ns_targets;
pub mod ns_wildcard_owner;
pub mod out_of_zone;
pub mod records;
pub mod referral_size;
pub mod registry_limits;
pub mod serial_not_increased;
pub mod soa;
pub mod syntax;
pub mod trailing_dot;

use crate::finding::Severity;

/// Declares the `Rule` enum from one line per rule: its variant, name,
/// default severity, group, fix availability, and the constant in its rule
/// file that holds its documentation.
macro_rules! declare_rules {
    ($( $variant:ident $name:literal $severity:ident $group:ident $fix:ident $doc:path, )*) => {
        /// Every rule zonelint knows.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $( #[doc = concat!("`", $name, "` (`zonelint rule ", $name, "` documents it).")] $variant, )*
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
                match self { $(Rule::$variant => $doc,)* }
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
    Syntax "syntax" Error Syntax None syntax::DOC,
    MissingGlue "missing-glue" Error Delegation Sometimes ns_targets::MISSING_GLUE,
    MissingSiblingGlue "missing-sibling-glue" Warning Delegation Sometimes ns_targets::MISSING_SIBLING_GLUE,
    ApexNsMissingAddress "apex-ns-missing-address" Error Delegation Sometimes ns_targets::APEX_NS_MISSING_ADDRESS,
    NsTargetNoAddress "ns-target-no-address" Error Delegation None ns_targets::NS_TARGET_NO_ADDRESS,
    NsTargetAlias "ns-target-alias" Error Delegation None ns_targets::NS_TARGET_ALIAS,
    NsTargetIsAddress "ns-target-is-address" Error Delegation None ns_targets::NS_TARGET_IS_ADDRESS,
    MissingTrailingDot "missing-trailing-dot" Error Delegation Sometimes trailing_dot::DOC,
    OrphanGlue "orphan-glue" Warning Delegation Sometimes cut_data::ORPHAN_GLUE,
    OccludedData "occluded-data" Warning Delegation None cut_data::OCCLUDED_DATA,
    GlueMismatch "glue-mismatch" Error Delegation None cross_zone::GLUE_MISMATCH,
    DelegationNsMismatch "delegation-ns-mismatch" Warning Delegation None cross_zone::DELEGATION_NS_MISMATCH,
    NsWildcardOwner "ns-wildcard-owner" Error Delegation None ns_wildcard_owner::DOC,
    ReferralTooLarge "referral-too-large" Warning Delegation None referral_size::DOC,
    SpecialPurposeAddress "special-purpose-address" Warning Delegation None addresses::SPECIAL_PURPOSE_ADDRESS,
    SharedNsAddress "shared-ns-address" Warning Delegation None addresses::SHARED_NS_ADDRESS,
    NsCount "ns-count" Error Registry None registry_limits::NS_COUNT,
    HostAddressCount "host-address-count" Error Registry None registry_limits::HOST_ADDRESS_COUNT,
    HostNameDepth "host-name-depth" Error Registry None registry_limits::HOST_NAME_DEPTH,
    NsNameSyntax "ns-name-syntax" Error Registry None registry_limits::NS_NAME_SYNTAX,
    Ipv6GlueDisallowed "ipv6-glue-disallowed" Error Registry None registry_limits::IPV6_GLUE_DISALLOWED,
    MissingSoa "missing-soa" Error Structure None soa::MISSING_SOA,
    MultipleSoa "multiple-soa" Error Structure None soa::MULTIPLE_SOA,
    SoaNotAtApex "soa-not-at-apex" Error Structure None soa::SOA_NOT_AT_APEX,
    MissingApexNs "missing-apex-ns" Error Structure None soa::MISSING_APEX_NS,
    OutOfZone "out-of-zone" Error Structure None out_of_zone::DOC,
    CnameAndOtherData "cname-and-other-data" Error Structure None aliases::CNAME_AND_OTHER_DATA,
    MultipleCnames "multiple-cnames" Error Structure None aliases::MULTIPLE_CNAMES,
    CnameAtApex "cname-at-apex" Error Structure None aliases::CNAME_AT_APEX,
    DnameConflict "dname-conflict" Error Structure None aliases::DNAME_CONFLICT,
    MxTargetAlias "mx-target-alias" Warning Structure None mx_srv_targets::MX_TARGET_ALIAS,
    SrvTargetAlias "srv-target-alias" Warning Structure None mx_srv_targets::SRV_TARGET_ALIAS,
    TargetNoAddress "target-no-address" Warning Structure None mx_srv_targets::TARGET_NO_ADDRESS,
    DsAtApex "ds-at-apex" Error Structure None ds::DS_AT_APEX,
    DsNotAtDelegation "ds-not-at-delegation" Error Structure None ds::DS_NOT_AT_DELEGATION,
    CnameLoop "cname-loop" Error Structure None cname_chains::CNAME_LOOP,
    DanglingCname "dangling-cname" Warning Structure None cname_chains::DANGLING_CNAME,
    TtlMismatch "ttl-mismatch" Warning Structure Sometimes records::TTL_MISMATCH,
    TtlOutOfRange "ttl-out-of-range" Warning Structure None records::TTL_OUT_OF_RANGE,
    MissingDefaultTtl "missing-default-ttl" Warning Structure Sometimes records::MISSING_DEFAULT_TTL,
    DuplicateRecord "duplicate-record" Warning Structure Sometimes records::DUPLICATE_RECORD,
    SoaTimers "soa-timers" Warning Structure None records::SOA_TIMERS,
    SerialNotIncreased "serial-not-increased" Warning Structure None serial_not_increased::DOC,
    HostnameSyntax "hostname-syntax" Warning Structure None hostname_syntax::DOC,
    TxtTooLong "txt-too-long" Error Structure Sometimes records::TXT_TOO_LONG,
    CdsMismatch "cds-mismatch" Error Structure None dnssec::CDS_MISMATCH,
    DnssecAlgorithm "dnssec-algorithm" Error Structure None dnssec::DNSSEC_ALGORITHM,
    UnusedSuppression "unused-suppression" Warning Structure None super::suppress::UNUSED_SUPPRESSION,
    GlueChanged "glue-changed" Warning Structure None glue_changed::DOC,
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
