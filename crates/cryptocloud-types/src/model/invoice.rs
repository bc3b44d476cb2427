//! The invoice object, as list, info, create and postbacks return it.

use alloc::string::String;
use alloc::vec::Vec;

use serde::{Deserialize, Serialize};

use crate::open_enum::open_enum;
use crate::{FiatCurrency, InvoiceCurrency, InvoiceId, Money, Timestamp, lenient};

open_enum! {
    /// Where an invoice stands.
    pub enum InvoiceStatus {
        /// Waiting for payment (every new invoice).
        Created = "created",
        /// Paid in full.
        Paid = "paid",
        /// Paid in part; see `to_surcharge`.
        Partial = "partial",
        /// Paid more than asked.
        Overpaid = "overpaid",
        /// Canceled by the merchant or expired unpaid.
        Canceled = "canceled",
    }
}

open_enum! {
    /// The payment's processing stage (`invoice_status`), separate from [`InvoiceStatus`].
    pub enum InvoiceStage {
        /// Processing started.
        Start = "start",
        /// Processing finished successfully.
        Success = "success",
    }
}

open_enum! {
    /// The kind of invoice (`type`).
    pub enum InvoiceType {
        /// An incoming payment (`up`).
        Up = "up",
        /// Seen as `dw`; by its name, an outgoing transfer.
        Dw = "dw",
    }
}

open_enum! {
    /// Who pays a commission.
    pub enum CommissionSide {
        /// The customer.
        Client = "client",
        /// The merchant.
        Merchant = "merchant",
    }
}

open_enum! {
    /// How the invoice is paid (`type_payments`).
    pub enum PaymentType {
        /// In cryptocurrency.
        Crypto = "crypto",
    }
}

/// The shop an invoice belongs to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Project {
    /// Numeric id.
    #[serde(default, deserialize_with = "lenient::option")]
    pub id: Option<u64>,
    /// Shop name.
    #[serde(default, deserialize_with = "lenient::option")]
    pub name: Option<String>,
    /// Where the customer goes after a failed payment.
    #[serde(default, deserialize_with = "lenient::option")]
    pub fail: Option<String>,
    /// Where the customer goes after a successful payment.
    #[serde(default, deserialize_with = "lenient::option")]
    pub success: Option<String>,
    /// Logo URL.
    #[serde(default, deserialize_with = "lenient::option")]
    pub logo: Option<String>,
}

