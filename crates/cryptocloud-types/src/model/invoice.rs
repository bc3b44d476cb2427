//! The invoice object, as list, info, create and postbacks return it.

use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;

use crate::open_enum::open_enum;
use crate::wire::model::WireModel;
use crate::{FiatCurrency, InvoiceCurrency, InvoiceId, Money, RawFields, RawJson, Timestamp};

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
#[derive(Clone, Debug, Default, PartialEq, Eq, WireModel)]
#[non_exhaustive]
pub struct Project {
    /// `id`: numeric id.
    pub id: Option<u64>,
    /// `name`: shop name.
    pub name: Option<String>,
    /// `fail`: where the customer goes after a failed payment.
    pub fail: Option<String>,
    /// `success`: where the customer goes after a successful payment.
    pub success: Option<String>,
    /// `logo`: logo URL.
    pub logo: Option<String>,
    /// What the object held that this model did not read: values of an unexpected
    /// shape (their field is absent), unknown and repeated keys, each as raw JSON.
    pub unread: RawFields,
}

/// An invoice. Only `uuid` and `status` are in every shape the API sends, and only they are
/// required: every other field is optional, `"None"`/`""` read as absent, and a value of an
/// unexpected shape leaves its field absent and is kept raw in [`unread`](Self::unread), with
/// every key this version does not know. Amounts are exact; `…_usd` fields are in USD, the
/// others in the invoice's coin unless the name says fiat.
///
/// ```
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::{Invoice, InvoiceStatus, Money};
///
/// let invoice: Invoice = serde_json::from_str(r#"{
///     "uuid": "INV-89UX09KA", "status": "paid", "amount_usd": 100.0,
///     "fee": 4.500000159168849e-06, "created": "2026-01-01T12:00:00+03:00", "pay_url": "None",
///     "test_mode": 0, "something_new": {"the": "API adds fields without notice"}
/// }"#)?;
/// assert_eq!(invoice.uuid.bare(), "89UX09KA");
/// assert_eq!(invoice.status, InvoiceStatus::Paid);
/// assert_eq!(invoice.fee, Some("0.000004500000159168849".parse::<Money>()?));
/// assert_eq!(invoice.created.unwrap().to_string(), "2026-01-01 09:00:00.000000");
/// assert_eq!((invoice.pay_url, invoice.test_mode), (None, Some(false)));
/// assert!(invoice.unread.get("something_new").is_some());
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, WireModel)]
#[non_exhaustive]
pub struct Invoice {
    /// `uuid`: the invoice id (`INV-XXXXXXXX`).
    #[wire(required)]
    pub uuid: InvoiceId,
    /// `status`: where the invoice stands.
    #[wire(required)]
    pub status: InvoiceStatus,
    /// `created`: when it was created (UTC).
    pub created: Option<Timestamp>,
    /// `expiry_date`: when it expires unpaid (UTC).
    pub expiry_date: Option<Timestamp>,
    /// `date_finished`: when payment completed (UTC).
    pub date_finished: Option<Timestamp>,
    /// `address`: the address to pay to; absent until a coin is chosen.
    pub address: Option<String>,
    /// `side_commission`: who pays the network transfer fee.
    pub side_commission: Option<CommissionSide>,
    /// `side_commission_cc`: who pays the service commission (list and info answers).
    pub side_commission_cc: Option<CommissionSide>,
    /// `side_commission_service`: who pays the service commission (the create answer's name for it).
    pub side_commission_service: Option<CommissionSide>,
    /// `amount`: amount in the chosen coin.
    pub amount: Option<Money>,
    /// `amount_usd`: amount in USD.
    pub amount_usd: Option<Money>,
    /// `amount_in_fiat`: amount in the fiat currency the invoice was created in.
    pub amount_in_fiat: Option<Money>,
    /// `amount_in_crypto`: amount in the coin, when one was pre-selected.
    pub amount_in_crypto: Option<Money>,
    /// `amount_to_pay`: amount the customer must pay, commissions included.
    pub amount_to_pay: Option<Money>,
    /// `amount_to_pay_usd`: `amount_to_pay` in USD.
    pub amount_to_pay_usd: Option<Money>,
    /// `amount_paid`: amount paid so far.
    pub amount_paid: Option<Money>,
    /// `amount_paid_usd`: `amount_paid` in USD.
    pub amount_paid_usd: Option<Money>,
    /// `fee`: network transfer fee.
    pub fee: Option<Money>,
    /// `fee_usd`: `fee` in USD.
    pub fee_usd: Option<Money>,
    /// `service_fee`: service commission.
    pub service_fee: Option<Money>,
    /// `service_fee_usd`: `service_fee` in USD.
    pub service_fee_usd: Option<Money>,
    /// `received`: amount credited to the merchant's balance.
    pub received: Option<Money>,
    /// `received_usd`: `received` in USD.
    pub received_usd: Option<Money>,
    /// `to_surcharge`: amount still to pay after a partial payment.
    pub to_surcharge: Option<Money>,
    /// `to_surcharge_usd`: `to_surcharge` in USD.
    pub to_surcharge_usd: Option<Money>,
    /// `total_rub`: amount in roubles (undocumented).
    pub total_rub: Option<Money>,
    /// `fiat_currency`: the fiat currency the invoice was created in.
    pub fiat_currency: Option<FiatCurrency>,
    /// `invoice_status`: processing stage.
    pub invoice_status: Option<InvoiceStage>,
    /// `type`: kind of invoice.
    #[wire(rename = "type")]
    pub kind: Option<InvoiceType>,
    /// `type_payments`: how it is paid.
    pub type_payments: Option<PaymentType>,
    /// `order_id`: the merchant's own order id, as given at creation (a number reads as its digits).
    pub order_id: Option<String>,
    /// `invoice_id`: a further id the API sometimes fills (meaning undocumented).
    pub invoice_id: Option<String>,
    /// `is_email_required`: whether the payer must give an e-mail address.
    pub is_email_required: Option<bool>,
    /// `link`: the payment page.
    pub link: Option<String>,
    /// `pay_url`: the payment URL, where sent.
    pub pay_url: Option<String>,
    /// `tx_list`: transaction hashes of the payment (empty entries dropped).
    #[wire(default)]
    pub tx_list: Vec<String>,
    /// `test_mode`: whether this is a test invoice.
    pub test_mode: Option<bool>,
    /// `currency`: the coin, once chosen or pre-selected; shared by the invoices of a page that
    /// name the same one.
    #[wire(repeats)]
    pub currency: Option<Arc<InvoiceCurrency>>,
    /// `project`: the shop; shared by the invoices of a page that name the same one.
    #[wire(repeats)]
    pub project: Option<Arc<Project>>,
    /// `aml_enabled`: whether AML checks apply (undocumented).
    pub aml_enabled: Option<bool>,
    /// `aml_side`: who bears AML checks (undocumented).
    pub aml_side: Option<CommissionSide>,
    /// `aml_checks`: the AML checks made (undocumented, seen only as `[]`), each kept as the JSON
    /// sent.
    #[wire(default)]
    pub aml_checks: Vec<RawJson>,
    /// `links_invoice`: undocumented, seen only as `null`; kept as the JSON sent.
    pub links_invoice: Option<RawJson>,
    /// `step`: payment-page step (undocumented).
    pub step: Option<i64>,
    /// What the object held that this model did not read: values of an unexpected
    /// shape (their field is absent), unknown and repeated keys, each as raw JSON.
    pub unread: RawFields,
}

impl Invoice {
    /// An invoice with only its id and status, every other field absent; the starting point for
    /// building one in tests or a local server.
    pub fn new(uuid: InvoiceId, status: InvoiceStatus) -> Invoice {
        Invoice::with_required(uuid, status)
    }
}
