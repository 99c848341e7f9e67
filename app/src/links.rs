//! The hosted pages' URLs with their query parameters, built in one place so that every
//! page carries `client_id` and `next` through the flow.

/// Where the account page sends a browser without a live sign-in.
pub const ACCOUNT_SIGN_IN: &str = "/login?next=%2Faccount";

/// `path?k=v&…`, leaving out empty values.
pub fn page(path: &str, params: &[(&str, &str)]) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    let mut any = false;
    for (key, value) in params.iter().filter(|(_, value)| !value.is_empty()) {
        query.append_pair(key, value);
        any = true;
    }
    if any {
        format!("{path}?{}", query.finish())
    } else {
        path.to_string()
    }
}

/// `next` if it is a path on this site; anything else (another site, `//host`) is dropped
/// so that no link can send a user elsewhere after signing in.
pub fn local_path(next: &str) -> Option<&str> {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control());
    ok.then_some(next)
}

/// Where a signed-in user goes: `next` when it is local, else the demo page.
pub fn after_sign_in(next: &str) -> String {
    local_path(next).unwrap_or("/demo").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_values_are_left_out_and_the_rest_encoded() {
        assert_eq!(page("/login", &[("client_id", ""), ("next", "")]), "/login");
        assert_eq!(
            page(
                "/confirmUser",
                &[("username", "jane doe"), ("next", "/demo?a=1&b=2")]
            ),
            "/confirmUser?username=jane+doe&next=%2Fdemo%3Fa%3D1%26b%3D2"
        );
    }

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(after_sign_in("/demo?x=1"), "/demo?x=1");
        assert_eq!(after_sign_in(""), "/demo");
        assert_eq!(after_sign_in("https://evil.example/"), "/demo");
        assert_eq!(after_sign_in("//evil.example/"), "/demo");
        assert_eq!(after_sign_in("/\\evil.example/"), "/demo");
    }
}
