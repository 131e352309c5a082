//! `findings.csv`: one finding a row, UTF-8 with a byte order mark so that
//! Excel and WPS detect the encoding, CRLF line ends, quoted as needed.

use super::model::Model;

pub const HEADER: [&str; 10] = [
    "文件",
    "公文标题",
    "发文字号",
    "规则",
    "类别",
    "严重级别",
    "行",
    "列",
    "问题文本",
    "说明",
];

pub fn render(m: &Model) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    w.write_record(HEADER).expect("writing to memory");
    for row in &m.rows {
        let f = row.finding;
        w.write_record([
            row.path(),
            row.title(),
            row.doc_number(),
            &f.rule.id,
            f.category().label(),
            f.severity.label(),
            &row.line.to_string(),
            &row.column.to_string(),
            row.text,
            &f.message,
        ])
        .expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}
