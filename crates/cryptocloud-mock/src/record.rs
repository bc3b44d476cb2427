//! What the server knows about an invoice, in its own terms: exact amounts in USD and in the
//! currency it was asked in, the coin shown, and the payment. Every amount the API shows is
//! derived from these (see `wire.rs`). And a static wallet, the record its payments come from.

use rust_decimal::Decimal;
use time::PrimitiveDateTime;

use crate::catalog::Coin;

/// An invoice's status, as the API spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Status {
    Created,
    Paid,
    Partial,
    Overpaid,
    Canceled,
}

impl Status {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Status::Created => "created",
            Status::Paid => "paid",
            Status::Partial => "partial",
            Status::Overpaid => "overpaid",
            Status::Canceled => "canceled",
        }
    }

    /// Whether the invoice has been paid, in part or in full.
    pub(crate) fn is_paid(self) -> bool {
        matches!(self, Status::Paid | Status::Partial | Status::Overpaid)
    }
}

#[derive(Clone, Debug)]
pub(crate) struct InvoiceRecord {
    /// The bare id (`89UX09KA`).
    pub(crate) id: String,
    pub(crate) created: PrimitiveDateTime,
    pub(crate) expiry: PrimitiveDateTime,
    /// When it was paid; `None` while unpaid.
    pub(crate) finished: Option<PrimitiveDateTime>,
    pub(crate) status: Status,
    /// The coin shown: the one chosen, or the default one.
    pub(crate) coin: &'static Coin,
    /// The deposit address: `""` until a coin is chosen.
    pub(crate) address: String,
    /// The fiat currency asked for, and the amount in it.
    pub(crate) fiat: &'static str,
    pub(crate) amount_fiat: Decimal,
    pub(crate) amount_usd: Decimal,
    /// The network's transfer fee, in the coin.
    pub(crate) fee: Decimal,
    pub(crate) service_fee_usd: Decimal,
    pub(crate) paid_usd: Decimal,
    pub(crate) received_usd: Decimal,
    pub(crate) order_id: Option<String>,
    pub(crate) tx_list: Vec<String>,
}

impl InvoiceRecord {
    /// The id as responses write it: `INV-89UX09KA`.
    pub(crate) fn uuid(&self) -> String {
        format!("INV-{}", self.id)
    }

    /// What the customer is asked to pay in USD: the amount plus the service fee (the client
    /// side pays commissions).
    pub(crate) fn to_pay_usd(&self) -> Decimal {
        self.amount_usd + self.service_fee_usd
    }

    /// What the customer must still send, in USD: everything, or what a partial payment left.
    pub(crate) fn due_usd(&self) -> Decimal {
        match self.status {
            Status::Partial => self.surcharge_usd(),
            _ => self.to_pay_usd(),
        }
    }

    /// What is still missing after a partial payment.
    pub(crate) fn surcharge_usd(&self) -> Decimal {
        if self.status == Status::Partial {
            (self.to_pay_usd() - self.paid_usd).max(Decimal::ZERO)
        } else {
            Decimal::ZERO
        }
    }

    /// Records a payment of `percent` of the amount due, made at `at`, to `address`.
    pub(crate) fn pay(
        &mut self,
        status: Status,
        percent: i64,
        at: PrimitiveDateTime,
        address: String,
        tx: String,
    ) {
        let paid_usd = (self.to_pay_usd() * Decimal::new(percent, 2)).round_dp(2);
        self.status = status;
        self.paid_usd = paid_usd;
        self.received_usd = (paid_usd - self.service_fee_usd).max(Decimal::ZERO);
        self.finished = Some(at);
        if self.address.is_empty() {
            self.address = address;
        }
        self.tx_list.push(tx);
    }
}

/// `YYYY-MM-DD HH:MM:SS.ffffff`, as the API writes times (UTC, no zone).
pub(crate) fn timestamp(at: PrimitiveDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:06}",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second(),
        at.microsecond()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_have_six_fraction_digits() {
        let at = PrimitiveDateTime::new(
            time::Date::from_calendar_date(2026, time::Month::January, 2).unwrap(),
            time::Time::from_hms_micro(3, 4, 5, 60).unwrap(),
        );
        assert_eq!(timestamp(at), "2026-01-02 03:04:05.000060");
    }
}

/// A static wallet: a customer's permanent address in one coin.
#[derive(Clone, Debug)]
pub(crate) struct Wallet {
    pub(crate) coin: &'static Coin,
    pub(crate) address: String,
    /// 32 letters and digits.
    pub(crate) uuid: String,
    /// The customer's id the merchant gave (`identify`): every payment's `order_id`.
    pub(crate) identify: String,
}
