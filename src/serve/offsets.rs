//! Byte offsets (what spans are made of) → UTF-16 code units (what a
//! JavaScript string is indexed by). Characters outside the Basic
//! Multilingual Plane — rare CJK extension characters in names — count two.

/// UTF-16 offsets of the byte offsets `wanted` (any order, each on a
/// character boundary of `text` or at its end), in one pass over the text.
pub fn utf16_offsets(text: &str, wanted: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..wanted.len()).collect();
    order.sort_by_key(|&i| wanted[i]);
    let mut out = vec![0; wanted.len()];
    let mut units = 0;
    let mut chars = text.char_indices().peekable();
    for i in order {
        let target = wanted[i].min(text.len());
        while let Some(&(b, c)) = chars.peek() {
            if b >= target {
                break;
            }
            units += c.len_utf16();
            chars.next();
        }
        out[i] = units;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bmp_and_astral() {
        // 𠀀 (U+20000) is 4 bytes in UTF-8 and 2 units in UTF-16.
        let text = "a通𠀀知";
        let bytes = [0, 1, 4, 8, 11, 4];
        assert_eq!(utf16_offsets(text, &bytes), vec![0, 1, 2, 4, 5, 2]);
    }
}
