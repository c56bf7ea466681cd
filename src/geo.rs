//! Great-circle distances (`findServicePoints` merges carriers by them).
//! The trigonometry is the engine's `Math` in wasm (the `no_std` build has
//! no libm) and std's natively; the formula is the same.

#[cfg(target_arch = "wasm32")]
mod f {
    use js_sys::Math;
    pub fn sin(x: f64) -> f64 {
        Math::sin(x)
    }
    pub fn cos(x: f64) -> f64 {
        Math::cos(x)
    }
    pub fn asin(x: f64) -> f64 {
        Math::asin(x)
    }
    pub fn sqrt(x: f64) -> f64 {
        Math::sqrt(x)
    }
    pub fn round(x: f64) -> f64 {
        Math::round(x)
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod f {
    pub fn sin(x: f64) -> f64 {
        x.sin()
    }
    pub fn cos(x: f64) -> f64 {
        x.cos()
    }
    pub fn asin(x: f64) -> f64 {
        x.asin()
    }
    pub fn sqrt(x: f64) -> f64 {
        x.sqrt()
    }
    pub fn round(x: f64) -> f64 {
        x.round()
    }
}

/// The mean Earth radius (IUGG), in metres.
const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Whole metres between two points given in degrees (haversine); NaN when
/// a coordinate is out of range or not finite.
pub fn great_circle_metres(lat1: f64, long1: f64, lat2: f64, long2: f64) -> f64 {
    let ok =
        |lat: f64, long: f64| (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&long);
    if !ok(lat1, long1) || !ok(lat2, long2) {
        return f64::NAN;
    }
    let rad = core::f64::consts::PI / 180.0;
    let (p1, p2) = (lat1 * rad, lat2 * rad);
    let dp = p2 - p1;
    let dl = (long2 - long1) * rad;
    let h = f::sin(dp / 2.0) * f::sin(dp / 2.0)
        + f::cos(p1) * f::cos(p2) * f::sin(dl / 2.0) * f::sin(dl / 2.0);
    f::round(2.0 * EARTH_RADIUS_M * f::asin(f::sqrt(h.clamp(0.0, 1.0))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_distances() {
        // Amsterdam Dam square -> Utrecht Dom tower: about 35.6 km.
        let d = great_circle_metres(52.3731, 4.8926, 52.0907, 5.1214);
        assert!((35_000.0..36_500.0).contains(&d), "{d}");
        assert_eq!(great_circle_metres(52.0, 4.0, 52.0, 4.0), 0.0);
        // A quarter of the equator.
        let q = great_circle_metres(0.0, 0.0, 0.0, 90.0);
        assert!((q - 10_007_557.0).abs() < 5.0, "{q}");
        assert!(great_circle_metres(91.0, 0.0, 0.0, 0.0).is_nan());
        assert!(great_circle_metres(f64::NAN, 0.0, 0.0, 0.0).is_nan());
    }
}
