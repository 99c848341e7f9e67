//! The GeoIP adapter: a database in MaxMind's format (GeoLite2-City, GeoIP2-City, or any
//! `.mmdb` with their City record), mapped into memory and read through the `maxminddb`
//! crate.

use std::net::IpAddr;
use std::path::Path;

use maxminddb::{Mmap, Reader, geoip2};

use crate::pool::geo::{Geo, Place};

/// The database, mapped.
pub struct MaxMind {
    reader: Reader<Mmap>,
}

impl MaxMind {
    /// Opens the database at `path`.
    pub fn open(path: &Path) -> Result<Self, String> {
        let reader = Reader::open_mmap(path).map_err(|error| {
            format!("cannot read the GeoIP database {}: {error}", path.display())
        })?;
        Ok(Self { reader })
    }
}

impl Geo for MaxMind {
    fn locate(&self, ip: IpAddr) -> Option<Place> {
        let record: geoip2::City = match self.reader.lookup(ip) {
            Ok(Some(record)) => record,
            Ok(None) => return None,
            Err(error) => {
                tracing::debug!(%error, "the GeoIP database could not place an address");
                return None;
            }
        };
        let english = |names: Option<&std::collections::BTreeMap<&str, &str>>| {
            names
                .and_then(|names| names.get("en"))
                .map(|name| name.to_string())
        };
        let location = record.location.as_ref();
        Some(Place {
            city: english(record.city.as_ref().and_then(|city| city.names.as_ref())),
            country: record
                .country
                .as_ref()
                .and_then(|country| country.iso_code)
                .map(str::to_string),
            timezone: location
                .and_then(|location| location.time_zone)
                .map(str::to_string),
            location: location.and_then(|location| location.latitude.zip(location.longitude)),
        })
    }
}
