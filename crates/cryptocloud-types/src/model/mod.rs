//! What the API answers with: one file per response shape.

#[cfg(feature = "models")]
mod balance;
#[cfg(feature = "models")]
mod cancel;
#[cfg(any(feature = "models", feature = "postback"))]
mod currency;
#[cfg(any(feature = "models", feature = "postback"))]
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
#[cfg(any(feature = "models", feature = "postback"))]
pub use currency::{BalanceCurrency, InvoiceCurrency, Network};
#[cfg(any(feature = "models", feature = "postback"))]
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
