//! A static wallet's page: `GET /wallet/{uuid}`, what a customer sees of their top-up wallet (its
//! coin, address and QR code) with a field for an amount and a button that sends it to the
//! address, as the test wallet (`/send`) does, through `/_mock/transfers`. A static wallet takes
//! any number of payments, so the page stays and says what each one made.

use http::Method;
use rust_decimal::Decimal;

use crate::answer::Answer;
use crate::checkout::{STYLE, escape, fill, qr};
use crate::record::Wallet;
use crate::request::detail;
use crate::send_page;
use crate::state::State;

/// Where the wallet pages are: `/wallet/` and the wallet's uuid.
pub(crate) const PATH: &str = "/wallet/";

const TEMPLATE: &str = include_str!("wallet.html");

/// The page for `uuid` (what follows [`PATH`]).
pub(crate) fn page(state: &State, method: &Method, uuid: &str) -> Answer {
    if method != Method::GET && method != Method::HEAD {
        return detail(405, &format!("Method \"{method}\" not allowed."));
    }
    let Some(wallet) = state.store().wallet(uuid) else {
        return detail(404, "static wallet not found");
    };
    Answer {
        status: 200,
        body: render(&wallet, &state.project.name).into_bytes(),
        content_type: "text/html; charset=utf-8",
    }
}

fn render(wallet: &Wallet, shop: &str) -> String {
    let coin = wallet.coin;
    // Ten dollars' worth, as a first amount to try.
    let suggested = coin.usd_in_coin(Decimal::TEN);
    let fields: [(&str, String); 12] = [
        ("style", String::from(STYLE)),
        ("script", String::from(send_page::SCRIPT)),
        ("shop", escape(shop)),
        ("uuid", escape(&wallet.uuid)),
        ("identify", escape(&wallet.identify)),
        ("coin", escape(coin.short)),
        ("coin_name", escape(coin.name)),
        ("network", escape(coin.network().fullname)),
        ("qr", qr(&wallet.address)),
        ("address", escape(&wallet.address)),
        ("places", coin.places().to_string()),
        ("suggested", suggested.to_string()),
    ];
    fill(TEMPLATE, &fields)
}
