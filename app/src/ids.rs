//! The `data-testid` names of the hosted pages' controls, defined once and mirrored by the
//! end-to-end tests in `end2end/tests/ids.ts`.

/// Set to "true" on the layout's root once the page has hydrated in the browser.
pub const HYDRATED_ATTR: &str = "data-hydrated";
pub const APP_ROOT: &str = "app-root";
pub const NAV_HOME: &str = "nav-home";
pub const NAV_DOCS: &str = "nav-docs";
pub const HOME_TITLE: &str = "home-title";
pub const HOME_LEAD: &str = "home-lead";
pub const TRY_PASSWORD_INPUT: &str = "try-password-input";
pub const PASSWORD_CHECKLIST: &str = "password-checklist";
pub const DOCS_TITLE: &str = "docs-title";
pub const NOT_FOUND_TITLE: &str = "not-found-title";

#[cfg(test)]
mod tests {
    /// The end-to-end tests' copy of these names.
    const MIRROR: &str = include_str!("../../end2end/tests/ids.ts");
    const SOURCE: &str = include_str!("ids.rs");

    #[test]
    fn every_test_id_is_mirrored_for_the_end_to_end_tests() {
        let values = SOURCE
            .lines()
            .filter_map(|line| line.trim().strip_prefix("pub const "))
            .filter_map(|rest| rest.split('"').nth(1));
        let mut count = 0;
        for value in values {
            count += 1;
            assert!(
                MIRROR.contains(&format!("\"{value}\"")),
                "end2end/tests/ids.ts lacks \"{value}\""
            );
        }
        assert!(count >= 8, "found only {count} ids");
    }
}
