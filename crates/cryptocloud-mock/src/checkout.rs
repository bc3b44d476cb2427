//! The local checkout: `GET /pay/{id}`, the page every invoice's `link` opens. It shows what the
//! customer pays (amount, coin, address with a QR code drawn here as SVG, a countdown to expiry)
//! and has buttons to pay in full, in part, too much, or to let the invoice expire. The buttons
//! call the `/_mock/` control paths from the page's own origin with the JSON content type those
//! require, so the page opens no way to pay that a test could not already use; after a payment
//! the customer goes on to the project's success URL, after expiry to its fail URL. Everything the
//! page needs is inline: the machine that shows it may have no network.

use http::Method;
use qrcode::QrCode;
use qrcode::render::svg;

use crate::answer::Answer;
use crate::record::{InvoiceRecord, Status, timestamp};
use crate::request::detail;
use crate::state::State;
pub(crate) use crate::wire::PAY_PATH as PATH;
use crate::wire::Project;

/// Inline style and script only, requests only to this server; no frames, forms or plugins.
pub(crate) const POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; \
     script-src 'unsafe-inline'; connect-src 'self'; img-src data:; base-uri 'none'; \
     form-action 'none'; frame-ancestors 'none'";

const TEMPLATE: &str = include_str!("checkout.html");
/// The style the local pages share.
pub(crate) const STYLE: &str = include_str!("page.css");
/// What an invoice open for payment asks for: amount, address, QR code, countdown. A paid or
/// expired invoice's page leaves it out (nothing may be sent to it) and shows its state.
const PAYMENT: &str = include_str!("checkout-payment.html");

/// The page for `id` (what follows [`PATH`]).
pub(crate) fn page(state: &State, method: &Method, id: &str) -> Answer {
    if method != Method::GET && method != Method::HEAD {
        return detail(405, &format!("Method \"{method}\" not allowed."));
    }
    // Opening the page picks the coin shown, as a customer does on the live page: an invoice
    // created without a coin gets its deposit address now.
    let invoice = state.store().choose_coin(id).cloned();
    let Some(invoice) = invoice else {
        return detail(404, "invoice not found");
    };
    Answer {
        status: 200,
        body: render(&invoice, &state.project).into_bytes(),
        content_type: "text/html; charset=utf-8",
    }
}

fn render(invoice: &InvoiceRecord, project: &Project) -> String {
    let coin = invoice.coin;
    let due_usd = invoice.due_usd();
    let payment: [(&str, String); 8] = [
        ("amount", coin.usd_in_coin(due_usd).to_string()),
        ("coin", escape(coin.short)),
        ("coin_name", escape(coin.name)),
        ("network", escape(coin.network().fullname)),
        ("qr", qr(&invoice.address)),
        ("address", escape(&invoice.address)),
        // The API's `expiry_date` form; with a `T` and a `Z`, an HTML datetime.
        ("expiry", timestamp(invoice.expiry)),
        (
            "expiry_iso",
            format!("{}Z", timestamp(invoice.expiry).replace(' ', "T")),
        ),
    ];
    let open = matches!(invoice.status, Status::Created | Status::Partial);
    let fields: [(&str, String); 12] = [
        ("style", String::from(STYLE)),
        ("uuid", escape(&invoice.uuid())),
        ("shop", escape(&project.name)),
        ("id", escape(&invoice.id)),
        ("status", escape(invoice.status.as_str())),
        (
            "expires",
            invoice.expiry.assume_utc().unix_timestamp().to_string(),
        ),
        ("success", escape(&project.success)),
        ("fail", escape(&project.fail)),
        ("fiat_amount", invoice.amount_fiat.to_string()),
        ("fiat", escape(invoice.fiat)),
        (
            "payment",
            if open {
                fill(PAYMENT, &payment)
            } else {
                String::new()
            },
        ),
        ("actions", actions(invoice.status, project)),
    ];
    fill(TEMPLATE, &fields)
}

/// The template with each `{{name}}` replaced by its value, in one pass (a value that happens to
/// contain `{{…}}` stays as it is).
pub(crate) fn fill(template: &str, fields: &[(&str, String)]) -> String {
    let mut page = String::with_capacity(template.len() + 8 * 1024);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        page.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let value = after.find("}}").and_then(|end| {
            let name = &after[..end];
            let (_, value) = fields.iter().find(|(field, _)| *field == name)?;
            Some((value, end))
        });
        match value {
            Some((value, end)) => {
                page.push_str(value);
                rest = &after[end + 2..];
            }
            None => {
                page.push_str("{{");
                rest = after;
            }
        }
    }
    page.push_str(rest);
    page
}

/// The buttons an invoice in `status` has, or where its customer goes back to.
fn actions(status: Status, project: &Project) -> String {
    let pay = r#"<section id="actions">
    <button id="pay-full" class="primary" data-payment="paid">Pay in full</button>
    <button id="pay-partial" data-payment="partial">Pay partly</button>
    <button id="pay-over" data-payment="overpaid">Overpay</button>"#;
    match status {
        Status::Created => {
            format!("{pay}\n    <button id=\"expire\">Let it expire</button>\n  </section>")
        }
        // A partly paid invoice waits for the rest; the API has it stay `partial`, not expire.
        Status::Partial => format!("{pay}\n  </section>"),
        Status::Paid | Status::Overpaid => format!(
            r#"<p class="closed">This invoice is {}. <a href="{}">Back to the shop</a></p>"#,
            status.as_str(),
            escape(&project.success)
        ),
        Status::Canceled => format!(
            r#"<p class="closed">This invoice has expired. <a href="{}">Back to the shop</a></p>"#,
            escape(&project.fail)
        ),
    }
}

/// The address as an SVG QR code (black on white, a quiet zone included), or nothing for an
/// address too long to encode.
pub(crate) fn qr(address: &str) -> String {
    let Ok(code) = QrCode::new(address.as_bytes()) else {
        return String::new();
    };
    let image = code
        .render::<svg::Color<'_>>()
        .min_dimensions(176, 176)
        .build();
    // Inline SVG in HTML takes no XML declaration.
    match image.find("<svg") {
        Some(start) => image[start..].to_owned(),
        None => image,
    }
}

/// Text made safe for HTML content and quoted attributes.
pub(crate) fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_is_escaped() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn the_qr_code_is_inline_svg() {
        let svg = qr("TXYZ1234567890abcdefghijklmnopqrst");
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.ends_with("</svg>"), "{svg}");
        assert!(svg.contains("<path"), "{svg}");
    }

    #[test]
    fn every_placeholder_is_filled() {
        let mut config = crate::MockConfig {
            invoices: 1,
            ..crate::MockConfig::default()
        };
        config.shop_id = String::from("Shop<&>{{qr}}");
        let state = State::new(config, std::net::SocketAddr::from(([127, 0, 0, 1], 9)));
        let id = state.store().all()[0].id.clone();
        let answer = page(&state, &Method::GET, &id);
        let page = String::from_utf8(answer.body).unwrap();
        assert_eq!(answer.status, 200);
        assert!(page.contains("Shop Shop&lt;&amp;&gt;{{qr}}"), "{page}");
        assert_eq!(page.matches("{{").count(), 2, "{page}");
    }
}
