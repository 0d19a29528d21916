//! `jiangbu schema POLICY`: the record template a bureau sends out to collect data.

use std::fmt::Write as _;
use std::path::PathBuf;

use serde_json::{json, Value};

use super::usage::{refuse, usage_lang};
use super::{load, output_failed, DiagArgs, Diagnostics, Exit, Usage};
use crate::data::template::{describe, note};
use crate::eval::plan::Plan;
use crate::output::Output;
use crate::schema::FieldType;
use crate::syntax::keywords::Lang;

/// Formats of `jiangbu schema`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaFormat {
    /// A CSV header row (with `--labels`, a second row of labels, types and units).
    Csv,
    /// A JSON Schema of one record.
    Json,
}

/// Arguments of `jiangbu schema`.
#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// The policy file (`-`: standard input).
    pub policy: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SchemaFormat::Csv)]
    pub format: SchemaFormat,
    /// Write the template to a file instead of standard output (`-`: standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// With `--format csv`: add a second row describing each column (label, type, unit).
    #[arg(long)]
    pub labels: bool,
    /// Language and format of diagnostics.
    #[command(flatten)]
    pub diag: DiagArgs,
}

/// Print the record template of a policy.
pub fn schema(args: &SchemaArgs, diags: &Diagnostics) -> Exit {
    let diags = &diags.with_args(&args.diag);
    if args.labels && args.format != SchemaFormat::Csv {
        let usage = Usage::NotForFormat {
            flag: "--labels",
            needs: "--format csv",
        };
        return refuse(usage, diags, usage_lang(diags, &args.policy));
    }
    let Some(plan) = load(&args.policy, diags) else {
        return Exit::Failed;
    };
    let lang = diags.lang(Some(plan.lang));
    let out = match args.format {
        SchemaFormat::Csv => csv(&plan, args.labels, lang),
        SchemaFormat::Json => json_schema(&plan, lang),
    };
    let written = Output::to(args.output.as_deref(), &[args.policy.as_path()])
        .and_then(|o| o.write_all(out.as_bytes()));
    match written {
        Ok(()) => Exit::Ok,
        Err(error) => output_failed(error, diags, lang),
    }
}

fn csv_row(cells: impl Iterator<Item = String>) -> String {
    let cells: Vec<String> = cells
        .map(|c| {
            if c.contains([',', '"', '\n']) {
                format!("\"{}\"", c.replace('"', "\"\""))
            } else {
                c
            }
        })
        .collect();
    format!("{}\n", cells.join(","))
}

/// The template as CSV, with a byte order mark as `eval --format csv` writes it, so a
/// spreadsheet opens the Chinese headers as UTF-8.
fn csv(plan: &Plan, labels: bool, lang: Lang) -> String {
    let fields = &plan.schema.fields;
    let mut out = String::from('\u{feff}');
    out.push_str(&csv_row(fields.iter().map(|f| f.name.clone())));
    if labels {
        out.push_str(&csv_row(fields.iter().map(|f| note(f, lang))));
    }
    out
}

/// Let an optional field be `null` (a blank cell).
fn allow_null(property: &mut Value) {
    let Value::Object(map) = property else {
        return;
    };
    if let Some(Value::Array(list)) = map.get_mut("enum") {
        list.push(Value::Null);
        return;
    }
    match map.get_mut("type") {
        Some(Value::Array(types)) => types.push(json!("null")),
        Some(t @ Value::String(_)) => *t = json!([t.clone(), "null"]),
        _ => {}
    }
}

/// A JSON Schema (2020-12) of one record; properties in the policy's field order.
fn json_schema(plan: &Plan, lang: Lang) -> String {
    let text = |v: &Value| serde_json::to_string(v).unwrap_or_default();
    let mut properties = Vec::new();
    let mut required = Vec::new();
    for f in &plan.schema.fields {
        let mut p = match &f.ty {
            FieldType::Money | FieldType::Ratio => json!({
                "type": ["number", "string"],
                "description": describe(f, lang),
            }),
            FieldType::Count => json!({
                "type": ["integer", "string"],
                "description": describe(f, lang),
            }),
            FieldType::Bool => json!({
                "type": ["boolean", "string"],
                "description": describe(f, lang),
            }),
            FieldType::Date => json!({ "type": "string", "format": "date" }),
            FieldType::Text => json!({ "type": "string" }),
            FieldType::Enum(words) => json!({ "enum": words }),
        };
        if let (Some(label), Value::Object(map)) = (&f.label, &mut p) {
            map.insert("title".into(), json!(label));
        }
        if f.optional {
            allow_null(&mut p);
        } else {
            required.push(text(&json!(f.name)));
        }
        properties.push(format!("    {}: {}", text(&json!(f.name)), text(&p)));
    }
    let mut out = String::from("{\n");
    let _ = writeln!(
        out,
        "  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\","
    );
    let _ = writeln!(out, "  \"title\": {},", text(&json!(plan.title)));
    let _ = writeln!(out, "  \"type\": \"object\",");
    let _ = writeln!(
        out,
        "  \"properties\": {{\n{}\n  }},",
        properties.join(",\n")
    );
    let _ = writeln!(out, "  \"required\": [{}]", required.join(", "));
    out.push_str("}\n");
    out
}
