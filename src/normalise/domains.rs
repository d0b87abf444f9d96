//! Which chapters are service domains, and which domain a name in the indicators table means.

use std::cell::RefCell;
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
    /// Compacted name, alias or code to the position of the first domain called so.
    index: HashMap<String, usize>,
    /// Compacted name of each domain, as characters, for the loose match.
    names: Vec<Vec<char>>,
    /// Loose matches already made, by compacted name, so each distinct name scans once.
    loose: RefCell<HashMap<String, Option<usize>>>,
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
                        chapter: Some(format!("ch{}", i + 1)),
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
                            chapter: Some(format!("ch{}", i + 1)),
                        });
                    }
                }
            }
        }
        d.build_index();
        (d, warnings)
    }

    /// Fills the name index and the compacted names from `list`.
    fn build_index(&mut self) {
        self.index.clear();
        for (i, d) in self.list.iter().enumerate() {
            // The first domain in order wins a name, as a scan of the list would find it.
            self.index.entry(compact(&d.name)).or_insert(i);
            self.index.entry(d.code.clone()).or_insert(i);
            for a in &d.aliases {
                self.index.entry(compact(a)).or_insert(i);
            }
        }
        self.names = self
            .list
            .iter()
            .map(|d| compact(&d.name).chars().collect())
            .collect();
        self.loose.borrow_mut().clear();
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
        if let Some(&i) = self.index.get(&wanted) {
            return self.list.get(i);
        }
        if !self.derived {
            return None;
        }
        if let Some(hit) = self.loose.borrow().get(&wanted) {
            return hit.and_then(|i| self.list.get(i));
        }
        let chars: Vec<char> = wanted.chars().collect();
        let hit = self
            .names
            .iter()
            .enumerate()
            .map(|(i, n)| (similarity(&chars, n), i))
            .filter(|(s, _)| *s >= 0.5)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, i)| i);
        self.loose.borrow_mut().insert(wanted, hit);
        hit.and_then(|i| self.list.get(i))
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
fn similarity(a: &[char], b: &[char]) -> f64 {
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
    use super::*;

    fn sim(a: &str, b: &str) -> f64 {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        similarity(&a, &b)
    }

    #[test]
    fn similar_names_share_characters() {
        assert!(sim("残疾人社会保障服务", "残疾人保障服务") > 0.7);
        assert!(sim("退役军人保障", "军人优抚保障服务") >= 0.5);
        assert!(sim("教育服务", "住房保障服务") < 0.5);
    }

    fn domain(code: &str, name: &str, aliases: &[&str]) -> Domain {
        Domain {
            code: code.into(),
            name: name.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            department: None,
            chapter: Some("ch1".into()),
        }
    }

    fn domains(derived: bool) -> Domains {
        let mut d = Domains {
            list: vec![
                domain("education", "教育服务", &[]),
                domain("employment", "劳动就业服务", &["劳动就业"]),
                domain(
                    "disability",
                    "残疾人保障服务",
                    &["残疾人社会保障服务", "劳动就业"],
                ),
            ],
            derived,
            ..Domains::default()
        };
        d.build_index();
        d
    }

    fn code<'a>(d: &'a Domains, name: &str) -> Option<&'a str> {
        d.lookup(name).map(|d| d.code.as_str())
    }

    #[test]
    fn lookup_by_name_alias_or_code() {
        let d = domains(false);
        assert_eq!(code(&d, "教育服务"), Some("education"));
        assert_eq!(code(&d, " 教育\u{3000}服务 "), Some("education"));
        assert_eq!(
            code(&d, "劳动就业"),
            Some("employment"),
            "first domain wins"
        );
        assert_eq!(code(&d, "残疾人社会保障服务"), Some("disability"));
        assert_eq!(code(&d, "disability"), Some("disability"));
        // With a sidecar, names never match loosely.
        assert_eq!(code(&d, "残疾人社会服务"), None);
    }

    #[test]
    fn lookup_loosely_without_a_sidecar() {
        let d = domains(true);
        assert_eq!(code(&d, "残疾人社会服务"), Some("disability"));
        assert_eq!(code(&d, "教育"), Some("education"));
        assert_eq!(code(&d, "住房"), None);
        // The second lookup comes from the memo and agrees with the first.
        assert_eq!(code(&d, "残疾人社会服务"), Some("disability"));
        assert_eq!(code(&d, "住房"), None);
        assert_eq!(d.loose.borrow().len(), 3);
    }
}
