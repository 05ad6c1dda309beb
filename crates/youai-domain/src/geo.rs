//! Distances on the Earth (地理距离) for "activities near me" and on-site check-in: great-circle
//! distance on a sphere, and a bounding box to prefilter rows in SQL before the exact test.
//!
//! Coordinates are WGS-84 degrees, latitude first. The sphere's error against the ellipsoid
//! is under 0.5 %, far below what a phone's GPS fix adds.

use std::f64::consts::{FRAC_PI_2, PI};

/// The mean Earth radius (IUGG), in metres.
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Whether `lat`, `lon` are finite degrees in range (−90..=90, −180..=180).
pub fn valid_coordinates(lat: f64, lon: f64) -> bool {
    (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)
}

/// The great-circle distance in metres between two points (haversine formula). NaN in, NaN
/// out.
pub fn distance_m(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (phi1, phi2) = (lat1.to_radians(), lat2.to_radians());
    let half_dphi = (lat2 - lat1).to_radians() / 2.0;
    let half_dlambda = (lon2 - lon1).to_radians() / 2.0;
    let h = half_dphi.sin().powi(2) + phi1.cos() * phi2.cos() * half_dlambda.sin().powi(2);
    // Rounding can push h a hair past 1 near the antipode; `clamp` keeps NaN as NaN.
    2.0 * EARTH_RADIUS_M * h.clamp(0.0, 1.0).sqrt().asin()
}

/// Whether the two points are at most `radius_m` metres apart. False when any input is NaN.
pub fn within(lat1: f64, lon1: f64, lat2: f64, lon2: f64, radius_m: f64) -> bool {
    distance_m(lat1, lon1, lat2, lon2) <= radius_m
}

