//! Readers that turn inputs into documents: a whole file, one message per line, one JSON
//! object per line, or one CSV row. A record that cannot be read becomes an error item, so
//! that every input record yields exactly one output record, in order.
//!
//! # Resource usage
//! Memory is bounded by `max_record_bytes` per record plus the reader's buffer: a longer
//! line is cut at the limit (the rest is skipped, not buffered). Compressed inputs (`.gz`,
//! `.zst`, recognised by their magic bytes) are decompressed on the fly.

use crate::report::Source;
use serde_json::Value;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

/// Default limit on one record's text, in bytes.
pub const DEFAULT_MAX_RECORD_BYTES: usize = 1 << 20;

/// One document to classify, or why it could not be read.
#[derive(Debug)]
pub struct Item {
    /// The id reported in the output.
    pub id: Value,
    /// Where it came from.
    pub source: Source,
    /// The text bytes, or an error message.
    pub body: Result<Vec<u8>, String>,
    /// The record was longer than the limit and was cut (its length in bytes).
    pub truncated_from: Option<u64>,
    /// Input bytes this record took (line, row or document), for throughput figures.
    pub raw_bytes: u64,
}

/// How records are laid out in a stream.
#[derive(Debug, Clone)]
pub enum Layout {
    /// One message per non-empty line.
    Lines,
    /// One JSON object per line; fields are dotted paths.
    Jsonl {
        /// Path of the text field.
        text_field: String,
        /// Path of the id field.
        id_field: String,
    },
}

/// Look up a dotted path (`message.body`) in a JSON value. A key containing dots is found
/// too when it exists as a whole.
pub fn get_path<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    if let Some(x) = v.get(path) {
        return Some(x);
    }
    let mut cur = v;
    for part in path.split('.') {
        cur = match cur {
            Value::Object(m) => m.get(part)?,
            Value::Array(a) => a.get(part.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur)
}

/// A buffered input stream.
pub type Input = BufReader<Box<dyn Read + Send>>;

/// Open `path` (`-` for standard input), decompressing gzip and zstd by their magic bytes.
///
/// # Errors
/// When the file cannot be opened or is a directory.
pub fn open(path: &Path) -> io::Result<Input> {
    let raw: Box<dyn Read + Send> = if path.as_os_str() == "-" {
        Box::new(io::stdin())
    } else {
        if path.is_dir() {
            return Err(io::Error::other("is a directory"));
        }
        Box::new(std::fs::File::open(path)?)
    };
    let mut probe = BufReader::with_capacity(1 << 16, raw);
    let head = probe.fill_buf()?;
    let inner: Box<dyn Read + Send> = if head.starts_with(&[0x1f, 0x8b]) {
        Box::new(flate2::bufread::MultiGzDecoder::new(probe))
    } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        Box::new(zstd::stream::read::Decoder::with_buffer(probe)?)
    } else {
        Box::new(probe)
    };
    Ok(BufReader::with_capacity(1 << 20, inner))
}

/// Read a whole document, keeping at most `max` bytes. Returns the bytes and, when the
/// document was longer, its full length.
///
/// # Errors
/// On read errors.
pub fn read_document(mut input: impl Read, max: usize) -> io::Result<(Vec<u8>, Option<u64>)> {
    let mut buf = Vec::new();
    input.by_ref().take(max as u64).read_to_end(&mut buf)?;
    let rest = io::copy(&mut input, &mut io::sink())?;
    Ok(if rest > 0 {
        (buf, Some(max as u64 + rest))
    } else {
        (buf, None)
    })
}

/// Iterate over the records of `reader` (named `path` in sources and messages).
pub fn records<R: BufRead>(reader: R, path: String, layout: Layout) -> Records<R> {
    Records {
        reader,
        path,
        layout,
        line: 0,
        buf: Vec::new(),
        done: false,
        max: DEFAULT_MAX_RECORD_BYTES,
    }
}

/// Iterator over line-based records; see [`records`].
pub struct Records<R> {
    reader: R,
    path: String,
    layout: Layout,
    line: u64,
    buf: Vec<u8>,
    done: bool,
    max: usize,
}

impl<R> Records<R> {
    /// Keep at most `max` bytes of each line.
    pub fn max_record_bytes(mut self, max: usize) -> Self {
        self.max = max.max(1);
        self
    }

