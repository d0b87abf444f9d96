//! Rules for reading one cell or line: units, values, funding levels, project lists.

use crate::model::{FundingLevel, Value};

/// Longest text taken as a unit in brackets at the end of an indicator's name.
const MAX_UNIT_CHARS: usize = 12;

/// Splits an indicator's name into name and unit: `城镇新增就业人数（人）` → (`城镇新增就业人数`,
/// `人`); `…率%` → (`…率`, `%`); a name with neither keeps no unit.
pub fn split_unit(name: &str) -> (String, Option<String>) {
    let name = name.trim();
    if let Some(rest) = name.strip_suffix('%').or_else(|| name.strip_suffix('％')) {
        return (rest.trim_end().to_string(), Some("%".to_string()));
    }
    let (head, unit) = split_note(name);
    let Some(unit) = unit.filter(|u| !head.is_empty() && u.chars().count() <= MAX_UNIT_CHARS)
    else {
        return (name.to_string(), None);
    };
    let unit = if unit == "％" { "%" } else { unit };
    (head.to_string(), Some(unit.to_string()))
}

/// A decimal number read exactly, so sums such as `6.4+18+1.424` are exactly 25.824.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Decimal {
    mantissa: i128,
    scale: u32,
}

impl Decimal {
    fn parse(text: &str) -> Option<Decimal> {
        let text = text.replace([',', '，'], "");
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.as_str()),
        };
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        if int.is_empty() && frac.is_empty()
            || !int.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
            || int.len() + frac.len() > 30
        {
            return None;
        }
        let mantissa: i128 = format!("{int}{frac}").parse().ok()?;
        let scale = u32::try_from(frac.len()).ok()?;
        Some(Decimal {
            mantissa: if negative { -mantissa } else { mantissa },
            scale,
        })
    }

    fn rescale(self, scale: u32) -> Option<i128> {
        self.mantissa
            .checked_mul(10i128.checked_pow(scale - self.scale)?)
    }

    fn sum(parts: &[Decimal]) -> Option<Decimal> {
        let scale = parts.iter().map(|d| d.scale).max()?;
        let mut total: i128 = 0;
        for p in parts {
            total = total.checked_add(p.rescale(scale)?)?;
        }
        Some(Decimal {
            mantissa: total,
            scale,
        })
    }

    fn to_f64(self) -> Option<f64> {
        let digits = self.mantissa.unsigned_abs().to_string();
        let scale = self.scale as usize;
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (int, frac) = padded.split_at(padded.len() - scale);
        let sign = if self.mantissa < 0 { "-" } else { "" };
        format!("{sign}{int}.{frac}0").parse().ok()
    }
}

/// Texts that mean "no value".
fn is_no_value(text: &str) -> bool {
    matches!(text, "" | "/" | "／" | "-" | "—" | "——" | "无" | "暂无")
}

/// Splits a trailing bracketed note off a value: `1500（累计）` → (`1500`, `累计`).
fn split_note(text: &str) -> (&str, Option<&str>) {
    let Some(close) = text.chars().next_back().filter(|c| matches!(c, '）' | ')')) else {
        return (text, None);
    };
    let body = &text[..text.len() - close.len_utf8()];
    match body.rfind(['（', '(']) {
        Some(open) => {
            let open_len = body[open..].chars().next().map_or(1, char::len_utf8);
            let note = body[open + open_len..].trim();
            (body[..open].trim_end(), (!note.is_empty()).then_some(note))
        }
        None => (text, None),
    }
}

/// Reads an indicator cell: `90.3`, `4%`, `/`, `1500（累计）`, `6.4+18+1.424（社保居保机保）`.
///
/// `%` after a number is dropped (the unit says percent). Returns the value and, when the text
/// has something that is not a number, `Err` with the value (null) for a warning.
pub fn parse_value(text: &str, year: i32) -> Result<Value, Value> {
    let (body, note) = split_note(text);
    let mut value = Value {
        year,
        text: text.to_string(),
        value: None,
        note: note.map(str::to_string),
        components: None,
    };
    let body = body.trim();
    if is_no_value(body) {
        return Ok(value);
    }
    let parts: Vec<Option<Decimal>> = body
        .split(['+', '＋'])
        .map(|p| {
            let p = p.trim();
            let p = p
                .strip_suffix('%')
                .or_else(|| p.strip_suffix('％'))
                .unwrap_or(p);
            Decimal::parse(p.trim())
        })
        .collect();
    let Some(parts) = parts.into_iter().collect::<Option<Vec<Decimal>>>() else {
        value.note = None;
        return Err(value);
    };
    let Some(total) = Decimal::sum(&parts).and_then(Decimal::to_f64) else {
        return Err(value);
    };
    value.value = Some(total);
    if parts.len() > 1 {
        value.components = parts.iter().map(|p| p.to_f64()).collect();
    }
    Ok(value)
}

