//! The invoice object, as list, info, create and postbacks return it.

use alloc::string::String;
use alloc::vec::Vec;

use crate::open_enum::open_enum;
use crate::wire::model::wire_model;
use crate::{FiatCurrency, InvoiceCurrency, InvoiceId, Money, Timestamp};

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

wire_model! {
    /// The shop an invoice belongs to.
    pub struct Project {
        /// Numeric id.
        "id" => id: opt u64,
        /// Shop name.
        "name" => name: opt String,
        /// Where the customer goes after a failed payment.
        "fail" => fail: opt String,
        /// Where the customer goes after a successful payment.
        "success" => success: opt String,
        /// Logo URL.
        "logo" => logo: opt String,
    }
}

wire_model! {
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
    pub struct Invoice {
        required {
            /// The invoice id (`INV-XXXXXXXX`).
            "uuid" => uuid: InvoiceId,
            /// Where the invoice stands.
            "status" => status: InvoiceStatus,
        }
        /// When it was created (UTC).
        "created" => created: opt Timestamp,
        /// When it expires unpaid (UTC).
        "expiry_date" => expiry_date: opt Timestamp,
        /// When payment completed (UTC).
        "date_finished" => date_finished: opt Timestamp,
        /// The address to pay to; absent until a coin is chosen.
        "address" => address: opt String,
        /// Who pays the network transfer fee.
        "side_commission" => side_commission: opt CommissionSide,
        /// Who pays the service commission (list and info answers).
        "side_commission_cc" => side_commission_cc: opt CommissionSide,
        /// Who pays the service commission (the create answer's name for it).
        "side_commission_service" => side_commission_service: opt CommissionSide,
        /// Amount in the chosen coin.
        "amount" => amount: opt Money,
        /// Amount in USD.
        "amount_usd" => amount_usd: opt Money,
        /// Amount in the fiat currency the invoice was created in.
        "amount_in_fiat" => amount_in_fiat: opt Money,
        /// Amount in the coin, when one was pre-selected.
        "amount_in_crypto" => amount_in_crypto: opt Money,
        /// Amount the customer must pay, commissions included.
        "amount_to_pay" => amount_to_pay: opt Money,
        /// `amount_to_pay` in USD.
        "amount_to_pay_usd" => amount_to_pay_usd: opt Money,
        /// Amount paid so far.
        "amount_paid" => amount_paid: opt Money,
        /// `amount_paid` in USD.
        "amount_paid_usd" => amount_paid_usd: opt Money,
        /// Network transfer fee.
        "fee" => fee: opt Money,
        /// `fee` in USD.
        "fee_usd" => fee_usd: opt Money,
        /// Service commission.
        "service_fee" => service_fee: opt Money,
        /// `service_fee` in USD.
        "service_fee_usd" => service_fee_usd: opt Money,
        /// Amount credited to the merchant's balance.
        "received" => received: opt Money,
        /// `received` in USD.
        "received_usd" => received_usd: opt Money,
        /// Amount still to pay after a partial payment.
        "to_surcharge" => to_surcharge: opt Money,
        /// `to_surcharge` in USD.
        "to_surcharge_usd" => to_surcharge_usd: opt Money,
        /// Amount in roubles (undocumented).
        "total_rub" => total_rub: opt Money,
        /// The fiat currency the invoice was created in.
        "fiat_currency" => fiat_currency: opt FiatCurrency,
        /// Processing stage.
        "invoice_status" => invoice_status: opt InvoiceStage,
        /// Kind of invoice.
        "type" => kind: opt InvoiceType,
        /// How it is paid.
        "type_payments" => type_payments: opt PaymentType,
        /// The merchant's own order id, as given at creation (a number reads as its digits).
        "order_id" => order_id: opt String,
        /// A further id the API sometimes fills (meaning undocumented).
        "invoice_id" => invoice_id: opt String,
        /// Whether the payer must give an e-mail address.
        "is_email_required" => is_email_required: opt bool,
        /// The payment page.
        "link" => link: opt String,
        /// The payment URL, where sent.
        "pay_url" => pay_url: opt String,
        /// Transaction hashes of the payment (empty entries dropped).
        "tx_list" => tx_list: def Vec<String>,
        /// Whether this is a test invoice.
        "test_mode" => test_mode: opt bool,
        /// The coin, once chosen or pre-selected.
        "currency" => currency: opt InvoiceCurrency,
        /// The shop.
        "project" => project: opt Project,
        /// Whether AML checks apply (undocumented).
        "aml_enabled" => aml_enabled: opt bool,
        /// Who bears AML checks (undocumented).
        "aml_side" => aml_side: opt CommissionSide,
        /// Payment-page step (undocumented).
        "step" => step: opt i64,
    }
}

impl Invoice {
    /// An invoice with only its id and status, every other field absent; the starting point for
    /// building one in tests or a local server.
    pub fn new(uuid: InvoiceId, status: InvoiceStatus) -> Invoice {
        Invoice::with_required(uuid, status)
    }
}
