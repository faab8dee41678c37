//! Small statistics helpers for ranking: Student-t quantile, average ranks, Spearman correlation.
//!
//! Only `+ − × ÷` and `sqrt` are used (no `ln`, `exp`, `atan` from the platform's libm): those
//! are correctly rounded by IEEE 754 on every target, so native and wasm32 give bit-identical
//! results, which is a product promise (the same snapshot gives the same published ranking).

use std::f64::consts::{FRAC_PI_2, PI};

/// Arc tangent from basic arithmetic: argument reduction to |x| ≤ tan(π/16), then Taylor series.
pub fn atan(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x < 0.0 {
        return -atan(-x);
    }
    if x > 1.0 {
        return FRAC_PI_2 - atan(1.0 / x);
    }
    // atan(x) = 2·atan(x / (1 + √(1 + x²))), twice: |x| ≤ 1 becomes ≤ tan(π/16) ≈ 0.199.
    let mut reduced = x;
    for _ in 0..2 {
        reduced /= 1.0 + (1.0 + reduced * reduced).sqrt();
    }
    let square = reduced * reduced;
    let mut power = reduced;
    let mut sum = 0.0;
    let mut k = 0u32;
    loop {
        let term = power / f64::from(2 * k + 1);
        if term.abs() < 1e-18 {
            break;
        }
        sum += if k.is_multiple_of(2) { term } else { -term };
        power *= square;
        k += 1;
    }
    4.0 * sum
}

/// P(|T| ≤ t) for Student's t with `df` ≥ 1 degrees of freedom (Abramowitz & Stegun 26.7.3–4,
/// the finite series that hold for integer degrees of freedom).
pub fn student_t_central(t: f64, df: u32) -> f64 {
    let nu = f64::from(df);
    let norm = (nu + t * t).sqrt();
    let sin = t / norm;
    let cos_sq = nu / (nu + t * t);
    if df.is_multiple_of(2) {
        // sinθ·(1 + ½cos²θ + (1·3)/(2·4)cos⁴θ + … up to cos^(ν−2)θ)
        let mut term = 1.0;
        let mut sum = 1.0;
        let mut k = 2;
        while k < df {
            term *= cos_sq * f64::from(k - 1) / f64::from(k);
            sum += term;
            k += 2;
        }
        sin * sum
    } else {
        let theta = atan(t / nu.sqrt());
        if df == 1 {
            return 2.0 / PI * theta;
        }
        let cos = nu.sqrt() / norm;
        // θ + sinθ·cosθ·(1 + (2/3)cos²θ + (2·4)/(3·5)cos⁴θ + … up to cos^(ν−3)θ)
        let mut term = 1.0;
        let mut sum = 1.0;
        let mut k = 2;
        while k + 1 < df {
            term *= cos_sq * f64::from(k) / f64::from(k + 1);
            sum += term;
            k += 2;
        }
        2.0 / PI * (theta + sin * cos * sum)
    }
}

/// t(0.975, df): the two-sided 95 % Student-t quantile, found by bisection on
/// [`student_t_central`] to the last representable bit.
pub fn student_t_975(df: u32) -> f64 {
    if df == 0 {
        return f64::NAN;
    }
    // t(0.975, 1) = 12.706…; every larger df has a smaller quantile.
    let (mut low, mut high) = (0.0_f64, 13.0_f64);
    loop {
        let middle = 0.5 * (low + high);
        if middle <= low || middle >= high {
            return middle;
        }
        if student_t_central(middle, df) < 0.95 {
            low = middle;
        } else {
            high = middle;
        }
    }
}

/// Ranks from 1, ties given their average rank (1, 2.5, 2.5, 4), as Spearman's ρ needs.
pub fn average_ranks(values: &[f64]) -> Vec<f64> {
    // Sorting (value, index) pairs directly is several times faster than sorting indices
    // through a closure, and the index makes the order strict.
    let mut order: Vec<(f64, u32)> = values
        .iter()
        .enumerate()
        .map(|(i, &v)| (v, i as u32))
        .collect();
    order.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && order[end].0 == order[start].0 {
            end += 1;
        }
        // Positions start..end (0-based) share the mean of ranks start+1 ..= end.
        let average = (start + 1 + end) as f64 / 2.0;
        for &(_, index) in &order[start..end] {
            ranks[index as usize] = average;
        }
        start = end;
    }
    ranks
}

