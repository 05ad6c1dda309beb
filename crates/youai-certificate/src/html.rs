//! The certificate as a self-contained, printable HTML page (no scripts, no external files).

use crate::{Certificate, hours};

/// Escapes text for HTML element content and quoted attributes.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn rows(title: &str, items: &[(String, f64)]) -> String {
    if items.is_empty() {
        return String::new();
    }
    let body: String = items
        .iter()
        .map(|(k, h)| {
            format!(
                "<tr><td>{}</td><td class=\"num\">{} 小时</td></tr>",
                esc(k),
                hours(*h)
            )
        })
        .collect();
    format!("<table><caption>{}</caption>{body}</table>", esc(title))
}

pub fn html(c: &Certificate) -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>志愿服务证明 · {name}</title>
<style>
@page {{ size: A4; margin: 18mm; }}
body {{ font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", SimSun, serif; color: #222; margin: 0; }}
.sheet {{ max-width: 180mm; margin: 12mm auto; padding: 14mm 16mm; border: 3px double #b22222; }}
h1 {{ text-align: center; letter-spacing: .5em; color: #b22222; font-size: 2.2em; margin: .2em 0 1em; }}
p {{ line-height: 2; text-indent: 2em; font-size: 1.1em; }}
table {{ border-collapse: collapse; margin: 1em auto; min-width: 60%; }}
caption {{ font-weight: bold; margin-bottom: .3em; }}
td {{ border-bottom: 1px solid #ddd; padding: .25em 1em; }}
td.num {{ text-align: right; }}
.sign {{ text-align: right; margin-top: 2.5em; line-height: 2; }}
.verify {{ margin-top: 2.5em; font-size: .9em; color: #555; border-top: 1px solid #ddd; padding-top: .8em; }}
code {{ font-size: 1.2em; color: #222; }}
</style>
</head>
<body>
<main class="sheet">
<h1>志愿服务证明</h1>
<p>{statement}</p>
{by_year}
{by_team}
<p>特此证明。</p>
<div class="sign">{issuer}<br>{issued_on}</div>
<div class="verify">验证码 <code id="code">{code}</code><br>核验地址 <a href="{url}">{url}</a></div>
</main>
</body>
</html>
"#,
        name = esc(&c.volunteer_name),
        statement = esc(&c.statement()),
        by_year = rows("按年度", &c.by_year),
        by_team = rows("按服务团队", &c.by_team),
        issuer = esc(&c.issuer),
        issued_on = esc(&c.issued_on),
        code = esc(&c.code),
        url = esc(&c.verify_url),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::sample;

    #[test]
    fn the_page_states_everything_and_escapes_names() {
        let page = html(&sample());
        assert!(page.contains("累计志愿服务时长 123.25 小时"));
        assert!(page.contains("<td>2025年</td><td class=\"num\">100 小时</td>"));
        assert!(page.contains("YA7K-3MPQ-X9TD"));
        assert!(!page.contains("<script"));
        let hostile = Certificate {
            volunteer_name: "<script>x</script>".into(),
            by_team: vec![("A&B \"队\"".into(), 1.0)],
            ..sample()
        };
        let page = html(&hostile);
        assert!(!page.contains("<script>"));
        assert!(page.contains("&lt;script&gt;x&lt;/script&gt;"));
        assert!(page.contains("A&amp;B &quot;队&quot;"));
    }
}
