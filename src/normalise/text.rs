//! Small text rules: cleaning, Chinese numerals, joining wrapped cell lines.

/// Characters Word exports that stand for a space.
fn is_space_like(c: char) -> bool {
    matches!(c, '\u{f020}' | '\u{a0}' | '\u{3000}' | '\u{feff}') || (c.is_whitespace() && c != '\n')
}

/// Full-width punctuation next to which a space is only layout.
fn is_cjk_punct(c: char) -> bool {
    matches!(
        c,
        '（' | '）'
            | '。'
            | '，'
            | '、'
            | '；'
            | '：'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '《'
            | '》'
            | '！'
            | '？'
            | '【'
            | '】'
            | '—'
            | '…'
            | '％'
    )
}

/// Chinese characters and full-width forms.
fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
        || is_cjk_punct(c)
}

/// Cleans one line of text: Word's space stand-ins become spaces, runs of spaces collapse,
/// spaces beside full-width punctuation and padding runs between Chinese characters go, and
/// the ends are trimmed. A single space between two Chinese words stays (it can separate names).
pub fn clean(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if !is_space_like(c) {
            out.push(c);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_space_like(chars[i]) {
            i += 1;
        }
        let run = i - start;
        let before = out.chars().next_back();
        let after = chars.get(i).copied();
        let (Some(b), Some(a)) = (before, after) else {
            continue; // leading or trailing
        };
        let drop = is_cjk_punct(b)
            || is_cjk_punct(a)
            || (run > 1 && is_wide(b) && is_wide(a))
            || (a == '(' || a == ')' || a == '%') && is_wide(b);
        if !drop {
            out.push(' ');
        }
    }
    out
}

/// The text with every space-like character removed, for matching cue words such as `前言`.
pub fn compact(line: &str) -> String {
    line.chars().filter(|c| !is_space_like(*c)).collect()
}

/// Largest number plandoc reads in a heading or box number (`第一百二十章`, `专栏120`).
pub const MAX_NUMERAL: u32 = 9999;

/// Value of a numeral as plans write them, from 1 to [`MAX_NUMERAL`]: Chinese counting
/// (`四`, `十三`, `二十`, `一百零五`, `两百`), Chinese positional digits (`二〇` → 20, as OCR and
/// some writers give `第二〇章`), ASCII digits and full-width digits (`１３`).
pub fn numeral(text: &str) -> Option<u32> {
    let ascii: String = text.chars().map(fullwidth_digit).collect();
    if !ascii.is_empty() && ascii.bytes().all(|b| b.is_ascii_digit()) {
        if ascii.len() > 4 {
            return None;
        }
        return ascii.parse().ok().filter(|n| *n > 0 && *n <= MAX_NUMERAL);
    }
    let chars: Vec<char> = text.chars().collect();
    if chars.is_empty() || chars.len() > 8 {
        return None;
    }
    if chars.iter().all(|c| chinese_digit(*c).is_some()) {
        return positional(&chars);
    }
    counting(&chars)
}

/// `０`–`９` to `0`–`9`; other characters unchanged.
fn fullwidth_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        _ => c,
    }
}

fn chinese_digit(c: char) -> Option<u32> {
    match c {
        '〇' | '零' | 'Ｏ' => Some(0),
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    }
}

/// Digits written one after another (`二〇` → 20, `一〇五` → 105); no leading zero.
fn positional(chars: &[char]) -> Option<u32> {
    if chars.len() > 4 || chinese_digit(chars[0]) == Some(0) {
        return None;
    }
    if chars.len() > 1 && !chars.iter().any(|c| matches!(c, '〇' | '零' | 'Ｏ')) {
        // `二三` is not a number a plan writes; only forms with a zero digit are positional.
        return None;
    }
    let n = chars
        .iter()
        .try_fold(0u32, |acc, c| Some(acc * 10 + chinese_digit(*c)?))?;
    (n > 0).then_some(n)
}

/// Counting form with 千, 百 and 十 (`十三`, `二十`, `一百零五`, `一百一十`, `两千零一`).
fn counting(chars: &[char]) -> Option<u32> {
    let mut total = 0u32;
    let mut digit: Option<u32> = None;
    let mut last_unit = u32::MAX;
    let mut zero_pending = false;
    for (i, c) in chars.iter().enumerate() {
        let unit = match c {
            '千' => 1000,
            '百' => 100,
            '十' => 10,
            _ => {
                let d = chinese_digit(*c)?;
                if digit.is_some() {
                    return None;
                }
                if d == 0 {
                    if zero_pending || i == 0 {
                        return None;
                    }
                    zero_pending = true;
                } else {
                    digit = Some(d);
                }
                continue;
            }
        };
        if unit >= last_unit {
            return None;
        }
        // A bare `十` at the start means 10; `百` and `千` need their digit.
        let d = match digit.take() {
            Some(d) => d,
            None if unit == 10 && i == 0 => 1,
            None if unit == 10 && zero_pending => 1,
            None => return None,
        };
        total += d * unit;
        last_unit = unit;
        zero_pending = false;
    }
    if let Some(d) = digit {
        // `两百五` style (a digit after 百 without 十) is read as 250 only when no zero came.
        let scale = if last_unit != u32::MAX && last_unit > 10 && !zero_pending {
            last_unit / 10
        } else {
            1
        };
        total += d * scale;
    }
    (total > 0 && total <= MAX_NUMERAL).then_some(total)
}

/// Whether a fragment ends a sentence, so the next wrapped line starts a new line of the cell.
fn ends_sentence(fragment: &str) -> bool {
    fragment.chars().next_back().is_some_and(|c| {
        matches!(
            c,
            '。' | '；' | ';' | '！' | '!' | '？' | '?' | '.' | '：' | ':'
        )
    })
}

