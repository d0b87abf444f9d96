//! Which chapters are service domains, and which domain a name in the indicators table means.

use std::collections::{HashMap, VecDeque};

use crate::model::Domain;
use crate::recognise::{Item, Outline};
use crate::source::Input;

use super::tables::is_indicator_header;
use super::text::{compact, join_cell};

/// The plan's domains and the chapter each sits in.
#[derive(Debug, Clone, Default)]
pub struct Domains {
    /// The domains, in sidecar (or chapter) order.
    pub list: Vec<Domain>,
    /// For each chapter (by position), the code of its domain.
    by_chapter: Vec<Option<String>>,
    /// Whether names may be matched loosely (no sidecar gave aliases).
    derived: bool,
}

impl Domains {
    /// Domains from the sidecar, or, without one, one per chapter that holds a standards table.
    pub fn resolve(input: &Input, outline: &Outline) -> (Domains, Vec<(Option<usize>, String)>) {
        let mut warnings = Vec::new();
        let mut d = Domains {
            by_chapter: vec![None; outline.chapters.len()],
            ..Domains::default()
        };
        match &input.sidecar {
            Some(sidecar) if !sidecar.domains.is_empty() => {
                // Chapters by title, each list in document order, so a hostile sidecar with
                // many domains costs one lookup per domain, not a scan of every chapter.
                let mut by_title: HashMap<String, VecDeque<usize>> = HashMap::new();
                for (i, c) in outline.chapters.iter().enumerate() {
                    by_title
                        .entry(compact(&c.heading.title))
                        .or_default()
                        .push_back(i);
                }
                for meta in &sidecar.domains {
                    let found = by_title
                        .get_mut(&compact(&meta.chapter))
                        .and_then(VecDeque::pop_front)
                        .map(|i| (i, &outline.chapters[i]));
                    let Some((i, ch)) = found else {
                        warnings.push((
                            None,
                            format!(
                                "sidecar domain \"{}\": no chapter titled \"{}\"; the domain is left out",
                                meta.code, meta.chapter
                            ),
                        ));
                        continue;
                    };
                    d.by_chapter[i] = Some(meta.code.clone());
                    d.list.push(Domain {
                        code: meta.code.clone(),
                        name: ch.heading.title.clone(),
                        aliases: meta.aliases.clone(),
                        department: meta.department.clone(),
                        chapter: format!("ch{}", i + 1),
                    });
                }
            }
            _ => {
                d.derived = true;
                for (i, ch) in outline.chapters.iter().enumerate() {
                    if has_standards_table(ch) {
                        let code = format!("d{}", d.list.len() + 1);
                        d.by_chapter[i] = Some(code.clone());
                        d.list.push(Domain {
                            code,
                            name: ch.heading.title.clone(),
                            aliases: Vec::new(),
                            department: None,
                            chapter: format!("ch{}", i + 1),
                        });
                    }
                }
            }
        }
        (d, warnings)
    }

    /// The domain code of the chapter at this position.
    pub fn of_chapter(&self, index: usize) -> Option<&str> {
        self.by_chapter.get(index)?.as_deref()
    }

    /// Every code, in order.
    pub fn codes(&self) -> Vec<&str> {
        self.list.iter().map(|d| d.code.as_str()).collect()
    }

    /// The domain a name in the indicators table means: an alias, the domain's name or its code.
    /// Without a sidecar, the chapter whose title shares most characters with the name.
    pub fn lookup(&self, name: &str) -> Option<&Domain> {
        let wanted = compact(name);
        let exact = self.list.iter().find(|d| {
            compact(&d.name) == wanted
                || d.code == wanted
                || d.aliases.iter().any(|a| compact(a) == wanted)
        });
        if exact.is_some() || !self.derived {
            return exact;
        }
        self.list
            .iter()
            .map(|d| (similarity(&wanted, &compact(&d.name)), d))
            .filter(|(s, _)| *s >= 0.5)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, d)| d)
    }

    /// Names the domains can be called by, for messages.
    pub fn known_names(&self) -> String {
        self.list
            .iter()
            .flat_map(|d| {
                std::iter::once(d.name.as_str()).chain(d.aliases.iter().map(String::as_str))
            })
            .collect::<Vec<_>>()
            .join("、")
    }
}

/// Share of characters two names have in common (0 to 1).
fn similarity(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 0.0;
    }
    let common = a.iter().filter(|c| b.contains(c)).count();
    common as f64 / longest as f64
}

fn has_standards_table(ch: &crate::recognise::ChapterNode) -> bool {
    ch.intro
        .iter()
        .chain(ch.sections.iter().flat_map(|s| s.items.iter()))
        .any(|item| match item {
            Item::Table(t) => {
                let header: Vec<String> =
                    t.header.iter().map(|c| join_cell(&c.fragments)).collect();
                !is_indicator_header(&header)
            }
            _ => false,
        })
}

#[cfg(test)]
mod tests {
    use super::similarity;

    #[test]
    fn similar_names_share_characters() {
        assert!(similarity("残疾人社会保障服务", "残疾人保障服务") > 0.7);
        assert!(similarity("退役军人保障", "军人优抚保障服务") >= 0.5);
        assert!(similarity("教育服务", "住房保障服务") < 0.5);
    }
}
