//! The page: its files (embedded in the binary) and its texts in both languages.

use axum::http::header;
use axum::response::IntoResponse;

use crate::diag::{text, Text};
use crate::syntax::keywords::Lang;

const INDEX: &str = include_str!("assets/index.html");
const SCRIPT: &str = include_str!("assets/app.js");
const STYLE: &str = include_str!("assets/style.css");

/// `GET /`.
pub async fn index() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], INDEX)
}

/// `GET /app.js`.
pub async fn script() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        SCRIPT,
    )
}

/// `GET /style.css`.
pub async fn style() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE)
}

/// Every text the page shows, by the name the script looks it up by, in `lang`.
pub fn labels(lang: Lang) -> Vec<(&'static str, String)> {
    catalogue()
        .into_iter()
        .map(|(name, text)| (name, text.get(lang).to_string()))
        .collect()
}

/// The page's texts, English and Chinese side by side.
fn catalogue() -> Vec<(&'static str, Text)> {
    vec![
        ("title", text!("jiangbu workbench", "奖补工作台")),
        ("policy", text!("Policy", "政策")),
        (
            "no_file",
            text!("no policy file: Save is off", "未指定政策文件：不能保存"),
        ),
        ("check_ok", text!("No problems", "没有问题")),
        ("check_warnings", text!("warnings", "条警告")),
        ("check_errors", text!("errors", "处错误")),
        ("line", text!("line", "行")),
        ("records", text!("Records", "企业数据")),
        (
            "drop",
            text!(
                "Drop a workbook, CSV or JSON file here, or choose one:",
                "把工作簿、CSV 或 JSON 文件拖到这里，或选择文件："
            ),
        ),
        ("no_records", text!("No records loaded", "尚未载入企业数据")),
        ("results", text!("Results", "结果")),
        ("status", text!("Status", "状态")),
        ("area", text!("Area", "地区")),
        ("all", text!("All", "全部")),
        ("key", text!("Key", "主键")),
        ("name", text!("Enterprise", "企业名称")),
        ("row", text!("Row", "行号")),
        ("award", text!("Award", "结论")),
        ("payable", text!("Payable (yuan)", "应发金额（元）")),
        ("errors_col", text!("Data errors", "数据错误")),
        ("awarded", text!("awarded", "获得奖补")),
        (
            "unfunded",
            text!("eligible, nothing allocated", "符合但未获资金"),
        ),
        ("pending", text!("pending a choice", "待选择")),
        ("none", text!("none", "无")),
        ("provisional", text!("provisional", "暂定")),
        ("totals", text!("Totals", "合计")),
        ("records_n", text!("Records", "户数")),
        ("paid_sum", text!("Paid (yuan)", "已定金额（元）")),
        ("paid_n", text!("Paid", "发放户数")),
        ("open_n", text!("Amount open", "金额待定")),
        ("eligible", text!("Eligible", "符合")),
        ("ineligible", text!("Not eligible", "不符合")),
        ("undetermined", text!("Undetermined", "无法判定")),
        ("by_clause", text!("By clause", "按条款")),
        ("by_area", text!("By area", "按地区")),
        ("by_fund", text!("By fund", "按资金来源")),
        ("by_period", text!("By installment period", "按拨付期次")),
        ("clause", text!("Clause", "条款")),
        ("benefit", text!("Benefit", "奖补项目")),
        ("fund", text!("Fund", "资金来源")),
        ("period", text!("Period", "期次")),
        ("explanation", text!("Explanation", "判定说明")),
        (
            "click_row",
            text!(
                "Click an enterprise for its explanation.",
                "点击企业查看判定说明。"
            ),
        ),
        ("changes", text!("What this edit changes", "本次修改的影响")),
        ("preview", text!("Show what changes", "查看影响")),
        (
            "changed_records",
            text!("Records that change", "结论有变化的企业"),
        ),
        ("old", text!("Saved", "已保存")),
        ("new", text!("Edited", "编辑后")),
        ("difference", text!("Difference", "差额")),
        (
            "no_change",
            text!("No record changes.", "没有企业的结论发生变化。"),
        ),
        ("examples", text!("Worked examples", "示例")),
        ("passed", text!("passed", "通过")),
        ("failed", text!("failed", "失败")),
        ("expected", text!("expected", "应为")),
        ("actual", text!("actual", "实际")),
        ("save", text!("Save", "保存")),
        ("saved", text!("Saved to", "已保存到")),
        ("export_xlsx", text!("Export Excel", "导出 Excel")),
        ("export_csv", text!("Export CSV", "导出 CSV")),
        ("invalid", text!("The policy has errors", "政策有错误")),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_is_in_both_languages_and_named_once() {
        let all = catalogue();
        let mut names: Vec<&str> = all.iter().map(|(n, _)| *n).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all.len(), "a label name is used twice");
        for (name, text) in &all {
            assert!(!text.en.is_empty() && !text.zh.is_empty(), "{name}");
            assert_ne!(text.en, text.zh, "{name} is not translated");
        }
    }
}
