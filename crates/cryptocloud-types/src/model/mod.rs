//! What the API answers with: one file per response shape.

mod balance;
mod cancel;
mod currency;
mod invoice;
mod invoice_list;
mod raw_fields;
mod static_wallet;
mod statistics;
mod withdrawal;

pub use balance::BalanceEntry;
pub use cancel::Cancelled;
pub use currency::{BalanceCurrency, InvoiceCurrency, Network};
pub use invoice::{
    CommissionSide, Invoice, InvoiceStage, InvoiceStatus, InvoiceType, PaymentType, Project,
};
pub use invoice_list::{InvoiceList, UnreadableInvoice};
pub use raw_fields::{RawField, RawFieldKind, RawFields, RawJson};
pub use static_wallet::StaticWallet;
pub use statistics::{Statistics, StatusAmounts, StatusCounts};
pub use withdrawal::{Withdrawal, WithdrawalStatus};
