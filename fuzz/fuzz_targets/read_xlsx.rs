//! Target (d): read any bytes as a workbook of notice 2021-7's records. Bytes starting with
//! `PK` are taken as the workbook itself; any other bytes become the `<sheetData>` of a minimal
//! `.xlsx` built around them, so the fuzzer reaches the sheet reader without first having to
//! find a valid zip. No input may panic, abort or allocate without bound; every row has one cell
//! per field, a malformed cell comes with a data error, and every row evaluates.
#![no_main]

use std::io::Write;
use std::sync::OnceLock;

use jiangbu::data::ReadOptions;
use jiangbu::eval::plan::Plan;
use jiangbu::eval::value::Cell;
use libfuzzer_sys::fuzz_target;

const POLICY: &str = include_str!("../../policies/changchun-2021-7.policy");

fn plan() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| jiangbu::compile(POLICY).expect("the shipped policy compiles"))
}

/// A minimal `.xlsx` whose one sheet's `<sheetData>` holds `rows` (as bytes, valid or not).
fn workbook(rows: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored);
    let parts: [(&str, &[u8]); 3] = [
        (
            "_rels/.rels",
            br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            br#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
    ];
    for (name, bytes) in parts {
        zip.start_file(name, options).expect("writing to memory");
        zip.write_all(bytes).expect("writing to memory");
    }
    zip.start_file("xl/worksheets/sheet1.xml", options)
        .expect("writing to memory");
    let mut sheet = br#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#.to_vec();
    sheet.extend_from_slice(rows);
    sheet.extend_from_slice(b"</sheetData></worksheet>");
    zip.write_all(&sheet).expect("writing to memory");
    zip.finish().expect("writing to memory").into_inner()
}

fuzz_target!(|data: &[u8]| {
    let plan = plan();
    let bytes = if data.starts_with(b"PK") {
        data.to_vec()
    } else {
        workbook(data)
    };
    let Ok(records) =
        jiangbu::data::read_excel(bytes, "fuzz.xlsx", &plan.schema, &ReadOptions::default())
    else {
        return;
    };
    let mut last_line = 0;
    for row in records {
        let Ok(row) = row else { break };
        assert_eq!(row.cells.len(), plan.schema.fields.len());
        assert!(row.line > last_line, "row numbers increase");
        last_line = row.line;
        let malformed = row.cells.iter().filter(|c| **c == Cell::Malformed).count();
        assert!(row.errors.len() >= malformed, "{row:?}");
        let outcome = jiangbu::evaluate(plan, &row.cells);
        assert_eq!(outcome.benefits.len(), plan.benefits.len());
    }
});