/// A box `(min_lat, max_lat, min_lon, max_lon)` in degrees holding every point within
/// `radius_m` of (`lat`, `lon`), for an indexable prefilter such as
/// `lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?` before the exact [`within`] test.
///
/// The longitude half-width is `asin(sin r / cos lat)` (J. P. Matuschek, "Finding Points Within
/// a Distance of a Latitude/Longitude Using Bounding Coordinates"), not the too-narrow
/// `r / cos lat`. When the circle reaches a pole every longitude is in range, and when it
/// crosses the 180° meridian the box widens to all longitudes rather than wrapping, so that
/// one `BETWEEN` always suffices. A negative radius counts as 0.
pub fn bbox(lat: f64, lon: f64, radius_m: f64) -> (f64, f64, f64, f64) {
    let r = (radius_m / EARTH_RADIUS_M).max(0.0);
    let (phi, lambda) = (lat.to_radians(), lon.to_radians());
    let (min_phi, max_phi) = (phi - r, phi + r);
    if min_phi > -FRAC_PI_2 && max_phi < FRAC_PI_2 {
        // Here r < π/2 − |φ|, so sin r < cos φ and the asin is defined.
        let dlambda = (r.sin() / phi.cos()).asin();
        let (min_lambda, max_lambda) = (lambda - dlambda, lambda + dlambda);
        let (min_lambda, max_lambda) = if min_lambda < -PI || max_lambda > PI {
            (-PI, PI)
        } else {
            (min_lambda, max_lambda)
        };
        (
            min_phi.to_degrees(),
            max_phi.to_degrees(),
            min_lambda.to_degrees(),
            max_lambda.to_degrees(),
        )
    } else {
        (
            min_phi.max(-FRAC_PI_2).to_degrees(),
            max_phi.min(FRAC_PI_2).to_degrees(),
            -180.0,
            180.0,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 张家港 city centre.
    const ZJG: (f64, f64) = (31.875, 120.555);

    /// The point `d` metres from (`lat`, `lon`) at `bearing` degrees, on the same sphere.
    fn destination(lat: f64, lon: f64, bearing: f64, d: f64) -> (f64, f64) {
        let (phi, lambda, theta) = (lat.to_radians(), lon.to_radians(), bearing.to_radians());
        let delta = d / EARTH_RADIUS_M;
        let phi2 = (phi.sin() * delta.cos() + phi.cos() * delta.sin() * theta.cos()).asin();
        let lambda2 = lambda
            + (theta.sin() * delta.sin() * phi.cos()).atan2(delta.cos() - phi.sin() * phi2.sin());
        let lon2 = (lambda2.to_degrees() + 540.0).rem_euclid(360.0) - 180.0;
        (phi2.to_degrees(), lon2)
    }

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    #[test]
    fn known_distances() {
        let north_500 = ZJG.0 + (500.0 / EARTH_RADIUS_M).to_degrees();
        let one_degree = EARTH_RADIUS_M * PI / 180.0; // 111 195.08 m
        let cases = [
            // (from, to, metres, tolerance)
            (ZJG, ZJG, 0.0, 0.0),
            (ZJG, (north_500, ZJG.1), 500.0, 1.0),
            ((0.0, 0.0), (0.0, 180.0), PI * EARTH_RADIUS_M, 1e-3),
            ((90.0, 0.0), (-90.0, 0.0), PI * EARTH_RADIUS_M, 1e-3),
            (ZJG, (-ZJG.0, ZJG.1 - 180.0), PI * EARTH_RADIUS_M, 1e-3),
            ((0.0, 0.0), (1.0, 0.0), one_degree, 1e-6),
            ((0.0, 0.0), (0.0, 1.0), one_degree, 1e-6),
            ((0.0, 179.5), (0.0, -179.5), one_degree, 1e-6),
            ((60.0, 0.0), (60.0, 180.0), one_degree * 60.0, 1e-3),
            // 张家港 to 苏州 (31.299, 120.585): 64.1 km, as a sanity check of scale.
            (ZJG, (31.299, 120.585), 64_111.4, 0.1),
        ];
        for (a, b, expected, tolerance) in cases {
            let d = distance_m(a.0, a.1, b.0, b.1);
            assert!(close(d, expected, tolerance), "{a:?}→{b:?}: {d}");
            let back = distance_m(b.0, b.1, a.0, a.1);
            assert!(close(back, d, 1e-6), "symmetric");
        }
        assert!(distance_m(f64::NAN, 0.0, 0.0, 0.0).is_nan());
    }

    #[test]
    fn within_radius() {
        let cases = [
            (0.0, 500.0, true),
            (499.0, 500.0, true),
            (501.0, 500.0, false),
            (2_000.0, 500.0, false),
            (10.0, 0.0, false),
        ];
        for bearing in [0.0, 45.0, 90.0, 200.0, 315.0] {
            for (d, radius, expected) in cases {
                let (lat, lon) = destination(ZJG.0, ZJG.1, bearing, d);
                assert_eq!(
                    within(ZJG.0, ZJG.1, lat, lon, radius),
                    expected,
                    "{d} m at {bearing}° within {radius} m"
                );
            }
        }
        assert!(within(ZJG.0, ZJG.1, ZJG.0, ZJG.1, 0.0));
        assert!(!within(f64::NAN, ZJG.1, ZJG.0, ZJG.1, 1e9));
    }

    #[test]
    fn coordinates() {
        let cases = [
            (ZJG.0, ZJG.1, true),
            (90.0, 180.0, true),
            (-90.0, -180.0, true),
            (90.1, 0.0, false),
            (0.0, -180.1, false),
            (f64::NAN, 0.0, false),
            (0.0, f64::INFINITY, false),
        ];
        for (lat, lon, expected) in cases {
            assert_eq!(valid_coordinates(lat, lon), expected, "{lat},{lon}");
        }
    }

    #[test]
    fn bbox_holds_the_circle_tightly() {
        let centres = [ZJG, (0.0, 0.0), (60.0, 10.0), (-45.0, -70.0), (80.0, 0.0)];
        for (lat, lon) in centres {
            for radius in [50.0, 500.0, 5_000.0, 100_000.0] {
                let (min_lat, max_lat, min_lon, max_lon) = bbox(lat, lon, radius);
                assert!(min_lat < lat && lat < max_lat && min_lon < lon && lon < max_lon);
                let eps = 1e-9;
                let mut touches = [false; 4];
                for step in 0..3600 {
                    let bearing = f64::from(step) / 10.0;
                    let (p, q) = destination(lat, lon, bearing, radius);
                    assert!(
                        p >= min_lat - eps && p <= max_lat + eps,
                        "lat {p} of {radius} m at {bearing}° from {lat},{lon}"
                    );
                    assert!(
                        q >= min_lon - eps && q <= max_lon + eps,
                        "lon {q} of {radius} m at {bearing}° from {lat},{lon}"
                    );
                    // Bearings come in 0.1° steps, so a side is met only to about 1e-6 of
                    // the box's size.
                    let (lat_tight, lon_tight) =
                        ((max_lat - min_lat) * 1e-5, (max_lon - min_lon) * 1e-5);
                    touches[0] |= close(p, min_lat, lat_tight);
                    touches[1] |= close(p, max_lat, lat_tight);
                    touches[2] |= close(q, min_lon, lon_tight);
                    touches[3] |= close(q, max_lon, lon_tight);
                }
                // The box is no bigger than it must be: the circle reaches every side.
                assert_eq!(touches, [true; 4], "{radius} m from {lat},{lon}");
            }
        }
    }

    #[test]
    fn bbox_edge_cases() {
        let (min_lat, max_lat, min_lon, max_lon) = bbox(ZJG.0, ZJG.1, 0.0);
        assert!(close(min_lat, ZJG.0, 1e-12) && close(max_lat, ZJG.0, 1e-12));
        assert!(close(min_lon, ZJG.1, 1e-12) && close(max_lon, ZJG.1, 1e-12));
        assert_eq!(bbox(ZJG.0, ZJG.1, -10.0), bbox(ZJG.0, ZJG.1, 0.0));

        // Reaching the pole: every longitude, latitude capped at 90.
        let (min_lat, max_lat, min_lon, max_lon) = bbox(89.99, 30.0, 5_000.0);
        assert!(close(max_lat, 90.0, 1e-12) && min_lat < 89.99);
        assert_eq!((min_lon, max_lon), (-180.0, 180.0));
        let (min_lat, max_lat, _, _) = bbox(-89.99, 30.0, 5_000.0);
        assert!(close(min_lat, -90.0, 1e-12) && max_lat > -89.99);

        // Crossing the 180° meridian: every longitude rather than a wrapped range.
        let (_, _, min_lon, max_lon) = bbox(0.0, 179.99, 5_000.0);
        assert_eq!((min_lon, max_lon), (-180.0, 180.0));
        let (_, _, min_lon, max_lon) = bbox(0.0, -179.99, 5_000.0);
        assert_eq!((min_lon, max_lon), (-180.0, 180.0));

        // Half the globe and more.
        assert_eq!(
            bbox(ZJG.0, ZJG.1, PI * EARTH_RADIUS_M),
            (-90.0, 90.0, -180.0, 180.0)
        );
    }
}
