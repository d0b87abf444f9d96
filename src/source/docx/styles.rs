//! `styles.xml`: which paragraph styles are headings (and of what level), which carry
//! automatic numbering, and which are Word's table-of-contents entry styles.

use std::collections::HashMap;

use super::xml::Element;

/// Longest `basedOn` chain followed; Word's are a few steps, a cycle would be endless.
const MAX_CHAIN: usize = 32;

/// A paragraph style's own properties (before `basedOn`).
#[derive(Debug, Clone, Default)]
struct Style {
    /// The style's name as stored (`heading 1`, `标题 1`, `toc 1` …), lower-cased.
    name: String,
    /// The style it is based on.
    based_on: Option<String>,
    /// `w:outlineLvl` (0 = level 1; 9 = body text).
    outline: Option<u8>,
    /// `w:numPr`: numbering instance and level, each when given.
    num_id: Option<String>,
    /// `w:numPr/w:ilvl`.
    ilvl: Option<u8>,
}

/// The paragraph styles of a document.
#[derive(Debug, Clone, Default)]
pub struct Styles {
    by_id: HashMap<String, Style>,
    /// The style a paragraph without `w:pStyle` has (`w:default="1"`).
    default: Option<String>,
}

impl Styles {
    /// Reads `styles.xml` (absent: no styles, every paragraph is body text).
    pub fn parse(root: Option<&Element>) -> Styles {
        let mut styles = Styles::default();
        let Some(root) = root else {
            return styles;
        };
        for s in root.elements().filter(|e| e.name == "style") {
            // Numbering styles matter too: a list style's definition points at one
            // (`w:numStyleLink`). Character and table styles have neither levels nor numbers.
            let kind = s.attr("type").unwrap_or("paragraph");
            if !matches!(kind, "paragraph" | "numbering") {
                continue;
            }
            let Some(id) = s.attr("styleId") else {
                continue;
            };
            let ppr = s.child("pPr");
            let num = ppr.and_then(|p| p.child("numPr"));
            let style = Style {
                name: s.val("name").unwrap_or_default().to_lowercase(),
                based_on: s.val("basedOn").map(str::to_string),
                outline: ppr
                    .and_then(|p| p.val("outlineLvl"))
                    .and_then(|v| v.parse().ok()),
                num_id: num.and_then(|n| n.val("numId")).map(str::to_string),
                ilvl: num.and_then(|n| n.val("ilvl")).and_then(|v| v.parse().ok()),
            };
            if kind == "paragraph" && matches!(s.attr("default"), Some("1" | "true" | "on")) {
                styles.default = Some(id.to_string());
            }
            styles.by_id.insert(id.to_string(), style);
        }
        styles
    }

    /// The style a paragraph has: its `w:pStyle`, else the default paragraph style.
    pub fn effective<'a>(&'a self, p_style: Option<&'a str>) -> Option<&'a str> {
        p_style.or(self.default.as_deref())
    }

    /// The style and those it is based on, nearest first.
    fn chain<'a>(&'a self, id: Option<&'a str>) -> impl Iterator<Item = &'a Style> + 'a {
        let mut next = id;
        std::iter::from_fn(move || {
            let s = self.by_id.get(next?)?;
            next = s.based_on.as_deref();
            Some(s)
        })
        .take(MAX_CHAIN)
    }

    /// The heading level (1 = outermost) of a style: its outline level, following `basedOn`,
    /// else its name (`heading N`, `标题 N`).
    pub fn heading_level(&self, id: Option<&str>) -> Option<u8> {
        for s in self.chain(id) {
            if let Some(level) = s.outline {
                return (level < 9).then_some(level + 1);
            }
            if let Some(level) = name_level(&s.name) {
                return Some(level);
            }
        }
        None
    }

    /// The numbering a style gives its paragraphs: (numId, ilvl), following `basedOn`.
    pub fn numbering(&self, id: Option<&str>) -> (Option<String>, Option<u8>) {
        let mut num_id = None;
        let mut ilvl = None;
        for s in self.chain(id) {
            if num_id.is_none() {
                num_id.clone_from(&s.num_id);
            }
            if ilvl.is_none() {
                ilvl = s.ilvl;
            }
        }
        (num_id, ilvl)
    }

    /// Whether a style is one of Word's table-of-contents entry styles (`toc 1`, `目录 1`).
    pub fn is_toc_entry(&self, id: Option<&str>) -> bool {
        self.chain(id).take(1).any(|s| {
            let n = s.name.trim();
            ["toc ", "目录 ", "目录"].iter().any(|p| {
                n.strip_prefix(p)
                    .is_some_and(|d| d.trim().parse::<u8>().is_ok())
            })
        })
    }

    /// The style whose `w:numPr` links a list style (`w:numStyleLink`) to its numbering.
    pub fn num_of(&self, id: &str) -> Option<&str> {
        self.by_id.get(id)?.num_id.as_deref()
    }
}

/// `heading 3` / `标题 3` / `标题3` → 3.
fn name_level(name: &str) -> Option<u8> {
    let rest = name
        .strip_prefix("heading")
        .or_else(|| name.strip_prefix("标题"))?;
    let level: u8 = rest.trim().parse().ok()?;
    (1..=9).contains(&level).then_some(level)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::docx::xml::parse;

    #[test]
    fn levels_follow_based_on_and_names() {
        let root = parse(
            r#"<styles>
              <style type="paragraph" styleId="H"><name val="Heading 1"/></style>
              <style type="paragraph" styleId="Mine"><name val="My chapter"/><basedOn val="H"/></style>
              <style type="paragraph" styleId="O"><name val="x"/><pPr><outlineLvl val="1"/></pPr></style>
              <style type="paragraph" styleId="C"><name val="标题 3"/></style>
              <style type="paragraph" styleId="Loop"><name val="a"/><basedOn val="Loop"/></style>
              <style type="paragraph" styleId="T"><name val="toc 2"/></style>
            </styles>"#
                .as_bytes(),
        )
        .unwrap();
        let s = Styles::parse(Some(&root));
        assert_eq!(s.heading_level(Some("Mine")), Some(1));
        assert_eq!(s.heading_level(Some("O")), Some(2));
        assert_eq!(s.heading_level(Some("C")), Some(3));
        assert_eq!(s.heading_level(Some("Loop")), None);
        assert!(s.is_toc_entry(Some("T")));
        assert!(!s.is_toc_entry(Some("H")));
    }
}