    /// The underlying reader.
    pub fn reader(&self) -> &R {
        &self.reader
    }
}

impl<R: BufRead> Records<R> {
    /// Read one line into `self.buf`, keeping at most `self.max` bytes (plus the newline).
    /// Returns the bytes consumed, and the full length when the line was cut.
    fn read_line(&mut self) -> io::Result<(usize, Option<u64>)> {
        self.buf.clear();
        let mut consumed = 0usize;
        let mut full: u64 = 0;
        let mut newline = false;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                break;
            }
            let (chunk, found) = match available.iter().position(|&b| b == b'\n') {
                Some(i) => (&available[..=i], true),
                None => (available, false),
            };
            let room = (self.max + 1).saturating_sub(self.buf.len());
            self.buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
            let n = chunk.len();
            full += n as u64;
            consumed += n;
            self.reader.consume(n);
            if found {
                newline = true;
                break;
            }
        }
        let content = full - u64::from(newline);
        let cut = (content > self.max as u64).then_some(content);
        if cut.is_some() {
            self.buf.truncate(self.max);
        }
        Ok((consumed, cut))
    }
}

impl<R: BufRead> Iterator for Records<R> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if self.done {
                return None;
            }
            let (n, cut) = match self.read_line() {
                Ok(x) => x,
                Err(e) => {
                    self.done = true;
                    self.line += 1;
                    return Some(Item {
                        id: Value::from(self.line),
                        source: Source {
                            path: self.path.clone(),
                            line: Some(self.line),
                        },
                        body: Err(format!("{}:{}: read error: {e}", self.path, self.line)),
                        truncated_from: None,
                        raw_bytes: 0,
                    });
                }
            };
            if n == 0 {
                self.done = true;
                return None;
            }
            self.line += 1;
            let mut bytes: &[u8] = &self.buf;
            while let [rest @ .., b'\n' | b'\r'] = bytes {
                bytes = rest;
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let source = Source {
                path: self.path.clone(),
                line: Some(self.line),
            };
            let line_id = Value::from(self.line);
            let at = format!("{}:{}", self.path, self.line);
            return Some(match &self.layout {
                Layout::Lines => Item {
                    id: line_id,
                    source,
                    body: Ok(bytes.to_vec()),
                    truncated_from: cut,
                    raw_bytes: n as u64,
                },
                Layout::Jsonl { .. } if cut.is_some() => Item {
                    id: line_id,
                    source,
                    body: Err(format!(
                        "{at}: JSON line of {} bytes exceeds --max-record-bytes ({})",
                        cut.unwrap_or_default(),
                        self.max
                    )),
                    truncated_from: None,
                    raw_bytes: n as u64,
                },
                Layout::Jsonl {
                    text_field,
                    id_field,
                } => match parse_jsonl(bytes, text_field, id_field) {
                    Ok((id, text)) => {
                        let (text, cut) = cap(text, self.max);
                        Item {
                            id: id.unwrap_or(line_id),
                            source,
                            body: Ok(text),
                            truncated_from: cut,
                            raw_bytes: n as u64,
                        }
                    }
                    Err((id, msg)) => Item {
                        id: id.unwrap_or(line_id),
                        source,
                        body: Err(format!("{at}: {msg}")),
                        truncated_from: None,
                        raw_bytes: n as u64,
                    },
                },
            });
        }
    }
}

/// Cut `text` to `max` bytes; returns the original length when it was cut.
fn cap(mut text: Vec<u8>, max: usize) -> (Vec<u8>, Option<u64>) {
    if text.len() > max {
        let full = text.len() as u64;
        text.truncate(max);
        (text, Some(full))
    } else {
        (text, None)
    }
}

type Parsed = Result<(Option<Value>, Vec<u8>), (Option<Value>, String)>;

