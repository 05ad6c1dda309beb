//! The reports: the console's charts, their CSV files and the Excel workbook, and the same
//! charts on the home page.

use chrono::Datelike;
use youai_tests::JINGANG_ADMIN;
use youai_tests::browser::Browser;

use crate::fixtures::{signed_up_volunteer, verified_record, world};

/// The charts over time, on the home and reports pages.
const MONTHLY_CHARTS: [&str; 5] = [
    "chart-hours-monthly",
    "chart-activities-monthly",
    "chart-volunteers-monthly",
    "chart-teams-monthly",
    "chart-rewarded-monthly",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reports_page_shows_charts_and_offers_their_csv() {
    let Some(b) = Browser::start(1280).await else {
        return;
    };
    // An activity today with three verified quarters of an hour, in 金港镇.
    let w = world(&b.app, "13600000121", "垃圾分类宣传", 20, 5).await;
    let (v, _, _) = signed_up_volunteer(&b.app, &w.activity, "13600000122", "报表甲").await;
    verified_record(&b.app, &w.leader, &v["id"], &w.activity, 0.75).await;
    b.open_console_part(JINGANG_ADMIN, "reports").await;
    b.find("#chart-activities svg rect").await;
    b.text_until("#chart-activities", "the category's bar", |t| {
        t.contains("活动类别分布") && t.contains("邻里互助")
    })
    .await;
    b.find("#chart-teams svg rect").await;
    let link = "#chart-activities + .csv-link";
    assert_eq!(
        b.attr(link, "download").await.as_deref(),
        Some("activities-by-category.csv")
    );
    // The file is made when the link is clicked: UTF-8 with a byte-order mark, a header and
    // the category's row.
    b.click(link).await;
    let href = b.attr(link, "href").await.unwrap_or_default();
    assert!(href.starts_with("blob:"), "the CSV is not a blob: {href}");
    // (The page's CSP keeps scripts from reading `blob:` URLs: the download itself is read.)
    let bytes = b.downloaded("activities-by-category.csv").await;
    assert_eq!(bytes.get(..3), Some(&[0xEF, 0xBB, 0xBF][..]), "no BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.starts_with("类别,数量\r\n"), "header: {text}");
    assert!(
        text.lines().any(|l| l.starts_with("邻里互助,")),
        "no row for the category: {text}"
    );

    // Over time: five charts of the last twelve months (the demo city has hours in each).
    for id in MONTHLY_CHARTS {
        let columns = b.count(&format!("#{id} svg rect")).await;
        assert_eq!(columns, 12, "{id}: a column a month");
        // The last column is this month, still under way: drawn so, and said so.
        assert_eq!(b.count(&format!("#{id} .column-partial")).await, 1, "{id}");
        b.text_until(
            &format!("#{id} .chart-note"),
            "the partial month's note",
            |t| t.contains("本月"),
        )
        .await;
        // The axis names the year under the first month (and under any January).
        let years = b.texts(&format!("#{id} .bar-year")).await;
        let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
        // Eleven months before this one.
        let months = today.year() * 12 + today.month0() as i32 - 11;
        let first_year = (months / 12).to_string();
        assert_eq!(years.first(), Some(&first_year), "{id}: {years:?}");
    }
    // Hours by town and month: a heat map, a row per town, and its table and CSV.
    b.text_until("#chart-town-months", "the towns' rows", |t| {
        t.contains("各镇按月服务时长") && t.contains("金港镇")
    })
    .await;
    // Its legend says what the shades mean.
    b.text_until("#chart-town-months .heat-legend", "the legend", |t| {
        t.contains("颜色越深") && t.contains("小时")
    })
    .await;
    assert_eq!(b.count("#chart-town-months .heat-swatch").await, 5);
    b.click(".town-hours summary").await;
    b.text_until("#town-months-table", "the table", |t| {
        t.contains("镇（街道）") && t.contains("金港镇")
    })
    .await;
    b.click(".town-hours .csv-link").await;
    let bytes = b.downloaded("hours-by-town-and-month.csv").await;
    let text = String::from_utf8(bytes.get(3..).unwrap_or_default().to_vec()).unwrap();
    let this_month = (chrono::Utc::now() + chrono::Duration::hours(8))
        .format("%Y-%m")
        .to_string();
    let header = text.lines().next().unwrap_or_default();
    assert!(
        header.starts_with("镇（街道）,") && header.ends_with(&this_month),
        "header: {text}"
    );
    assert_eq!(header.split(',').count(), 13, "a column a month: {header}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("金港镇,") && l.ends_with(",0.75")),
        "no row for 金港镇 with this month's 0.75 h: {text}"
    );
    // The whole report as one Excel workbook, from a plain link.
    let href = b.attr("#report-xlsx", "href").await.unwrap_or_default();
    assert_eq!(href, "/api/v1/stats/report?months=12");
    b.click("#report-xlsx").await;
    let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
    let book = b.downloaded(&format!("youai-report-{today}.xlsx")).await;
    let mut book = zip::ZipArchive::new(std::io::Cursor::new(book)).unwrap();
    let mut sheets = String::new();
    std::io::Read::read_to_string(&mut book.by_name("xl/workbook.xml").unwrap(), &mut sheets)
        .unwrap();
    assert!(sheets.contains("各镇按月服务时长"), "{sheets}");

    // The home page draws the same charts, and those over time, for everyone.
    b.open("/").await;
    b.find("#chart-activities svg rect").await;
    for id in MONTHLY_CHARTS {
        b.find(&format!("#{id} svg rect")).await;
    }
    b.close().await;
}

/// The needs and resources lists on the reports page: the demo's lists (loaded over the demo
/// city) as headline figures and six charts, 金港镇's needs with 金都社区's 38 among them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reports_page_charts_the_demo_needs_and_resources() {
    let Some(b) = Browser::start(1280).await else {
        return;
    };
    let pool = b.app.pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        youai_demo::lists::load_lists(&mut conn, youai_tests::demo_as_of()).unwrap();
    })
    .await
    .unwrap();
    let stats: serde_json::Value = b.app.get("/api/v1/stats", None).await.json().await.unwrap();
    let l = &stats["lists"];
    let jingang = l["needs_by_town"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["town"] == "金港镇")
        .unwrap()["count"]
        .as_i64()
        .unwrap();
    assert!(jingang >= 38, "{l}");
    b.open_console_part(JINGANG_ADMIN, "reports").await;
    b.text_until("#lists-figures", "the lists' figures", |t| {
        t.contains("群众需求")
            && t.contains(&l["needs"].to_string())
            && t.contains("办结用时中位数")
    })
    .await;
    b.text_until("#chart-needs-town", "金港镇's needs", |t| {
        t.contains("各镇群众需求") && t.contains("金港镇") && t.contains(&jingang.to_string())
    })
    .await;
    b.text_until("#chart-needs-channel", "the nine channels", |t| {
        ["干部走访", "网格员", "微信群", "触摸屏一体机", "网站"]
            .iter()
            .all(|c| t.contains(c))
    })
    .await;
    assert_eq!(
        b.count("#chart-needs-status svg rect").await,
        9,
        "every state"
    );
    assert_eq!(
        b.count("#chart-allocations-level svg rect").await,
        3,
        "three levels"
    );
    b.text_until("#chart-allocations-topic", "the topics", |t| {
        t.contains("政策解读") && t.contains("防范诈骗")
    })
    .await;
    b.find("#chart-needs-category svg rect").await;
    b.click("#chart-needs-category + .csv-link").await;
    let bytes = b.downloaded("needs-by-category.csv").await;
    let text = String::from_utf8(bytes.get(3..).unwrap_or_default().to_vec()).unwrap();
    assert!(text.starts_with("类别,数量\r\n"), "header: {text}");
    let talks = l["needs_by_category"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["category"] == "知识讲座")
        .unwrap()["count"]
        .clone();
    assert!(text.contains(&format!("知识讲座,{talks}")), "{text}");
    b.close().await;
}
