//! What the API answers with: one file per response shape.

#[cfg(feature = "models")]
mod balance;
#[cfg(feature = "models")]
mod cancel;
mod currency;
mod invoice;
#[cfg(feature = "models")]
mod invoice_list;
mod raw_fields;
#[cfg(feature = "models")]
mod static_wallet;
#[cfg(feature = "models")]
mod statistics;
#[cfg(feature = "models")]
mod withdrawal;

#[cfg(feature = "models")]
pub use balance::BalanceEntry;
#[cfg(feature = "models")]
pub use cancel::Cancelled;
pub use currency::{BalanceCurrency, InvoiceCurrency, Network};
pub use invoice::{
    CommissionSide, Invoice, InvoiceStage, InvoiceStatus, InvoiceType, PaymentType, Project,
};
#[cfg(feature = "models")]
pub use invoice_list::{InvoiceList, UnreadableInvoice};
pub use raw_fields::{RawField, RawFieldKind, RawFields, RawJson};
#[cfg(feature = "models")]
pub use static_wallet::StaticWallet;
#[cfg(feature = "models")]
pub use statistics::{Statistics, StatusAmounts, StatusCounts};
#[cfg(feature = "models")]
pub use withdrawal::{Withdrawal, WithdrawalStatus};
