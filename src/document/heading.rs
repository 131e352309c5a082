//! Heading markers of the body's outline: `一、` → `（一）` → `1.` → `（1）`.

/// Outline level, in the standard nesting order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// `一、`
    One = 1,
    /// `（一）`
    Two = 2,
    /// `1.` / `1．` / `1、`
    Three = 3,
    /// `（1）`
    Four = 4,
}

/// A heading marker at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub level: Level,
    pub number: u32,
    /// Byte length of the marker (leading whitespace excluded).
    pub len: usize,
    /// Byte offset of the marker within the line (after leading whitespace).
    pub offset: usize,
    /// The marker uses half-width brackets or a half-width stop variant.
    pub half_width: bool,
}

/// Value of a Chinese numeral from 一 to 九十九 (also 〇/零 inside).
pub fn chinese_number(s: &str) -> Option<u32> {
    let digit = |c: char| {
        "〇一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32)
            .or(if c == '零' || c == '○' {
                Some(0)
            } else {
                None
            })
            .or(if c == '两' { Some(2) } else { None })
    };
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [] => None,
        ['十'] => Some(10),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        [u] => digit(*u).filter(|&d| d > 0),
        _ => None,
    }
}

const CN_DIGITS: &str = "一二三四五六七八九十";

fn take_while_in<'a>(s: &'a str, set: &str) -> &'a str {
    let end = s
        .char_indices()
        .find(|&(_, c)| !set.contains(c))
        .map(|(i, _)| i)
        .unwrap_or(s.len());
    &s[..end]
}

fn take_digits(s: &str) -> &str {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    &s[..end]
}

/// The heading marker at the start of `line`, if any. Leading spaces,
/// full-width spaces and markdown `#` are skipped.
pub fn marker(line: &str) -> Option<Marker> {
    let rest = line.trim_start_matches(|c: char| c.is_whitespace() || c == '#');
    let offset = line.len() - rest.len();
    let found = level_one(rest)
        .or_else(|| bracketed(rest))
        .or_else(|| level_three(rest))?;
    let (level, number, len, half_width) = found;
    Some(Marker {
        level,
        number,
        len,
        offset,
        half_width,
    })
}

fn level_one(s: &str) -> Option<(Level, u32, usize, bool)> {
    let num = take_while_in(s, CN_DIGITS);
    let after = &s[num.len()..];
    let n = chinese_number(num)?;
    let sep = after.chars().next()?;
    match sep {
        '、' => Some((Level::One, n, num.len() + sep.len_utf8(), false)),
        // `一.` / `一，` are misprints of `一、`, still level one.
        '.' | '．' | ',' | '，' => Some((Level::One, n, num.len() + sep.len_utf8(), true)),
        _ => None,
    }
}

fn bracketed(s: &str) -> Option<(Level, u32, usize, bool)> {
    let open = s.chars().next()?;
    if open != '（' && open != '(' {
        return None;
    }
    let inner_start = open.len_utf8();
    let inner = &s[inner_start..];
    let inner = inner.trim_start_matches(' ');
    let pad = s.len() - inner_start - inner.len();
    let (level, num) = match take_digits(inner) {
        "" => (Level::Two, take_while_in(inner, CN_DIGITS)),
        d => (Level::Four, d),
    };
    let n = if level == Level::Two {
        chinese_number(num)?
    } else {
        num.parse().ok()?
    };
    let after = &inner[num.len()..];
    let after_trim = after.trim_start_matches(' ');
    let close = after_trim.chars().next()?;
    if close != '）' && close != ')' {
        return None;
    }
    let len = inner_start + pad + num.len() + (after.len() - after_trim.len()) + close.len_utf8();
    Some((level, n, len, open == '(' || close == ')'))
}

fn level_three(s: &str) -> Option<(Level, u32, usize, bool)> {
    let num = take_digits(s);
    if num.is_empty() || num.len() > 3 {
        return None;
    }
    let after = &s[num.len()..];
    let sep = after.chars().next()?;
    let half = match sep {
        '．' | '、' => false,
        '.' => true,
        _ => return None,
    };
    // `1.5亿元` is a number, not a heading.
    if sep == '.' || sep == '．' {
        if after[sep.len_utf8()..].starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
    }
    Some((
        Level::Three,
        num.parse().ok()?,
        num.len() + sep.len_utf8(),
        half,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbers() {
        assert_eq!(chinese_number("一"), Some(1));
        assert_eq!(chinese_number("十"), Some(10));
        assert_eq!(chinese_number("十二"), Some(12));
        assert_eq!(chinese_number("二十"), Some(20));
        assert_eq!(chinese_number("二十三"), Some(23));
        assert_eq!(chinese_number("二二"), None);
    }

    #[test]
    fn four_levels() {
        let m = marker("一、指导思想").unwrap();
        assert_eq!((m.level, m.number, m.len), (Level::One, 1, "一、".len()));
        let m = marker("（十二）健全机制").unwrap();
        assert_eq!((m.level, m.number), (Level::Two, 12));
        let m = marker("3.加强宣传").unwrap();
        assert_eq!((m.level, m.number, m.half_width), (Level::Three, 3, true));
        let m = marker("(2) 将健康教育").unwrap();
        assert_eq!((m.level, m.number, m.half_width), (Level::Four, 2, true));
        let m = marker("### 二、主要任务").unwrap();
        assert_eq!((m.level, m.number, m.offset), (Level::One, 2, 4));
    }

    #[test]
    fn not_markers() {
        assert!(marker("1.5亿元用于").is_none());
        assert!(marker("一是加强领导").is_none());
        assert!(marker("2014年").is_none());
        assert!(marker("（此件公开发布）").is_none());
    }
}