/// An invoice. Only `uuid` and `status` are in every shape the API sends; everything else is
/// optional, and `"None"`/`""` read as absent. Amounts are exact; `…_usd` fields are in USD, the
/// others in the invoice's coin unless the name says fiat.
///
/// ```
/// use cryptocloud_types::{Invoice, InvoiceStatus, Money};
///
/// let invoice: Invoice = serde_json::from_str(r#"{
///     "uuid": "INV-89UX09KA", "status": "paid", "amount_usd": 100.0,
///     "fee": 4.500000159168849e-06, "created": "2026-01-01 12:00:00", "pay_url": "None",
///     "something_new": {"the": "API adds fields without notice"}
/// }"#)?;
/// assert_eq!(invoice.uuid.bare(), "89UX09KA");
/// assert_eq!(invoice.status, InvoiceStatus::Paid);
/// assert_eq!(invoice.fee, Some("0.000004500000159168849".parse::<Money>()?));
/// assert_eq!(invoice.pay_url, None);
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Invoice {
    /// The invoice id (`INV-XXXXXXXX`).
    pub uuid: InvoiceId,
    /// Where the invoice stands.
    pub status: InvoiceStatus,
    /// When it was created (UTC).
    #[serde(default, deserialize_with = "lenient::option")]
    pub created: Option<Timestamp>,
    /// When it expires unpaid (UTC).
    #[serde(default, deserialize_with = "lenient::option")]
    pub expiry_date: Option<Timestamp>,
    /// When payment completed (UTC).
    #[serde(default, deserialize_with = "lenient::option")]
    pub date_finished: Option<Timestamp>,
    /// The address to pay to; absent until a coin is chosen.
    #[serde(default, deserialize_with = "lenient::option")]
    pub address: Option<String>,
    /// Who pays the network transfer fee.
    #[serde(default, deserialize_with = "lenient::option")]
    pub side_commission: Option<CommissionSide>,
    /// Who pays the service commission.
    #[serde(default, deserialize_with = "lenient::option")]
    pub side_commission_cc: Option<CommissionSide>,
    /// Amount in the chosen coin.
    #[serde(default, deserialize_with = "lenient::option")]
    pub amount: Option<Money>,
    /// Amount in USD.
    #[serde(default, deserialize_with = "lenient::option")]
    pub amount_usd: Option<Money>,
    /// Amount in the fiat currency the invoice was created in.
    #[serde(default, deserialize_with = "lenient::option")]
    pub amount_in_fiat: Option<Money>,
    /// Amount in the coin, when one was pre-selected.
    #[serde(default, deserialize_with = "lenient::option")]
    pub amount_in_crypto: Option<Money>,
    /// Amount the customer must pay, commissions included.
    #[serde(default, deserialize_with = "lenient::option")]
    pub amount_to_pay: Option<Money>,
    /// `amount_to_pay` in USD.
    #[serde(default, deserialize_with = "lenient::option")]
    pub amount_to_pay_usd: Option<Money>,
    /// Amount paid so far.
    #[serde(default, deserialize_with = "lenient::option")]
    pub amount_paid: Option<Money>,
    /// `amount_paid` in USD.
    #[serde(default, deserialize_with = "lenient::option")]
    pub amount_paid_usd: Option<Money>,
    /// Network transfer fee.
    #[serde(default, deserialize_with = "lenient::option")]
    pub fee: Option<Money>,
    /// `fee` in USD.
    #[serde(default, deserialize_with = "lenient::option")]
    pub fee_usd: Option<Money>,
    /// Service commission.
    #[serde(default, deserialize_with = "lenient::option")]
    pub service_fee: Option<Money>,
    /// `service_fee` in USD.
    #[serde(default, deserialize_with = "lenient::option")]
    pub service_fee_usd: Option<Money>,
    /// Amount credited to the merchant's balance.
    #[serde(default, deserialize_with = "lenient::option")]
    pub received: Option<Money>,
    /// `received` in USD.
    #[serde(default, deserialize_with = "lenient::option")]
    pub received_usd: Option<Money>,
    /// Amount still to pay after a partial payment.
    #[serde(default, deserialize_with = "lenient::option")]
    pub to_surcharge: Option<Money>,
    /// `to_surcharge` in USD.
    #[serde(default, deserialize_with = "lenient::option")]
    pub to_surcharge_usd: Option<Money>,
    /// Amount in roubles (undocumented).
    #[serde(default, deserialize_with = "lenient::option")]
    pub total_rub: Option<Money>,
    /// The fiat currency the invoice was created in.
    #[serde(default, deserialize_with = "lenient::option")]
    pub fiat_currency: Option<FiatCurrency>,
    /// Processing stage.
    #[serde(default, deserialize_with = "lenient::option")]
    pub invoice_status: Option<InvoiceStage>,
    /// Kind of invoice.
    #[serde(rename = "type", default, deserialize_with = "lenient::option")]
    pub kind: Option<InvoiceType>,
    /// How it is paid.
    #[serde(default, deserialize_with = "lenient::option")]
    pub type_payments: Option<PaymentType>,
    /// The merchant's own order id, as given at creation.
    #[serde(default, deserialize_with = "lenient::option")]
    pub order_id: Option<String>,
    /// A further id the API sometimes fills (meaning undocumented).
    #[serde(default, deserialize_with = "lenient::option")]
    pub invoice_id: Option<String>,
    /// Whether the payer must give an e-mail address.
    #[serde(default, deserialize_with = "lenient::option")]
    pub is_email_required: Option<bool>,
    /// The payment page.
    #[serde(default, deserialize_with = "lenient::option")]
    pub link: Option<String>,
    /// The payment URL, where sent.
    #[serde(default, deserialize_with = "lenient::option")]
    pub pay_url: Option<String>,
    /// Transaction hashes of the payment (empty entries dropped).
    #[serde(default, deserialize_with = "lenient::strings")]
    pub tx_list: Vec<String>,
    /// Whether this is a test invoice.
    #[serde(default, deserialize_with = "lenient::option")]
    pub test_mode: Option<bool>,
    /// The coin, once chosen or pre-selected.
    #[serde(default, deserialize_with = "lenient::option")]
    pub currency: Option<InvoiceCurrency>,
    /// The shop.
    #[serde(default, deserialize_with = "lenient::option")]
    pub project: Option<Project>,
    /// Whether AML checks apply (undocumented).
    #[serde(default, deserialize_with = "lenient::option")]
    pub aml_enabled: Option<bool>,
    /// Who bears AML checks (undocumented).
    #[serde(default, deserialize_with = "lenient::option")]
    pub aml_side: Option<CommissionSide>,
    /// Payment-page step (undocumented).
    #[serde(default, deserialize_with = "lenient::option")]
    pub step: Option<i64>,
}

impl Invoice {
    /// An invoice with only its id and status, every other field absent; the starting point for
    /// building one in tests or a local server.
    pub fn new(uuid: InvoiceId, status: InvoiceStatus) -> Invoice {
        Invoice {
            uuid,
            status,
            created: None,
            expiry_date: None,
            date_finished: None,
            address: None,
            side_commission: None,
            side_commission_cc: None,
            amount: None,
            amount_usd: None,
            amount_in_fiat: None,
            amount_in_crypto: None,
            amount_to_pay: None,
            amount_to_pay_usd: None,
            amount_paid: None,
            amount_paid_usd: None,
            fee: None,
            fee_usd: None,
            service_fee: None,
            service_fee_usd: None,
            received: None,
            received_usd: None,
            to_surcharge: None,
            to_surcharge_usd: None,
            total_rub: None,
            fiat_currency: None,
            invoice_status: None,
            kind: None,
            type_payments: None,
            order_id: None,
            invoice_id: None,
            is_email_required: None,
            link: None,
            pay_url: None,
            tx_list: Vec::new(),
            test_mode: None,
            currency: None,
            project: None,
            aml_enabled: None,
            aml_side: None,
            step: None,
        }
    }
}
