//! Readers that turn inputs into documents: a whole file, one message per line, or one JSON
//! object per line. A record that cannot be read becomes an error item, so that every input
//! record yields exactly one output record, in order. Memory is bounded by the longest line.

use crate::report::Source;
use serde_json::Value;
use std::io::BufRead;

/// One document to classify, or why it could not be read.
#[derive(Debug)]
pub struct Item {
    /// The id reported in the output.
    pub id: Value,
    /// Where it came from.
    pub source: Source,
    /// The text bytes, or an error message.
    pub body: Result<Vec<u8>, String>,
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

/// Iterate over the records of `reader` (named `path` in sources and messages).
pub fn records<R: BufRead>(reader: R, path: String, layout: Layout) -> Records<R> {
    Records {
        reader,
        path,
        layout,
        line: 0,
        buf: Vec::new(),
        done: false,
    }
}

/// Iterator over records; see [`records`].
pub struct Records<R> {
    reader: R,
    path: String,
    layout: Layout,
    line: u64,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> Iterator for Records<R> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if self.done {
                return None;
            }
            self.buf.clear();
            let n = match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(n) => n,
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
            return Some(match &self.layout {
                Layout::Lines => Item {
                    id: line_id,
                    source,
                    body: Ok(bytes.to_vec()),
                },
                Layout::Jsonl {
                    text_field,
                    id_field,
                } => {
                    let at = format!("{}:{}", self.path, self.line);
                    match parse_jsonl(bytes, text_field, id_field) {
                        Ok((id, text)) => Item {
                            id: id.unwrap_or(line_id),
                            source,
                            body: Ok(text),
                        },
                        Err((id, msg)) => Item {
                            id: id.unwrap_or(line_id),
                            source,
                            body: Err(format!("{at}: {msg}")),
                        },
                    }
                }
            });
        }
    }
}

type Parsed = Result<(Option<Value>, Vec<u8>), (Option<Value>, String)>;

fn parse_jsonl(bytes: &[u8], text_field: &str, id_field: &str) -> Parsed {
    let v: Value =
        serde_json::from_slice(bytes).map_err(|e| (None, format!("invalid JSON: {e}")))?;
    if !v.is_object() {
        return Err((None, "expected a JSON object".to_string()));
    }
    let id = get_path(&v, id_field).filter(|x| !x.is_null()).cloned();
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
}
