//! Small SVG charts drawn by the app (no chart library): the interval bar of a leaderboard row,
//! the radar of a startup's criterion means against the field, and the bars of its scores.
//! The geometry is plain functions, tested natively.

use crate::i18n::{Key, OrgKey};
use crate::state::language::use_text;
use leptos::prelude::*;

/// Position of `value` on a `width`-wide axis from `min` to `max`, clamped to the axis.
pub fn axis_position(value: f64, min: f64, max: f64, width: f64) -> f64 {
    if max <= min {
        return 0.0;
    }
    ((value - min) / (max - min)).clamp(0.0, 1.0) * width
}

/// The corners of a radar polygon: one spoke per value, the first pointing up, clockwise;
/// each at a distance from the centre proportional to the value on the scale.
pub fn radar_points(
    values: &[f64],
    min: f64,
    max: f64,
    center: (f64, f64),
    radius: f64,
) -> Vec<(f64, f64)> {
    let spokes = values.len().max(1) as f64;
    values
        .iter()
        .enumerate()
        .map(|(index, &value)| {
            let angle = std::f64::consts::TAU * index as f64 / spokes - std::f64::consts::FRAC_PI_2;
            let distance = axis_position(value, min, max, radius);
            (
                center.0 + distance * angle.cos(),
                center.1 + distance * angle.sin(),
            )
        })
        .collect()
}

pub fn svg_points(points: &[(f64, f64)]) -> String {
    points
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ")
}

const BAR_WIDTH: f64 = 120.0;

/// The 95 % interval as a bar on the scale with the total as a dot; no bar below 2 judges.
/// Reactive attributes, so a live row updates its bar in place.
#[component]
pub fn IntervalBar(
    interval: Signal<Option<(f64, f64)>>,
    total: Signal<Option<f64>>,
    scale: Signal<(i64, i64)>,
) -> impl IntoView {
    let x = move |value: f64| {
        let (min, max) = scale.get();
        axis_position(value, min as f64, max as f64, BAR_WIDTH)
    };
    let label = move || match interval.get() {
        Some((low, high)) => format!("{low:.2} – {high:.2}"),
        None => "–".to_owned(),
    };
    view! {
        <svg class="interval-bar" width=BAR_WIDTH height="14" viewBox=format!("0 0 {BAR_WIDTH} 14") role="img" aria-label=label>
            <line class="axis" x1="0" y1="7" x2=BAR_WIDTH y2="7"/>
            <rect class="range" y="3" height="8" rx="2"
                visibility=move || if interval.get().is_some() { "visible" } else { "hidden" }
                x=move || interval.get().map_or(0.0, |(low, _)| x(low))
                width=move || interval.get().map_or(0.0, |(low, high)| (x(high) - x(low)).max(1.0))/>
            <circle class="point" cy="7" r="3.5"
                visibility=move || if total.get().is_some() { "visible" } else { "hidden" }
                cx=move || total.get().map_or(0.0, x)/>
        </svg>
    }
}

/// This startup's criterion means (filled) against the field average (outline).
#[component]
pub fn RadarChart(
    labels: Vec<String>,
    values: Vec<f64>,
    field: Vec<f64>,
    scale: (i64, i64),
) -> impl IntoView {
    let text = use_text();
    let (min, max) = (scale.0 as f64, scale.1 as f64);
    let (size, center, radius) = (260.0, (130.0, 130.0), 90.0);
    let rings: Vec<String> = [0.25, 0.5, 0.75, 1.0]
        .iter()
        .map(|share| {
            svg_points(&radar_points(
                &vec![min + share * (max - min); labels.len()],
                min,
                max,
                center,
                radius,
            ))
        })
        .collect();
    let spokes = radar_points(&vec![max; labels.len()], min, max, center, radius);
    let label_spots = radar_points(&vec![max; labels.len()], min, max, center, radius + 22.0);
    let own = svg_points(&radar_points(&values, min, max, center, radius));
    let average = svg_points(&radar_points(&field, min, max, center, radius));
    let description = labels
        .iter()
        .zip(values.iter().zip(&field))
        .map(|(label, (value, field))| format!("{label}: {value:.2} / {field:.2}"))
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <figure class="radar">
            <svg width=size height=size viewBox=format!("0 0 {size} {size}") role="img" aria-label=description>
                {rings.into_iter().map(|ring| view! { <polygon class="ring" points=ring/> }).collect_view()}
                {spokes.into_iter().map(|(x, y)| view! { <line class="spoke" x1=center.0 y1=center.1 x2=x y2=y/> }).collect_view()}
                <polygon class="field-average" points=average/>
                <polygon class="this-startup" points=own/>
                {label_spots.into_iter().zip(labels).map(|((x, y), label)| view! {
                    <text x=x y=y text-anchor="middle" dominant-baseline="middle">{label}</text>
                }).collect_view()}
            </svg>
            <figcaption>
                <span class="legend this-startup">{move || text(Key::Org(OrgKey::ThisStartup))}</span>
                <span class="legend field-average">{move || text(Key::Org(OrgKey::FieldAverage))}</span>
            </figcaption>
        </figure>
    }
}

