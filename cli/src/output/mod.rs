//! Rendering records to stdout as a table, a wide table, JSON, JSON Lines or CSV. Data only:
//! messages go to stderr through [`note`]. Colour only on a terminal and never with NO_COLOR.

#![allow(
    clippy::print_stderr,
    reason = "this module is where workerctl writes its messages"
)]

pub(crate) mod view;

use std::io::{self, BufWriter, IsTerminal, Stdout, Write};

use comfy_table::{Attribute, Cell, ContentArrangement, Table, presets};
use serde::Serialize;

use crate::args::OutputFormat;
use crate::exit::CliError;

/// Something that renders as a row (tables) and as a JSON object (its serde form; CSV is the
/// same object flattened to one row, see [`csv_of`]).
pub(crate) trait Record: Serialize {
    /// Column names; `wide` includes every column.
    fn header(wide: bool) -> Vec<&'static str>;
    /// Table cells in the order of [`Record::header`].
    fn row(&self, wide: bool) -> Vec<String>;
    /// Extra tables shown after a single record in table form (an error history, say).
    fn sections(&self) -> Vec<Section> {
        Vec::new()
    }
}

/// A titled sub-table of a detail view.
pub(crate) struct Section {
    pub title: &'static str,
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

/// Whether colour is wanted on a stream.
pub(crate) fn colour_on(stream_is_terminal: bool, no_color_flag: bool) -> bool {
    stream_is_terminal
        && !no_color_flag
        && std::env::var_os("NO_COLOR").is_none()
        && std::env::var("TERM").map_or(true, |t| t != "dumb")
}

/// A message for people, on stderr.
pub(crate) fn note(message: impl AsRef<str>) {
    let _ = writeln!(io::stderr().lock(), "{}", message.as_ref());
}

/// How a table fits its width. Off a terminal, never wrap or cut: a script sees every
/// character. A terminal that reports zero columns (some CI pseudo-terminals, a serial console
/// before `stty cols`) has an unknown width, not a zero one: wrapping to it would print one
/// character per line, so such a table is not wrapped either.
fn arrangement(terminal: bool, width: Option<u16>) -> ContentArrangement {
    match width {
        Some(columns) if terminal && columns > 0 => ContentArrangement::Dynamic,
        _ => ContentArrangement::Disabled,
    }
}

pub(crate) struct Output {
    format: OutputFormat,
    colour: bool,
    terminal: bool,
    out: BufWriter<Stdout>,
    /// For streamed records: whether the CSV header was written.
    header_written: bool,
}

impl Output {
    pub(crate) fn new(format: OutputFormat, no_color: bool) -> Self {
        let terminal = io::stdout().is_terminal();
        Self {
            format,
            colour: colour_on(terminal, no_color),
            terminal,
            out: BufWriter::new(io::stdout()),
            header_written: false,
        }
    }

    fn table(&self, header: &[&str]) -> Table {
        let mut table = Table::new();
        table.load_style(presets::NOTHING);
        table.set_content_arrangement(arrangement(self.terminal, table.width()));
        table.set_header(header.iter().map(|h| {
            let cell = Cell::new(h);
            if self.colour {
                cell.add_attribute(Attribute::Bold)
            } else {
                cell
            }
        }));
        // kubectl's look: no leading blank, two spaces between columns.
        for column in table.column_iter_mut() {
            column.set_padding((0, 2));
        }
        table
    }

    fn write_table(&mut self, table: &Table) -> Result<(), CliError> {
        for line in table.to_string().lines() {
            writeln!(self.out, "{}", line.trim_end())?;
        }
        Ok(())
    }

    fn csv_rows(&mut self, header: Option<&[&str]>, rows: &[Vec<String>]) -> Result<(), CliError> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        let fail = |e: csv::Error| CliError::failed(format!("cannot write CSV: {e}"));
        if let Some(header) = header {
            writer.write_record(header).map_err(fail)?;
        }
        for row in rows {
            writer.write_record(row).map_err(fail)?;
        }
        let bytes = writer
            .into_inner()
            .map_err(|e| CliError::failed(format!("cannot write CSV: {e}")))?;
        self.out.write_all(&bytes)?;
        Ok(())
    }

    /// The format asked for, for commands whose JSON object differs from their table.
    pub(crate) fn format(&self) -> OutputFormat {
        self.format
    }

    /// A list of records.
    pub(crate) fn list<T: Record>(&mut self, items: &[T]) -> Result<(), CliError> {
        match self.format {
            OutputFormat::Table | OutputFormat::Wide => {
                let wide = self.format == OutputFormat::Wide;
                let mut table = self.table(&T::header(wide));
                for item in items {
                    table.add_row(item.row(wide));
                }
                self.write_table(&table)?;
            }
            OutputFormat::Json => {
                serde_json::to_writer_pretty(&mut self.out, items).map_err(json_err)?;
                writeln!(self.out)?;
            }
            OutputFormat::Jsonl => {
                for item in items {
                    serde_json::to_writer(&mut self.out, item).map_err(json_err)?;
                    writeln!(self.out)?;
                }
            }
            OutputFormat::Csv => {
                let mut header = None;
                let mut rows = Vec::with_capacity(items.len());
                for item in items {
                    let (keys, row) = csv_of(item)?;
                    header.get_or_insert(keys);
                    rows.push(row);
                }
                let header: Option<Vec<&str>> = header
                    .as_ref()
                    .map(|h| h.iter().map(String::as_str).collect());
                self.csv_rows(header.as_deref(), &rows)?;
            }
        }
        self.flush()
    }