/// Levels of government named in a funding text, in order of first mention.
///
/// `市` counts only as a level, not inside `市场` (market) or `城市` (city).
pub fn funding_levels(text: &str) -> Vec<FundingLevel> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut push = |l: FundingLevel| {
        if !out.contains(&l) {
            out.push(l);
        }
    };
    for (i, c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let prev = i.checked_sub(1).map(|p| chars[p]);
        match c {
            '中' if next == Some('央') => push(FundingLevel::Central),
            '省' => push(FundingLevel::Provincial),
            '市' if next != Some('场') && prev != Some('城') => push(FundingLevel::Municipal),
            '县' => push(FundingLevel::County),
            '地' if next == Some('方') => push(FundingLevel::Local),
            _ => {}
        }
    }
    out
}

/// Splits a box line's project list on `、` outside brackets and quotes.
///
/// Quotes do not nest: inside a quote, either curly quote closes it, so an unbalanced
/// `“云雾山森林康养旅游区“` still ends where it should. Each item loses a trailing `。`/`、`
/// and quotes wrapping it whole; empty items are dropped.
pub fn split_items(list: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut depth = 0usize;
    let mut in_quote = false;
    for c in list.chars() {
        match c {
            '“' | '”' | '"' if in_quote => in_quote = false,
            '“' | '"' => in_quote = true,
            '（' | '(' | '《' | '【' => depth += 1,
            '）' | ')' | '》' | '】' => depth = depth.saturating_sub(1),
            '、' if depth == 0 && !in_quote => {
                items.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    items.push(current);
    let items: Vec<String> = items.iter().filter_map(|i| tidy_item(i)).collect();
    merge_counted(items)
}

/// Longest part merged back by [`merge_counted`]; longer parts are projects of their own.
const MAX_COUNTED_PART_CHARS: usize = 6;

/// Re-joins an enumeration that `、` split: in `县、乡镇、村（社区）三级平台` the count `三级`
/// says the two short parts before it belong to the same project.
///
/// Only a count that follows text in its own item (`村（社区）三级`) counts, and only when there
/// are N-1 short parts before it, so the merged project has exactly N parts: an item that
/// starts with its count (`三级医院创建项目`) is a project of its own.
fn merge_counted(items: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(items.len());
    for item in items {
        let parts = counted_parts(&item);
        let before = parts.saturating_sub(1);
        let short_tail = before > 0
            && out.len() >= before
            && out[out.len() - before..]
                .iter()
                .all(|p| p.chars().count() <= MAX_COUNTED_PART_CHARS);
        if short_tail {
            let mut head: Vec<String> = out.split_off(out.len() - before);
            head.push(item);
            out.push(head.join("、"));
        } else {
            out.push(item);
        }
    }
    out
}

/// The count N (2 to 9) of the first `N级` (N levels) in an item when text comes before it in
/// the item, or 0.
fn counted_parts(item: &str) -> usize {
    let chars: Vec<char> = item.chars().collect();
    chars
        .windows(2)
        .enumerate()
        .find_map(|(i, w)| {
            let n = "两二三四五六七八九".chars().position(|d| d == w[0])?;
            (w[1] == '级').then_some((i, if n == 0 { 2 } else { n + 1 }))
        })
        .map_or(0, |(at, n)| if at > 0 { n } else { 0 })
}

fn tidy_item(item: &str) -> Option<String> {
    let mut s = item.trim().trim_end_matches(['。', '、', '；', ';']).trim();
    let quotes = ['“', '”', '"'];
    if s.chars().count() >= 2
        && s.starts_with(quotes)
        && s.ends_with(quotes)
        && s[s.chars().next().map_or(0, char::len_utf8)..]
            .trim_end_matches(quotes)
            .chars()
            .all(|c| !quotes.contains(&c))
    {
        s = s.trim_matches(quotes);
    }
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// Splits `category：list` at the first full-width colon when the part before it is a short
/// label (no list separators); otherwise the whole line is the list.
pub fn split_category(line: &str) -> (Option<&str>, &str) {
    if let Some((head, rest)) = line.split_once(['：', ':']) {
        let head = head.trim();
        if !head.is_empty() && head.chars().count() <= 20 && !head.contains(['、', '，', '。']) {
            return (Some(head), rest.trim());
        }
    }
    (None, line)
}

/// Splits a glossary line `“term”：definition` into term (quotes removed) and definition.
pub fn split_glossary(line: &str) -> Option<(String, String)> {
    let (term, definition) = line.split_once(['：', ':'])?;
    let term = term.trim();
    let unquoted = term
        .strip_prefix(['“', '"'])
        .and_then(|t| t.strip_suffix(['”', '"']))
        .filter(|t| !t.contains(['“', '”']))
        .unwrap_or(term);
    let definition = definition.trim();
    (!unquoted.is_empty() && !definition.is_empty())
        .then(|| (unquoted.to_string(), definition.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_come_off_the_name() {
        assert_eq!(
            split_unit("城镇新增就业人数（人）"),
            ("城镇新增就业人数".into(), Some("人".into()))
        );
        assert_eq!(
            split_unit("3-5岁学前教育毛入园率%"),
            ("3-5岁学前教育毛入园率".into(), Some("%".into()))
        );
        assert_eq!(
            split_unit("覆盖率(%）"),
            ("覆盖率".into(), Some("%".into()))
        );
        assert_eq!(
            split_unit("农村危房改造数（户/年）"),
            ("农村危房改造数".into(), Some("户/年".into()))
        );
        assert_eq!(
            split_unit("人均基本公共卫生服务经费"),
            ("人均基本公共卫生服务经费".into(), None)
        );
        assert_eq!(split_unit("（人）"), ("（人）".into(), None));
        assert_eq!(split_unit("覆盖率（ ）"), ("覆盖率（ ）".into(), None));
        let long = "指标（按照常住人口口径统计的年度数据）";
        assert_eq!(split_unit(long), (long.into(), None));
    }

    fn v(text: &str) -> Value {
        parse_value(text, 2025).unwrap()
    }

    #[test]
    fn values_read_as_numbers_in_the_unit() {
        assert_eq!(v("90.3").value, Some(90.3));
        assert_eq!(v("4%").value, Some(4.0));
        assert_eq!(v("0.049").value, Some(0.049));
        assert_eq!(v("/").value, None);
        assert_eq!(v("32,710").value, Some(32710.0));
    }

    #[test]
    fn notes_and_sums() {
        let x = v("1500（累计）");
        assert_eq!((x.value, x.note.as_deref()), (Some(1500.0), Some("累计")));
        let s = v("6.4+18+1.424（社保居保机保）");
        assert_eq!(s.value, Some(25.824));
        assert_eq!(s.components, Some(vec![6.4, 18.0, 1.424]));
        assert_eq!(s.note.as_deref(), Some("社保居保机保"));
        assert_eq!(v("6.6+18.8（社保居保）").value, Some(25.4));
    }

    #[test]
    fn unreadable_values_are_reported() {
        let e = parse_value("约九十", 2025).unwrap_err();
        assert_eq!(e.value, None);
        assert_eq!(e.text, "约九十");
    }

    #[test]
    fn funding_levels_in_order_of_mention() {
        use FundingLevel::*;
        assert_eq!(
            funding_levels("中央、省、县"),
            vec![Central, Provincial, County]
        );
        assert_eq!(
            funding_levels("省市县"),
            vec![Provincial, Municipal, County]
        );
        assert_eq!(
            funding_levels("县政府负责，省级政府给予资金支持，中央给予资金补助。"),
            vec![County, Provincial, Central]
        );
        assert_eq!(funding_levels("地方政府负责"), vec![Local]);
        assert_eq!(funding_levels("按市场价格，城市居民"), vec![]);
        assert_eq!(funding_levels("医改目标任务"), vec![]);
    }

    #[test]
    fn items_split_outside_brackets_and_quotes() {
        assert_eq!(
            split_items("甲（含乙、丙）、丁、"),
            vec!["甲（含乙、丙）", "丁"]
        );
        assert_eq!(
            split_items("南阳山、“云雾山森林康养旅游区“、“广元·中国西部恐龙园”、红军城。"),
            vec![
                "南阳山",
                "云雾山森林康养旅游区",
                "广元·中国西部恐龙园",
                "红军城"
            ]
        );
        assert_eq!(
            split_items("旺苍县“月光经济”项目（二期）、乙"),
            vec!["旺苍县“月光经济”项目（二期）", "乙"]
        );
        assert_eq!(
            split_items("《红色土地.红色记忆》、x"),
            vec!["《红色土地.红色记忆》", "x"]
        );
    }

    #[test]
    fn counted_enumerations_stay_one_item() {
        assert_eq!(
            split_items("新建光荣院、某县县、乡镇、村（社区）三级应急平台建设项目、军休所"),
            vec![
                "新建光荣院",
                "某县县、乡镇、村（社区）三级应急平台建设项目",
                "军休所"
            ]
        );
        assert_eq!(
            split_items("甲镇、乙镇、丙镇"),
            vec!["甲镇", "乙镇", "丙镇"]
        );
        assert_eq!(
            split_items("县、乡两级网络、丙"),
            vec!["县、乡两级网络", "丙"]
        );
    }

    #[test]
    fn an_item_starting_with_a_count_stands_alone() {
        assert_eq!(
            split_items("县中医院迁建、妇幼院、三级医院创建项目"),
            vec!["县中医院迁建", "妇幼院", "三级医院创建项目"]
        );
        // Too few parts before the count: nothing is merged.
        assert_eq!(
            split_items("乡镇、村（社区）三级平台、丙"),
            vec!["乡镇", "村（社区）三级平台", "丙"]
        );
    }

    #[test]
    fn categories_and_glossary() {
        assert_eq!(
            split_category("学前教育：甲、乙"),
            (Some("学前教育"), "甲、乙")
        );
        assert_eq!(split_category("甲、乙：丙"), (None, "甲、乙：丙"));
        assert_eq!(
            split_glossary("“四个高地”：医疗高地。"),
            Some(("四个高地".into(), "医疗高地。".into()))
        );
        assert_eq!(
            split_glossary("乡村文化振兴“百千万”工程：四川省"),
            Some(("乡村文化振兴“百千万”工程".into(), "四川省".into()))
        );
        assert_eq!(split_glossary("no colon"), None);
    }
}
