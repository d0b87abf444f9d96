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

/// Value of a Chinese numeral from 1 to 99 (`四` → 4, `十三` → 13, `二十` → 20), or of ASCII
/// digits from 1 to 999 (`专栏120`: numbered boxes can outrun the chapters' 99).
pub fn numeral(text: &str) -> Option<u32> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().ok().filter(|n| *n > 0 && *n < 1000);
    }
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32)
    };
    let chars: Vec<char> = text.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [d] => digit(*d).filter(|n| *n > 0),
        ['十', u] => digit(*u).filter(|n| *n > 0).map(|u| 10 + u),
        [t, '十'] => digit(*t).filter(|n| *n > 1).map(|t| t * 10),
        [t, '十', u] => {
            let t = digit(*t).filter(|n| *n > 1)?;
            let u = digit(*u).filter(|n| *n > 0)?;
            Some(t * 10 + u)
        }
        _ => None,
    }
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
    fn numerals_chinese_up_to_99_ascii_up_to_999() {
        assert_eq!(numeral("一"), Some(1));
        assert_eq!(numeral("十"), Some(10));
        assert_eq!(numeral("十三"), Some(13));
        assert_eq!(numeral("二十"), Some(20));
        assert_eq!(numeral("九十九"), Some(99));
        assert_eq!(numeral("12"), Some(12));
        assert_eq!(numeral("999"), Some(999));
        assert_eq!(numeral("1000"), None);
        assert_eq!(numeral("0"), None);
        assert_eq!(numeral("零"), None);
        assert_eq!(numeral("一十"), None);
        assert_eq!(numeral("百"), None);
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