/// How many scores took each value on the scale.
#[component]
pub fn DistributionBars(counts: Vec<(i64, u32)>) -> impl IntoView {
    let text = use_text();
    let most = counts
        .iter()
        .map(|(_, count)| *count)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let bar = 22.0;
    let width = counts.len() as f64 * (bar + 6.0);
    let height = 120.0;
    let description = counts
        .iter()
        .map(|(value, count)| format!("{value}: {count}"))
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <figure class="distribution">
            <svg width=width height=height + 20.0 viewBox=format!("0 0 {width} {}", height + 20.0) role="img" aria-label=description>
                {counts.into_iter().enumerate().map(|(index, (value, count))| {
                    let bar_height = axis_position(f64::from(count), 0.0, most, height - 14.0);
                    let x = index as f64 * (bar + 6.0);
                    view! {
                        <rect class="bar" x=x y=height - bar_height width=bar height=bar_height/>
                        <text class="count" x=x + bar / 2.0 y=height - bar_height - 3.0 text-anchor="middle">{(count > 0).then(|| count.to_string())}</text>
                        <text x=x + bar / 2.0 y=height + 14.0 text-anchor="middle">{value.to_string()}</text>
                    }
                }).collect_view()}
            </svg>
            <figcaption>{move || text(Key::Org(OrgKey::Distribution))}</figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn near(a: (f64, f64), b: (f64, f64)) -> bool {
        (a.0 - b.0).abs() < 1e-9 && (a.1 - b.1).abs() < 1e-9
    }

    #[test]
    fn radar_spokes_start_up_and_go_clockwise() {
        let points = radar_points(&[10.0, 10.0, 10.0, 10.0], 1.0, 10.0, (100.0, 100.0), 50.0);
        assert!(near(points[0], (100.0, 50.0)), "{points:?}");
        assert!(near(points[1], (150.0, 100.0)));
        assert!(near(points[2], (100.0, 150.0)));
        assert!(near(points[3], (50.0, 100.0)));
    }

    #[test]
    fn radar_values_scale_from_the_minimum_and_clamp() {
        let points = radar_points(&[1.0, 5.5, 99.0], 1.0, 10.0, (0.0, 0.0), 90.0);
        assert!(near(points[0], (0.0, 0.0)));
        let distance = |(x, y): (f64, f64)| (x * x + y * y).sqrt();
        assert!((distance(points[1]) - 45.0).abs() < 1e-9);
        assert!((distance(points[2]) - 90.0).abs() < 1e-9);
    }

    #[test]
    fn axis_positions() {
        let cases = [
            (1.0, 0.0),
            (10.0, 120.0),
            (5.5, 60.0),
            (-3.0, 0.0),
            (11.0, 120.0),
        ];
        for (value, expected) in cases {
            assert!(
                (axis_position(value, 1.0, 10.0, 120.0) - expected).abs() < 1e-9,
                "{value}"
            );
        }
        assert_eq!(axis_position(3.0, 5.0, 5.0, 120.0), 0.0);
    }
}