fn parse_jsonl(bytes: &[u8], text_field: &str, id_field: &str) -> Parsed {
    // Validating with simdutf8 first lets serde_json skip its own, much slower, check;
    // invalid UTF-8 goes the slow way for serde_json's error message.
    let parsed = match simdutf8::basic::from_utf8(bytes) {
        Ok(s) => serde_json::from_str(s),
        Err(_) => serde_json::from_slice(bytes),
    };
    let mut v: Value = parsed.map_err(|e| (None, format!("invalid JSON: {e}")))?;
    if !v.is_object() {
        return Err((None, format!("expected a JSON object, found {}", kind(&v))));
    }
    let id = get_path(&v, id_field).filter(|x| !x.is_null()).cloned();
    // A whole top-level key, as `get_path` tries first: the text is moved out, not copied.
    if let Some(Value::String(s)) = v.get_mut(text_field) {
        return Ok((id, std::mem::take(s).into_bytes()));
    }
    match get_path(&v, text_field) {
        Some(Value::String(s)) => Ok((id, s.clone().into_bytes())),
        Some(other) => Err((
            id,
            format!(
                "field `{text_field}` is not a string (found {})",
                kind(other)
            ),
        )),
        None => Err((id, format!("missing field `{text_field}`"))),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// CSV records with a header row; `text_field` and `id_field` name columns.
pub struct CsvRecords<R: Read> {
    reader: csv::Reader<R>,
    path: String,
    text_col: Result<usize, String>,
    id_col: Option<usize>,
    record: csv::ByteRecord,
    index: u64,
    max: usize,
    done: bool,
}

/// Iterate over the rows of a CSV stream with a header row.
pub fn csv_records<R: Read>(
    input: R,
    path: String,
    text_field: &str,
    id_field: &str,
    max: usize,
) -> CsvRecords<R> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(input);
    let headers = reader.byte_headers().cloned();
    let (text_col, id_col) = match headers {
        Ok(h) => {
            let find = |name: &str| h.iter().position(|c| c == name.as_bytes());
            let text_col = find(text_field).ok_or_else(|| {
                let names: Vec<String> = h
                    .iter()
                    .map(|c| String::from_utf8_lossy(c).into_owned())
                    .collect();
                format!(
                    "{path}:1: no column `{text_field}` in the header (columns: {})",
                    names.join(", ")
                )
            });
            (text_col, find(id_field))
        }
        Err(e) => (
            Err(format!("{path}:1: cannot read the CSV header: {e}")),
            None,
        ),
    };
    CsvRecords {
        reader,
        path,
        text_col,
        id_col,
        record: csv::ByteRecord::new(),
        index: 0,
        max: max.max(1),
        done: false,
    }
}

impl<R: Read> Iterator for CsvRecords<R> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        if self.done {
            return None;
        }
        let text_col = match &self.text_col {
            Ok(c) => *c,
            Err(msg) => {
                // One error record for the whole file: its rows cannot be read.
                self.done = true;
                return Some(Item {
                    id: Value::from(self.path.clone()),
                    source: Source {
                        path: self.path.clone(),
                        line: Some(1),
                    },
                    body: Err(msg.clone()),
                    truncated_from: None,
                    raw_bytes: 0,
                });
            }
        };
        let before = self.reader.position().byte();
        let result = self.reader.read_byte_record(&mut self.record);
        let raw = self.reader.position().byte().saturating_sub(before);
        match result {
            Ok(false) => {
                self.done = true;
                None
            }
            Ok(true) => {
                self.index += 1;
                let line = self.record.position().map_or(self.index + 1, |p| p.line());
                let source = Source {
                    path: self.path.clone(),
                    line: Some(line),
                };
                let id = self
                    .id_col
                    .and_then(|c| self.record.get(c))
                    .map(|v| Value::from(String::from_utf8_lossy(v).into_owned()))
                    .unwrap_or_else(|| Value::from(line));
                Some(match self.record.get(text_col) {
                    Some(text) => {
                        let (text, cut) = cap(text.to_vec(), self.max);
                        Item {
                            id,
                            source,
                            body: Ok(text),
                            truncated_from: cut,
                            raw_bytes: raw,
                        }
                    }
                    None => Item {
                        id,
                        source,
                        body: Err(format!(
                            "{}:{line}: row has {} fields, no column {}",
                            self.path,
                            self.record.len(),
                            text_col + 1
                        )),
                        truncated_from: None,
                        raw_bytes: raw,
                    },
                })
            }
            Err(e) => {
                self.index += 1;
                let line = e.position().map_or(self.index + 1, |p| p.line());
                // An I/O error or a broken quote ends the file; a bad row does not.
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    self.done = true;
                }
                Some(Item {
                    id: Value::from(line),
                    source: Source {
                        path: self.path.clone(),
                        line: Some(line),
                    },
                    body: Err(format!("{}:{line}: {e}", self.path)),
                    truncated_from: None,
                    raw_bytes: raw,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jsonl(input: &str) -> Vec<Item> {
        let layout = Layout::Jsonl {
            text_field: "text".into(),
            id_field: "id".into(),
        };
        records(input.as_bytes(), "t.jsonl".into(), layout).collect()
    }

    #[test]
    fn every_record_yields_one_item_in_order() {
        let items = jsonl(
            "{\"id\":\"a\",\"text\":\"x\"}\n\nnot json\n[1]\n{\"text\":5}\n{\"text\":\"y\"}\r\n",
        );
        assert_eq!(items.len(), 5);
        assert_eq!(items[0].id, Value::from("a"));
        assert!(
            items[1]
                .body
                .as_ref()
                .unwrap_err()
                .starts_with("t.jsonl:3: invalid JSON")
        );
        assert!(
            items[2]
                .body
                .as_ref()
                .unwrap_err()
                .contains("expected a JSON object")
        );
        assert!(items[3].body.as_ref().unwrap_err().contains("not a string"));
        assert_eq!(items[4].id, Value::from(6));
        assert_eq!(items[4].body.as_ref().unwrap(), b"y");
    }

    #[test]
    fn dotted_paths() {
        let v: Value = serde_json::from_str(r#"{"message":{"body":"hi"},"a.b":1}"#).unwrap();
        assert_eq!(get_path(&v, "message.body"), Some(&Value::from("hi")));
        assert_eq!(get_path(&v, "a.b"), Some(&Value::from(1)));
        assert_eq!(get_path(&v, "message.x"), None);
    }

    #[test]
    fn lines_skip_blank_and_keep_invalid_utf8() {
        let items: Vec<Item> =
            records(&b"one\r\n\n  \n\xff two\n"[..], "-".into(), Layout::Lines).collect();
        assert_eq!(items.len(), 2);
        assert_eq!(items[1].id, Value::from(4));
        assert_eq!(items[1].body.as_ref().unwrap(), b"\xff two");
    }

    #[test]
    fn long_lines_are_cut_without_buffering_them() {
        let mut input = vec![b'a'; 5000];
        input.extend_from_slice(b"\nshort\n");
        let items: Vec<Item> = records(
            BufReader::with_capacity(64, &input[..]),
            "-".into(),
            Layout::Lines,
        )
        .max_record_bytes(100)
        .collect();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].body.as_ref().unwrap().len(), 100);
        assert_eq!(items[0].truncated_from, Some(5000));
        assert_eq!(items[1].body.as_ref().unwrap(), b"short");
        assert_eq!(items[1].truncated_from, None);
    }

    #[test]
    fn csv_rows_with_quotes_ragged_rows_and_missing_columns() {
        let data = "id,text,x\n1,\"xin chào\nhai dòng\",z\n2\n3,\"kết thúc\"\n";
        let items: Vec<Item> =
            csv_records(data.as_bytes(), "t.csv".into(), "text", "id", 100).collect();
        assert_eq!(items.len(), 3);
        assert_eq!(items[0].id, Value::from("1"));
        assert_eq!(
            items[0].body.as_ref().unwrap(),
            "xin chào\nhai dòng".as_bytes()
        );
        assert!(
            items[1].body.as_ref().unwrap_err().contains("t.csv:4"),
            "{:?}",
            items[1].body
        );
        assert_eq!(items[2].body.as_ref().unwrap(), "kết thúc".as_bytes());
        let bad: Vec<Item> =
            csv_records(data.as_bytes(), "t.csv".into(), "body", "id", 100).collect();
        assert_eq!(bad.len(), 1);
        assert!(
            bad[0]
                .body
                .as_ref()
                .unwrap_err()
                .contains("no column `body`")
        );
    }

    #[test]
    fn gzip_and_zstd_are_recognised_by_magic() {
        use std::io::Write;
        let dir = std::env::temp_dir().join(format!("canhgiac-batch-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let gz = dir.join("a.txt.gz");
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(b"xin chao\n").unwrap();
        std::fs::write(&gz, enc.finish().unwrap()).unwrap();
        let zs = dir.join("a.zst");
        std::fs::write(&zs, zstd::encode_all(&b"xin chao\n"[..], 1).unwrap()).unwrap();
        for p in [gz, zs] {
            let mut s = String::new();
            open(&p).unwrap().read_to_string(&mut s).unwrap();
            assert_eq!(s, "xin chao\n");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