/// Pearson correlation; `None` with fewer than 2 pairs or when either side is constant.
pub fn pearson(xs: &[f64], ys: &[f64]) -> Option<f64> {
    let n = xs.len();
    if n < 2 || n != ys.len() {
        return None;
    }
    let mean_x = xs.iter().sum::<f64>() / n as f64;
    let mean_y = ys.iter().sum::<f64>() / n as f64;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in xs.iter().zip(ys) {
        let (dx, dy) = (x - mean_x, y - mean_y);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if sxx <= 0.0 || syy <= 0.0 {
        return None;
    }
    Some((sxy / (sxx.sqrt() * syy.sqrt())).clamp(-1.0, 1.0))
}

/// Spearman's ρ: Pearson correlation of average ranks.
pub fn spearman(xs: &[f64], ys: &[f64]) -> Option<f64> {
    pearson(&average_ranks(xs), &average_ranks(ys))
}

/// Median of whole numbers; reorders `values` in place.
pub fn median(values: &mut [i32]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let middle = values.len() / 2;
    let odd = values.len() % 2 == 1;
    let (lower, &mut upper, _) = values.select_nth_unstable(middle);
    Some(if odd {
        f64::from(upper)
    } else {
        // Even count: the mean of the two middle values; the lower one is the largest below.
        let below = lower.iter().copied().max().unwrap_or(upper);
        (f64::from(below) + f64::from(upper)) / 2.0
    })
}

/// Median of whole numbers that all lie in `min .. min + counts.len()`, by counting; `counts`
/// is scratch space, left zeroed.
pub fn median_by_counting(values: &[i32], min: i32, counts: &mut [u32]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    for &value in values {
        counts[(value - min) as usize] += 1;
    }
    // The values at 0-based positions (n − 1) / 2 and n / 2 of the sorted list.
    let (low_position, high_position) = ((values.len() - 1) / 2, values.len() / 2);
    let (mut low, mut high) = (None, None);
    let mut seen = 0usize;
    for (offset, count) in counts.iter_mut().enumerate() {
        if *count == 0 {
            continue;
        }
        seen += *count as usize;
        *count = 0;
        let value = min + offset as i32;
        if low.is_none() && seen > low_position {
            low = Some(value);
        }
        if high.is_none() && seen > high_position {
            high = Some(value);
        }
    }
    let (low, high) = (low?, high?);
    Some((f64::from(low) + f64::from(high)) / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atan_matches_known_values() {
        for (x, expected) in [
            (0.0, 0.0),
            (1.0, PI / 4.0),
            (3f64.sqrt(), PI / 3.0),
            (1.0 / 3f64.sqrt(), PI / 6.0),
            (-1.0, -PI / 4.0),
            (1e6, FRAC_PI_2 - 1e-6),
        ] {
            assert!(
                (atan(x) - expected).abs() < 1e-15,
                "atan({x}) = {}",
                atan(x)
            );
        }
        for i in 0..200 {
            let x = f64::from(i) * 0.05 - 5.0;
            assert!((atan(x) - x.atan()).abs() < 1e-15, "atan({x})");
        }
    }

    /// Reference values of t(0.975, df), computed to 30 digits with mpmath (inverse regularized
    /// incomplete beta) and rounded to 17.
    #[test]
    #[allow(clippy::excessive_precision)] // reference digits, kept as computed
    fn student_t_quantiles() {
        for (df, expected) in [
            (1, 12.706204736174704),
            (2, 4.3026527297494637),
            (3, 3.1824463052837095),
            (4, 2.7764451051977943),
            (5, 2.5705818356363155),
            (6, 2.4469118511449699),
            (7, 2.3646242515927853),
            (9, 2.2621571627982055),
            (10, 2.2281388519862747),
            (19, 2.0930240544083097),
            (20, 2.0859634472658648),
            (30, 2.0422724563012383),
            (60, 2.0002978220142605),
            (100, 1.9839715185235523),
            (199, 1.9719565442517538),
            (1000, 1.9623390808264085),
        ] {
            let got = student_t_975(df);
            assert!(
                (got - expected).abs() < 1e-13,
                "df {df}: {got} vs {expected}"
            );
        }
    }

    #[test]
    fn average_ranks_share_ties() {
        assert_eq!(
            average_ranks(&[10.0, 20.0, 20.0, 5.0]),
            vec![2.0, 3.5, 3.5, 1.0]
        );
        assert_eq!(average_ranks(&[1.0, 1.0, 1.0]), vec![2.0, 2.0, 2.0]);
    }

    #[test]
    fn spearman_cases() {
        let close = |got: Option<f64>, expected: f64| (got.unwrap() - expected).abs() < 1e-15;
        assert!(close(spearman(&[1.0, 2.0, 3.0], &[10.0, 20.0, 30.0]), 1.0));
        assert!(close(spearman(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]), -1.0));
        assert_eq!(spearman(&[1.0, 2.0, 3.0], &[5.0, 5.0, 5.0]), None);
        // ranks x: 1,2,3,4; y: 1,2.5,2.5,4 → ρ = 4.5 / √(5·4.5)
        let rho = spearman(&[1.0, 2.0, 3.0, 4.0], &[1.0, 7.0, 7.0, 9.0]).unwrap();
        assert!((rho - 4.5 / (5.0f64 * 4.5).sqrt()).abs() < 1e-15);
    }

    #[test]
    fn medians_by_counting_agree_with_sorting() {
        let mut counts = vec![0u32; 10];
        for values in [
            &[7][..],
            &[9, 1, 4],
            &[9, 1, 4, 6],
            &[5, 5, 5, 5],
            &[1, 10],
            &[3, 3, 8, 8, 8],
        ] {
            let mut sorted = values.to_vec();
            assert_eq!(
                median_by_counting(values, 1, &mut counts),
                median(&mut sorted),
                "{values:?}"
            );
            assert!(counts.iter().all(|&c| c == 0));
        }
    }

    #[test]
    fn medians() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [7]), Some(7.0));
        assert_eq!(median(&mut [9, 1, 4]), Some(4.0));
        assert_eq!(median(&mut [9, 1, 4, 6]), Some(5.0));
    }
}
