//! HTML answers: the page frame every console page and every HTML error page
//! shares (docs/console.md): escaping, style, navigation, the protective
//! headers, and the redirects a browser follows.

use super::reply::Reply;
use crate::domain::tenancy::Environment;

/// Escapes text for HTML element content and double-quoted attributes.
pub fn esc(s: &str) -> String {
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

const STYLE: &str = "\
*{box-sizing:border-box}\
body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fff}\
header{display:flex;flex-wrap:wrap;align-items:center;gap:0 .5em;padding:0 1em;background:#eef0f3;border-bottom:1px solid #ccd}\
header .brand{font-weight:bold;margin-right:auto}\
header a,header button{display:inline-flex;align-items:center;min-height:44px;padding:0 .6em;color:#1b1b1b}\
main{max-width:48em;margin:0 auto;padding:1em}\
h1{font-size:1.5em;margin:.5em 0}\
a{color:#0b4f9c}\
button,.button{min-height:44px;min-width:44px;padding:.5em 1.2em;font-size:1rem;border-radius:.4em;border:1px solid #556;background:#f7f7f9;cursor:pointer}\
button.approve{background:#1d6b34;color:#fff;border-color:#1d6b34}\
button.reject{background:#fff;color:#a51d2d;border-color:#a51d2d}\
button.danger{background:#a51d2d;color:#fff;border-color:#a51d2d}\
input,textarea,select{min-height:44px;font-size:1rem;padding:.4em;width:100%;border:1px solid #778;border-radius:.3em}\
label{display:block;font-weight:600;margin:.6em 0 .2em}\
:focus-visible{outline:3px solid #0b4f9c;outline-offset:2px}\
table{border-collapse:collapse;width:100%}\
th,td{text-align:left;vertical-align:top;padding:.35em .6em .35em 0;border-bottom:1px solid #e3e3e8;overflow-wrap:anywhere}\
th{width:11em;font-weight:600}@media(max-width:30em){th{width:7.5em}}\
.badge{display:inline-block;padding:.05em .5em;border-radius:.3em;font-weight:bold;font-size:.85em}\
.live{background:#a51d2d;color:#fff}.test{background:#0b4f9c;color:#fff}\
.banner{padding:.5em 1em;font-weight:bold}\
.error{color:#a51d2d;font-weight:600}.notice{padding:.5em;border-left:4px solid #1d6b34;background:#eef6f0}.note{color:#555}\
ul.requests{list-style:none;padding:0}\
ul.requests a{display:block;padding:.7em;margin:.5em 0;border:1px solid #ccd;border-radius:.4em;text-decoration:none;color:inherit;min-height:44px}\
.row{display:flex;flex-wrap:wrap;gap:.3em 1em;justify-content:space-between}\
.amount{font-weight:bold;font-size:1.1em}\
form.inline{display:inline}\
.scroll{overflow-x:auto}code{overflow-wrap:anywhere}\
summary{min-height:44px;line-height:44px;cursor:pointer}\
table.totals{font-size:.9em}table.totals th,table.totals td{width:auto;overflow-wrap:normal;white-space:nowrap;padding-right:.5em}\
a.button{display:inline-flex;align-items:center;text-decoration:none;color:inherit}";

/// The signed-in navigation: every page links home and can sign out.
fn nav(csrf: &str) -> String {
    format!(
        "<nav aria-label=\"Console\"><a href=\"/console\">Waiting</a> <a href=\"/console/history\">History</a> \
         <a href=\"/console/overview\">Overview</a> <a href=\"/console/transactions\">Transactions</a> \
         <a href=\"/console/more\">More</a> \
         <form class=\"inline\" method=\"post\" action=\"/console/logout\">\
         <input type=\"hidden\" name=\"csrf_token\" value=\"{}\">\
         <button type=\"submit\">Sign out</button></form></nav>",
        esc(csrf)
    )
}

/// A whole page. `csrf` present: signed in (navigation shown). `env`: the
/// environment the page is about, shown as a banner no one can miss.
pub fn page(title: &str, csrf: Option<&str>, env: Option<Environment>, body: &str) -> String {
    let banner = env.map_or(String::new(), |e| {
        format!(
            "<div class=\"banner {}\" role=\"status\">{}</div>",
            e.as_str(),
            env_words(e)
        )
    });
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} · Coffer</title><style>{STYLE}</style></head>\
         <body><header><span class=\"brand\">Coffer</span>{}</header>{banner}\
         <main><h1>{}</h1>\n{}\n</main></body></html>\n",
        esc(title),
        csrf.map(nav).unwrap_or_default(),
        esc(title),
        body
    )
}

fn env_words(e: Environment) -> &'static str {
    match e {
        Environment::Live => "LIVE — real money",
        Environment::Test => "TEST — sandbox, no real money",
    }
}

/// A page for a request the console cannot serve (not found, refused, an
/// error): always with a way back.
pub fn message(title: &str, text: &str) -> String {
    page(
        title,
        None,
        None,
        &format!(
            "<p>{}</p><p><a href=\"/console\">Back to the console</a></p>",
            esc(text)
        ),
    )
}

/// An HTML answer with the console's protective headers.
pub fn html(status: u16, body: String) -> Reply {
    Reply::text(status, "text/html; charset=utf-8", body)
        .with_header("Cache-Control", "no-store")
        .with_header("X-Frame-Options", "DENY")
        .with_header(
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
        )
}

/// A 303 to `to` (POST/redirect/GET).
pub fn redirect(to: &str) -> Reply {
    Reply::text(303, "text/plain; charset=utf-8", String::new()).with_header("Location", to)
}

/// Where a request without a session goes: the sign-in form, coming back to
/// `back` afterwards.
pub fn to_login(back: &str) -> Reply {
    redirect(&format!("/console/login?next={}", url_encode(back)))
}

/// Percent-encodes `s` for a URL query value; `/` stays readable.
pub fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
