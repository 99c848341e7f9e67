//! A live checklist of a password policy's rules, updated as the user types.

use leptos::prelude::*;

use crate::i18n::{t, t_with};
use crate::ids;
use crate::policy::{PasswordPolicy, PasswordRule};

/// What a rule asks, in the page's language.
pub fn rule_words(rule: PasswordRule) -> String {
    match rule {
        PasswordRule::MinimumLength(count) => {
            t_with("rule-length", &[("count", &count.to_string())])
        }
        rule => t(&format!("rule-{}", rule.name())),
    }
}

/// One line per rule of `policy`, each marked met or not for the current `password`.
/// Without JavaScript it is a static list of the rules.
#[component]
pub fn PasswordChecklist(
    policy: PasswordPolicy,
    #[prop(into)] password: Signal<String>,
) -> impl IntoView {
    let rules = policy
        .rules()
        .into_iter()
        .map(|rule| {
            let met = move || rule.is_met(&password.get());
            view! {
                <li
                    class=move || if met() { "rule met" } else { "rule" }
                    data-rule=rule.name()
                    data-met=move || if met() { "true" } else { "false" }
                >
                    <span class="rule-mark" aria-hidden="true">{move || if met() { "✓" } else { "·" }}</span>
                    {rule_words(rule)}
                    <span class="visually-hidden">
                        {move || format!(" ({})", if met() { t("rule-met") } else { t("rule-not-met") })}
                    </span>
                </li>
            }
        })
        .collect_view();

    view! {
        <ul class="checklist" data-testid=ids::PASSWORD_CHECKLIST aria-live="polite">
            {rules}
        </ul>
    }
}
