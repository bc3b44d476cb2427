//! The test wallet: `GET /send`, a page with an address field, an amount field and a button that
//! makes the transfer through `/_mock/transfers`. It stands for the customer's own wallet when a
//! shop shows the payment on a page of its own (CryptoCloud's host-to-host integration): the
//! customer copies the address and the amount from the shop's page and sends them here.

use http::Method;

use crate::answer::Answer;
use crate::checkout::{STYLE, fill};
use crate::request::detail;

/// Where the test wallet is.
pub(crate) const PATH: &str = "/send";

const TEMPLATE: &str = include_str!("send.html");
/// What the Send button does, here and on a static wallet's page.
pub(crate) const SCRIPT: &str = include_str!("send.js");

/// The page; it holds nothing of the server's data, so it is the same for everyone.
pub(crate) fn page(method: &Method) -> Answer {
    if method != Method::GET && method != Method::HEAD {
        return detail(405, &format!("Method \"{method}\" not allowed."));
    }
    Answer {
        status: 200,
        body: fill(
            TEMPLATE,
            &[("style", STYLE.into()), ("script", SCRIPT.into())],
        )
        .into_bytes(),
        content_type: "text/html; charset=utf-8",
    }
}
