//! A user pool's password policy and the check of a password against it, shared by the
//! server (which enforces it) and the browser (which shows it live as the user types).

use serde::{Deserialize, Serialize};

/// Cognito's password policy; the default is Cognito's: at least 8 characters with an
/// uppercase letter, a lowercase letter, a number and a symbol.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PasswordPolicy {
    pub minimum_length: u8,
    pub require_uppercase: bool,
    pub require_lowercase: bool,
    pub require_numbers: bool,
    pub require_symbols: bool,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        Self {
            minimum_length: 8,
            require_uppercase: true,
            require_lowercase: true,
            require_numbers: true,
            require_symbols: true,
        }
    }
}

/// One requirement of a [`PasswordPolicy`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordRule {
    MinimumLength(u8),
    Lowercase,
    Uppercase,
    Number,
    Symbol,
}

/// The characters Cognito counts as symbols (its password policy documentation); a space
/// counts too, but not as the first or last character.
const SYMBOLS: &str = "^$*.[]{}()?-\"!@#%&/\\,><':;|_~`+=";

impl PasswordRule {
    /// A stable name, used as `data-rule` in the pages and in tests.
    pub fn name(self) -> &'static str {
        match self {
            Self::MinimumLength(_) => "length",
            Self::Lowercase => "lowercase",
            Self::Uppercase => "uppercase",
            Self::Number => "number",
            Self::Symbol => "symbol",
        }
    }

    /// What the rule asks, in words a person reads.
    pub fn label(self) -> String {
        match self {
            Self::MinimumLength(n) => format!("At least {n} characters"),
            Self::Lowercase => "A lowercase letter".to_string(),
            Self::Uppercase => "An uppercase letter".to_string(),
            Self::Number => "A number".to_string(),
            Self::Symbol => "A symbol, such as ! @ # or $".to_string(),
        }
    }

    /// Whether `password` satisfies this rule.
    pub fn is_met(self, password: &str) -> bool {
        match self {
            Self::MinimumLength(n) => password.chars().count() >= usize::from(n),
            Self::Lowercase => password.chars().any(|c| c.is_ascii_lowercase()),
            Self::Uppercase => password.chars().any(|c| c.is_ascii_uppercase()),
            Self::Number => password.chars().any(|c| c.is_ascii_digit()),
            Self::Symbol => {
                password.chars().any(|c| SYMBOLS.contains(c))
                    || password.trim_matches(' ').contains(' ')
            }
        }
    }
}

impl PasswordPolicy {
    /// The rules this policy asks for, in the order the pages list them.
    pub fn rules(&self) -> Vec<PasswordRule> {
        let mut rules = vec![PasswordRule::MinimumLength(self.minimum_length)];
        if self.require_lowercase {
            rules.push(PasswordRule::Lowercase);
        }
        if self.require_uppercase {
            rules.push(PasswordRule::Uppercase);
        }
        if self.require_numbers {
            rules.push(PasswordRule::Number);
        }
        if self.require_symbols {
            rules.push(PasswordRule::Symbol);
        }
        rules
    }

    /// The rules `password` does not satisfy; empty when it is acceptable.
    pub fn unmet(&self, password: &str) -> Vec<PasswordRule> {
        self.rules()
            .into_iter()
            .filter(|rule| !rule.is_met(password))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_policy_is_cognitos() {
        let policy = PasswordPolicy::default();
        assert_eq!(
            policy.rules(),
            vec![
                PasswordRule::MinimumLength(8),
                PasswordRule::Lowercase,
                PasswordRule::Uppercase,
                PasswordRule::Number,
                PasswordRule::Symbol,
            ]
        );
    }

    #[test]
    fn each_rule_is_reported_when_missing() {
        let policy = PasswordPolicy::default();
        assert_eq!(policy.unmet("Aa1!aaaa"), vec![]);
        assert_eq!(
            policy.unmet("Aa1!aaa"),
            vec![PasswordRule::MinimumLength(8)]
        );
        assert_eq!(policy.unmet("AA1!AAAA"), vec![PasswordRule::Lowercase]);
        assert_eq!(policy.unmet("aa1!aaaa"), vec![PasswordRule::Uppercase]);
        assert_eq!(policy.unmet("Aab!aaaa"), vec![PasswordRule::Number]);
        assert_eq!(policy.unmet("Aa1aaaaa"), vec![PasswordRule::Symbol]);
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        assert!(!PasswordRule::MinimumLength(8).is_met("ééééééé"));
        assert!(PasswordRule::MinimumLength(8).is_met("éééééééé"));
    }

    #[test]
    fn an_inner_space_is_a_symbol_but_not_a_leading_or_trailing_one() {
        assert!(PasswordRule::Symbol.is_met("Aa1 aaaa"));
        assert!(!PasswordRule::Symbol.is_met(" Aa1aaaa "));
    }

    #[test]
    fn a_relaxed_policy_asks_only_for_length() {
        let policy = PasswordPolicy {
            minimum_length: 6,
            require_uppercase: false,
            require_lowercase: false,
            require_numbers: false,
            require_symbols: false,
        };
        assert_eq!(policy.unmet("abcdef"), vec![]);
        assert_eq!(policy.unmet("abcde"), vec![PasswordRule::MinimumLength(6)]);
    }
}
