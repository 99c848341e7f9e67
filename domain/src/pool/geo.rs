//! The GeoIP port: where an address is, for auth events (city, country) and the
//! new-country and impossible-travel signals. The adapter reads MaxMind's database format.

use std::net::IpAddr;

/// Where an address is, as far as the database knows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Place {
    pub city: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    pub timezone: Option<String>,
    /// Latitude and longitude.
    pub location: Option<(f64, f64)>,
}

/// Looks addresses up.
pub trait Geo: Send + Sync {
    /// Where `ip` is; `None` for an address the database does not place (a private one).
    fn locate(&self, ip: IpAddr) -> Option<Place>;
}
