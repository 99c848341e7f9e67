"""Writes server/tests/fixtures/geoip-test.mmdb: a GeoIP database in MaxMind's format (the
GeoIP2-City record) placing three documentation networks, for threat protection's tests
of the location signals. Written with PyPI's mmdb-writer; run it again to rebuild:

    python3 -m venv /tmp/geo && /tmp/geo/bin/pip install mmdb-writer==0.2.7 netaddr==1.3.0
    /tmp/geo/bin/python scripts/geoip-fixture.py
"""

from pathlib import Path

from mmdb_writer import MMDBWriter, MmdbF64
from netaddr import IPSet

PLACES = {
    # network: (city, ISO country, time zone, latitude, longitude)
    "198.51.100.0/24": ("Paris", "FR", "Europe/Paris", 48.8566, 2.3522),
    "203.0.113.0/24": ("Sydney", "AU", "Australia/Sydney", -33.8688, 151.2093),
    "192.0.2.0/24": ("Lyon", "FR", "Europe/Paris", 45.764, 4.8357),
}

writer = MMDBWriter(
    ip_version=6,
    ipv4_compatible=True,
    database_type="GeoIP2-City",
    languages=["en"],
    description="Cognate's test places",
)
for network, (city, country, zone, latitude, longitude) in PLACES.items():
    writer.insert_network(
        IPSet([network]),
        {
            "city": {"names": {"en": city}},
            "country": {"iso_code": country, "names": {"en": country}},
            "location": {
                "latitude": MmdbF64(latitude),
                "longitude": MmdbF64(longitude),
                "time_zone": zone,
            },
        },
    )
target = Path(__file__).resolve().parent.parent / "server/tests/fixtures/geoip-test.mmdb"
writer.to_db_file(str(target))
print(f"wrote {target}")
