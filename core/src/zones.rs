//! The regulatory-free special zones (규제자유특구) and global innovation zones, shipped with the
//! code (`core/data/zones.csv`) so the startup's zone picker works offline and the browser and the
//! server agree on which zone ids exist.

/// The six 상생이음 networks, in the order the ministry lists them.
pub const NETWORK_FIELDS: [&str; 6] = [
    "telemedicine",
    "autonomous-driving",
    "hydrogen",
    "electric-energy",
    "human-derived-materials",
    "co2-utilization",
];

const ZONES_CSV: &str = include_str!("../data/zones.csv");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Zone {
    pub id: &'static str,
    /// `regulatory-free` or `global-innovation`.
    pub kind: &'static str,
    pub round: &'static str,
    /// `YYYY-MM-DD`.
    pub designated: &'static str,
    pub region_ko: &'static str,
    pub region_en: &'static str,
    pub name_ko: &'static str,
    pub name_en: &'static str,
    /// 상생이음 network, when the zone belongs to one.
    pub field: Option<&'static str>,
}

impl Zone {
    /// Does the zone match a search typed in Korean or English (case-insensitive, any part)?
    pub fn matches(&self, query: &str) -> bool {
        let query = query.trim().to_lowercase();
        query.is_empty()
            || [
                self.id,
                self.region_ko,
                self.region_en,
                self.name_ko,
                self.name_en,
                self.field.unwrap_or(""),
            ]
            .iter()
            .any(|text| text.to_lowercase().contains(&query))
    }
}

/// Every zone in the shipped list, in file order (by designation round). The file has no quoted
/// fields, which `every_row_of_the_shipped_list_parses` guards.
pub fn all() -> Vec<Zone> {
    ZONES_CSV
        .lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .filter_map(parse_row)
        .collect()
}

pub fn find(id: &str) -> Option<Zone> {
    all().into_iter().find(|zone| zone.id == id)
}

fn parse_row(line: &'static str) -> Option<Zone> {
    let mut cells = line.trim_end_matches('\r').split(',');
    let mut next = || cells.next();
    Some(Zone {
        id: next()?,
        kind: next()?,
        round: next()?,
        designated: next()?,
        region_ko: next()?,
        region_en: next()?,
        name_ko: next()?,
        name_en: next()?,
        field: next().filter(|field| !field.is_empty()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_of_the_shipped_list_parses() {
        let rows = ZONES_CSV
            .lines()
            .skip(1)
            .filter(|line| !line.trim().is_empty())
            .count();
        assert!(
            !ZONES_CSV.contains('"'),
            "quoted fields would need a real CSV parser"
        );
        assert_eq!(all().len(), rows);
        assert_eq!(rows, 49);
        for zone in all() {
            assert!(
                !zone.id.is_empty() && !zone.name_ko.is_empty() && !zone.name_en.is_empty(),
                "{zone:?}"
            );
            if let Some(field) = zone.field {
                assert!(
                    NETWORK_FIELDS.contains(&field),
                    "{field} is not a 상생이음 network"
                );
            }
        }
    }

    #[test]
    fn search_works_in_korean_and_english() {
        let hydrogen: Vec<&str> = all()
            .into_iter()
            .filter(|zone| zone.matches("수소"))
            .map(|zone| zone.id)
            .collect();
        assert!(
            hydrogen.contains(&"ulsan-hydrogen-green-mobility"),
            "{hydrogen:?}"
        );
        assert!(find("sejong-autonomous-driving")
            .unwrap()
            .matches("AUTONOMOUS"));
        assert!(find("sejong-autonomous-driving").unwrap().matches("세종"));
        assert!(!find("sejong-autonomous-driving").unwrap().matches("부산"));
        assert_eq!(
            all().into_iter().filter(|zone| zone.matches("")).count(),
            all().len()
        );
    }
}
