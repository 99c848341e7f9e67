//! A live checklist of a password policy's rules, updated as the user types.

use leptos::prelude::*;

use crate::ids;
use crate::policy::PasswordPolicy;

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
                    {rule.label()}
                    <span class="visually-hidden">{move || if met() { " (met)" } else { " (not met)" }}</span>
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
