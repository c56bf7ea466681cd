//! `f64` truncation and flooring for the `no_std` wasm build (std's versions call libm).
//! Exact for every |n| < 2^52; larger numbers are already integral.

/// `trunc`, `fract` and `floor` as in std.
pub trait F64Ext {
    /// Toward zero.
    fn trunc(self) -> f64;
    /// `self - self.trunc()`.
    fn fract(self) -> f64;
    /// Toward negative infinity.
    fn floor(self) -> f64;
}

impl F64Ext for f64 {
    fn trunc(self) -> f64 {
        if self.abs() < 4_503_599_627_370_496.0 {
            (self as i64) as f64
        } else {
            self
        }
    }
    fn fract(self) -> f64 {
        self - F64Ext::trunc(self)
    }
    fn floor(self) -> f64 {
        let t = F64Ext::trunc(self);
        if t > self {
            t - 1.0
        } else {
            t
        }
    }
}

#[cfg(test)]
mod tests {
    use super::F64Ext;

    #[test]
    fn matches_std() {
        let samples = [
            0.0,
            -0.0,
            0.25,
            0.5,
            0.75,
            1.0,
            1.5,
            2.5,
            -0.25,
            -0.5,
            -1.5,
            -2.5,
            59_999.9,
            1.7e12,
            -1.7e12 - 0.5,
            4.6e15,
            1e300,
            -1e300,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        for x in samples {
            assert_eq!(F64Ext::trunc(x), x.trunc(), "trunc {x}");
            assert_eq!(F64Ext::floor(x), x.floor(), "floor {x}");
            let (a, b) = (F64Ext::fract(x), x.fract());
            assert!(a == b || (a.is_nan() && b.is_nan()), "fract {x}");
        }
        assert!(F64Ext::fract(f64::NAN).is_nan());
        assert!(F64Ext::floor(f64::NAN).is_nan());
    }
}