/// Whether a fragment opens with a label (`措施：`) or an enumerator (`3、`, `（1）`, `1.`).
fn starts_new_line(fragment: &str) -> bool {
    let head: String = fragment.chars().take(10).collect();
    if let Some(colon) = head.find('：') {
        let label = &head[..colon];
        if !label.is_empty() && !label.contains(['，', '、', '。']) {
            return true;
        }
    }
    let mut chars = fragment.chars();
    let first = chars.next();
    // `3、`, `二、`, `1.` open an item; `6.6万人` is a number, not an item.
    let digits_then = |sep: &[char]| {
        let after: Vec<char> = fragment
            .chars()
            .skip_while(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c))
            .take(2)
            .collect();
        first.is_some_and(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
            && after.first().is_some_and(|c| sep.contains(c))
            && !(after.first() == Some(&'.') && after.get(1).is_some_and(|c| c.is_ascii_digit()))
    };
    digits_then(&['、', '.', '．'])
        || (first == Some('（')
            && chars
                .next()
                .is_some_and(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c)))
}

/// Joins the wrapped lines of one table cell.
///
/// Word wraps inside a cell are not content: Chinese fragments join with nothing between
/// them, Latin words with a space. A newline is kept where a fragment ends a sentence or the
/// next one opens with a label or an enumerator.
pub fn join_cell<S: AsRef<str>>(fragments: &[S]) -> String {
    let mut out = String::new();
    for f in fragments {
        let f = clean(f.as_ref());
        if f.is_empty() {
            continue;
        }
        if !out.is_empty() {
            let last = out.chars().next_back();
            let first = f.chars().next();
            if ends_sentence(&out) || starts_new_line(&f) {
                out.push('\n');
            } else if last.is_some_and(|c| c.is_ascii_alphanumeric())
                && first.is_some_and(|c| c.is_ascii_alphanumeric())
            {
                out.push(' ');
            }
        }
        out.push_str(&f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_removes_word_junk_and_layout_spaces() {
        assert_eq!(clean(" 前\u{f020}言"), "前 言");
        assert_eq!(compact(" 前\u{f020}言 "), "前言");
        assert_eq!(clean("\u{a0}服务项目"), "服务项目");
        assert_eq!(clean("领  域"), "领域");
        assert_eq!(clean("覆盖率\u{f020}（%）"), "覆盖率（%）");
        assert_eq!(clean("覆盖率\u{f020}(%）"), "覆盖率(%）");
        assert_eq!(clean("国家《 “十四五”规划》"), "国家《“十四五”规划》");
        assert_eq!(clean("（ %）"), "（%）");
        assert_eq!(clean("收支平衡。 县级以上"), "收支平衡。县级以上");
        assert_eq!(
            clean("中共旺苍县委 旺苍县人民政府"),
            "中共旺苍县委 旺苍县人民政府"
        );
        assert_eq!(clean("\u{3000}\u{3000}——提升  "), "——提升");
        assert_eq!(clean("A4 paper  size"), "A4 paper size");
    }

    #[test]
    fn numerals_in_every_form_plans_write() {
        assert_eq!(numeral("一"), Some(1));
        assert_eq!(numeral("十"), Some(10));
        assert_eq!(numeral("十三"), Some(13));
        assert_eq!(numeral("二十"), Some(20));
        assert_eq!(numeral("九十九"), Some(99));
        assert_eq!(numeral("一百"), Some(100));
        assert_eq!(numeral("一百零五"), Some(105));
        assert_eq!(numeral("一百一十"), Some(110));
        assert_eq!(numeral("一百二十三"), Some(123));
        assert_eq!(numeral("两百"), Some(200));
        assert_eq!(numeral("两千零一"), Some(2001));
        assert_eq!(numeral("二〇"), Some(20));
        assert_eq!(numeral("一〇五"), Some(105));
        assert_eq!(numeral("一十"), Some(10));
        assert_eq!(numeral("12"), Some(12));
        assert_eq!(numeral("１３"), Some(13));
        assert_eq!(numeral("999"), Some(999));
        assert_eq!(numeral("9999"), Some(9999));
        assert_eq!(numeral("10000"), None);
        assert_eq!(numeral("0"), None);
        assert_eq!(numeral("零"), None);
        assert_eq!(numeral("〇五"), None);
        assert_eq!(numeral("二三"), None);
        assert_eq!(numeral("百"), None);
        assert_eq!(numeral("十十"), None);
        assert_eq!(numeral("一二十"), None);
        assert_eq!(numeral(""), None);
    }

    #[test]
    fn cells_join_cjk_wraps_without_newline() {
        assert_eq!(
            join_cell(&["义务教育阶段生均", "公用免费"]),
            "义务教育阶段生均公用免费"
        );
        assert_eq!(
            join_cell(&["目标人群", "覆盖率50%。"]),
            "目标人群覆盖率50%。"
        );
    }

    #[test]
    fn cells_keep_newlines_at_sentence_ends_and_labels() {
        assert_eq!(
            join_cell(&["保障标准：缴费。", "措施：参保。"]),
            "保障标准：缴费。\n措施：参保。"
        );
        assert_eq!(join_cell(&["甲补助。", "乙补助。"]), "甲补助。\n乙补助。");
        assert_eq!(
            join_cell(&["提供床位.", "3、继续推进"]),
            "提供床位.\n3、继续推进"
        );
        assert_eq!(
            join_cell(&["集中供养：400元。", "分散供养：300元。"]),
            "集中供养：400元。\n分散供养：300元。"
        );
        assert_eq!(join_cell(&["word", "wrap"]), "word wrap");
        assert_eq!(join_cell(&["参保人数", "6.6万人。"]), "参保人数6.6万人。");
    }
}
