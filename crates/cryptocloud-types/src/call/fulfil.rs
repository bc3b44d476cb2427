//! Before an order ships: the one key it ships once on, whichever path found the payment (a
//! postback, reconcile, a search by order id), and the comparison of the paid invoice with the
//! merchant's own record of the order.

use alloc::vec::Vec;
use core::borrow::Borrow;
use core::fmt;

use super::is_paid_in_full;
use crate::{FiatCurrency, Invoice, InvoiceId, Money, OrderId};

/// What an order is fulfilled once on: the paid invoice. A postback's
/// [`Confirmation::fulfilment_key`](super::Confirmation::fulfilment_key) and reconcile's
/// [`FulfilmentKey::for_paid`] give the same value for one invoice, and the same for `paid` and
/// a later `overpaid` (the invoice, not its status, is paid for). Store it with a unique
/// constraint in the transaction that marks the order shipped: a second path that finds the
/// same payment then ships nothing.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::call::FulfilmentKey;
/// use cryptocloud::Invoice;
///
/// let paid: Invoice = serde_json::from_str(r#"{"uuid":"INV-89UX09KA","status":"paid"}"#)?;
/// let overpaid: Invoice = serde_json::from_str(r#"{"uuid":"89UX09KA","status":"overpaid"}"#)?;
/// let partial: Invoice = serde_json::from_str(r#"{"uuid":"INV-89UX09KA","status":"partial"}"#)?;
/// assert_eq!(FulfilmentKey::for_paid(&paid), FulfilmentKey::for_paid(&overpaid));
/// assert_eq!(FulfilmentKey::for_paid(&partial), None, "nothing to fulfil yet");
/// assert_eq!(FulfilmentKey::for_paid(&paid).unwrap().to_string(), "INV-89UX09KA");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FulfilmentKey(InvoiceId);

impl FulfilmentKey {
    /// The key of an invoice from the list or `merchant/info`, if it is paid in full (`paid` or
    /// `overpaid`, as [`is_paid_in_full`] says): what reconcile fulfils on.
    pub fn for_paid(invoice: &Invoice) -> Option<FulfilmentKey> {
        is_paid_in_full(invoice).then(|| FulfilmentKey(invoice.uuid.clone()))
    }

    #[cfg(feature = "postback")]
    pub(super) fn new(invoice: InvoiceId) -> FulfilmentKey {
        FulfilmentKey(invoice)
    }

    /// The paid invoice.
    pub fn invoice(&self) -> &InvoiceId {
        &self.0
    }
}

/// Looks a key up by the invoice alone (a postback's invoice, before any API call): a set of
/// keys answers "has this invoice shipped?".
impl Borrow<InvoiceId> for FulfilmentKey {
    fn borrow(&self) -> &InvoiceId {
        &self.0
    }
}

/// `INV-XXXXXXXX`, the form to store.
impl fmt::Display for FulfilmentKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// What the merchant's own records say an order is: what an invoice paying it must show.
/// The API confirms that an invoice is paid; only this comparison says that it pays *this* order
/// in full: an invoice created for another order, or for a smaller amount, or in another
/// currency, is paid too.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::call::{ExpectedOrder, OrderField};
/// use cryptocloud::{FiatCurrency, Invoice};
///
/// let order = ExpectedOrder::new("order-7".parse()?, "25".parse()?, FiatCurrency::Usd);
/// let invoice: Invoice = serde_json::from_str(r#"{"uuid":"INV-89UX09KA","status":"paid",
///     "order_id":"order-7","amount_in_fiat":25.0,"fiat_currency":"USD"}"#)?;
/// assert!(order.check(&invoice).is_ok());
/// let cheaper: Invoice = serde_json::from_str(r#"{"uuid":"INV-89UX09KA","status":"paid",
///     "order_id":"order-7","amount_in_fiat":2.5}"#)?;
/// assert_eq!(order.check(&cheaper).unwrap_err().fields, [OrderField::Amount, OrderField::Currency]);
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedOrder {
    order_id: OrderId,
    amount: Money,
    currency: FiatCurrency,
}

/// A field of an invoice that [`ExpectedOrder::check`] compares with the merchant's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OrderField {
    /// `order_id`: the order's id.
    OrderId,
    /// `amount_in_fiat`: the order's amount, exactly (as decimals: `25` is `25.00`).
    Amount,
    /// `fiat_currency`: the order's currency.
    Currency,
}

impl OrderField {
    /// The invoice field's name.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderField::OrderId => "order_id",
            OrderField::Amount => "amount_in_fiat",
            OrderField::Currency => "fiat_currency",
        }
    }
}

/// Why a paid invoice does not pay the merchant's order: each field that differs from the order
/// or that the API left out.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct OrderMismatch {
    /// The invoice.
    pub invoice: InvoiceId,
    /// The fields that differ or are missing, in the order of [`OrderField`].
    pub fields: Vec<OrderField>,
}

impl fmt::Display for OrderMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} does not pay the order as recorded: ", self.invoice)?;
        for (position, field) in self.fields.iter().enumerate() {
            let separator = if position == 0 { "" } else { ", " };
            write!(f, "{separator}{}", field.as_str())?;
        }
        f.write_str(" differ or are missing")
    }
}

impl core::error::Error for OrderMismatch {}

impl ExpectedOrder {
    /// An order as the merchant recorded it: its id, amount and fiat currency.
    pub fn new(order_id: OrderId, amount: Money, currency: FiatCurrency) -> ExpectedOrder {
        ExpectedOrder {
            order_id,
            amount,
            currency,
        }
    }

    /// The order's id.
    pub fn order_id(&self) -> &OrderId {
        &self.order_id
    }

    /// Whether `invoice` is for this order, this amount and this currency. A field the API's
    /// answer leaves out does not match: it cannot be checked.
    pub fn check(&self, invoice: &Invoice) -> Result<(), OrderMismatch> {
        let order = invoice.order_id.as_deref() == Some(self.order_id.as_str());
        let amount = invoice.amount_in_fiat == Some(self.amount);
        let currency = invoice.fiat_currency.as_ref() == Some(&self.currency);
        let fields: Vec<OrderField> = [
            (order, OrderField::OrderId),
            (amount, OrderField::Amount),
            (currency, OrderField::Currency),
        ]
        .into_iter()
        .filter_map(|(matches, field)| (!matches).then_some(field))
        .collect();
        if fields.is_empty() {
            Ok(())
        } else {
            Err(OrderMismatch {
                invoice: invoice.uuid.clone(),
                fields,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invoice(json: &str) -> Invoice {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn each_differing_or_missing_field_is_named() {
        let order = ExpectedOrder::new(
            "order-7".parse().unwrap(),
            "25.00".parse().unwrap(),
            FiatCurrency::Eur,
        );
        let exact = r#"{"uuid":"INV-89UX09KA","status":"paid","order_id":"order-7","amount_in_fiat":25,"fiat_currency":"EUR"}"#;
        assert_eq!(order.check(&invoice(exact)), Ok(()));
        for (from, to, field) in [
            (r#""order-7""#, r#""order-8""#, OrderField::OrderId),
            ("25,", "24.99,", OrderField::Amount),
            (r#""EUR""#, r#""USD""#, OrderField::Currency),
            (r#""order_id":"order-7","#, "", OrderField::OrderId),
            (r#","fiat_currency":"EUR""#, "", OrderField::Currency),
        ] {
            let mismatch = order.check(&invoice(&exact.replace(from, to))).unwrap_err();
            assert_eq!(mismatch.fields, [field], "{to}");
            assert!(mismatch.to_string().contains(field.as_str()), "{mismatch}");
        }
    }
}