    /// One record: a two-column table of fields (plus its sections), a JSON object, one JSON
    /// line, or a CSV header and row.
    pub(crate) fn item<T: Record>(&mut self, item: &T) -> Result<(), CliError> {
        match self.format {
            OutputFormat::Table | OutputFormat::Wide => {
                let mut table = self.table(&["FIELD", "VALUE"]);
                for (name, value) in T::header(true).into_iter().zip(item.row(true)) {
                    table.add_row(vec![name.to_string(), value]);
                }
                self.write_table(&table)?;
                for section in item.sections() {
                    writeln!(self.out)?;
                    writeln!(self.out, "{}:", section.title)?;
                    let mut table = self.table(&section.header);
                    for row in section.rows {
                        table.add_row(row);
                    }
                    self.write_table(&table)?;
                }
            }
            OutputFormat::Json => {
                serde_json::to_writer_pretty(&mut self.out, item).map_err(json_err)?;
                writeln!(self.out)?;
            }
            OutputFormat::Jsonl => {
                serde_json::to_writer(&mut self.out, item).map_err(json_err)?;
                writeln!(self.out)?;
            }
            OutputFormat::Csv => {
                let (keys, row) = csv_of(item)?;
                let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
                self.csv_rows(Some(&keys), &[row])?;
            }
        }
        self.flush()
    }

    /// One record of a stream: a table line, a JSON line (json and jsonl alike), or a CSV row
    /// (the header before the first).
    pub(crate) fn stream<T: Record>(&mut self, item: &T) -> Result<(), CliError> {
        match self.format {
            OutputFormat::Table | OutputFormat::Wide => {
                let wide = self.format == OutputFormat::Wide;
                writeln!(self.out, "{}", item.row(wide).join("  ").trim_end())?;
            }
            OutputFormat::Json | OutputFormat::Jsonl => {
                serde_json::to_writer(&mut self.out, item).map_err(json_err)?;
                writeln!(self.out)?;
            }
            OutputFormat::Csv => {
                let (keys, row) = csv_of(item)?;
                let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
                let header = (!self.header_written).then_some(keys.as_slice());
                self.header_written = true;
                self.csv_rows(header, &[row])?;
            }
        }
        self.flush()
    }

    pub(crate) fn flush(&mut self) -> Result<(), CliError> {
        self.out.flush()?;
        Ok(())
    }
}

/// A record's CSV header and row: its JSON object's keys, in the order the JSON writes them,
/// and the same values (text as it is, null as empty, numbers and booleans as JSON writes
/// them, nested objects and lists as compact JSON). So `-o csv` and `-o json` cannot differ.
pub(crate) fn csv_of<T: Serialize>(item: &T) -> Result<(Vec<String>, Vec<String>), CliError> {
    let text = serde_json::to_string(item).map_err(json_err)?;
    let fields: JsonFields = serde_json::from_str(&text).map_err(json_err)?;
    Ok(fields
        .0
        .into_iter()
        .map(|(key, value)| {
            let cell = match value {
                serde_json::Value::String(text) => text,
                serde_json::Value::Null => String::new(),
                other => other.to_string(),
            };
            (key, cell)
        })
        .unzip())
}

/// A JSON object's fields in their written order (`serde_json::Map` would sort them).
struct JsonFields(Vec<(String, serde_json::Value)>);

impl<'de> serde::Deserialize<'de> for JsonFields {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Fields;
        impl<'de> serde::de::Visitor<'de> for Fields {
            type Value = JsonFields;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<JsonFields, A::Error> {
                let mut out = Vec::new();
                while let Some(field) = map.next_entry::<String, serde_json::Value>()? {
                    out.push(field);
                }
                Ok(JsonFields(out))
            }
        }
        d.deserialize_map(Fields)
    }
}

fn json_err(err: serde_json::Error) -> CliError {
    match err.io_error_kind() {
        Some(kind) => CliError::io(io::Error::from(kind)),
        None => CliError::failed(format!("cannot write JSON: {err}")),
    }
}

#[cfg(test)]
mod arrangement_tests {
    use super::*;

    #[test]
    fn zero_columns_is_an_unknown_width_not_one_character_per_line() {
        let dynamic =
            |terminal, width| matches!(arrangement(terminal, width), ContentArrangement::Dynamic);
        assert!(!dynamic(true, Some(0)));
        assert!(!dynamic(true, None));
        assert!(!dynamic(false, Some(120)));
        assert!(dynamic(true, Some(120)));

        // A table given zero columns as its width keeps every cell on one line.
        let mut table = Table::new();
        table.load_style(presets::NOTHING);
        table.set_width(0);
        table.set_content_arrangement(arrangement(true, table.width()));
        table.set_header(["NAME", "STATE"]);
        table.add_row(["default", "running"]);
        let text = table.to_string();
        assert_eq!(text.lines().count(), 2, "{text}");
        assert!(text.contains("default"), "{text}");
    }
}
