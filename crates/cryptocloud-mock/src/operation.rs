//! The API's routes, from the reference's table: the path each operation is served at and the
//! name the counters and one-shot faults know it by.

use serde::Deserialize;

/// An API operation the server serves, as [`MockStats::by_route`](crate::MockStats::by_route)
/// and [`MockServer::fail_next`](crate::MockServer::fail_next) name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Operation {
    /// `POST /v2/invoice/create` (`create_invoice`).
    CreateInvoice,
    /// `POST /v2/invoice/merchant/canceled` (`cancel_invoice`).
    CancelInvoice,
    /// `POST /v2/invoice/merchant/info` (`invoice_info`).
    InvoiceInfo,
    /// `POST /v2/invoice/merchant/list` (`list_invoices`).
    ListInvoices,
    /// `POST /v2/invoice/merchant/statistics` (`statistics`).
    Statistics,
    /// `POST /v2/merchant/wallet/balance/all` (`balance`).
    Balance,
    /// `POST /v2/invoice/static/create` (`create_static_wallet`).
    CreateStaticWallet,
    /// `POST /v2/invoice/api/out/create` (`create_withdrawal`).
    CreateWithdrawal,
}

const ROUTES: [(&str, Operation, &str); 8] = [
    (
        "/v2/invoice/create",
        Operation::CreateInvoice,
        "create_invoice",
    ),
    (
        "/v2/invoice/merchant/canceled",
        Operation::CancelInvoice,
        "cancel_invoice",
    ),
    (
        "/v2/invoice/merchant/info",
        Operation::InvoiceInfo,
        "invoice_info",
    ),
    (
        "/v2/invoice/merchant/list",
        Operation::ListInvoices,
        "list_invoices",
    ),
    (
        "/v2/invoice/merchant/statistics",
        Operation::Statistics,
        "statistics",
    ),
    (
        "/v2/merchant/wallet/balance/all",
        Operation::Balance,
        "balance",
    ),
    (
        "/v2/invoice/static/create",
        Operation::CreateStaticWallet,
        "create_static_wallet",
    ),
    (
        "/v2/invoice/api/out/create",
        Operation::CreateWithdrawal,
        "create_withdrawal",
    ),
];

impl Operation {
    /// The operation served at `path` (a trailing slash is accepted, as Django's is).
    pub(crate) fn at(path: &str) -> Option<Operation> {
        let path = path
            .strip_suffix('/')
            .filter(|path| !path.is_empty())
            .unwrap_or(path);
        ROUTES
            .iter()
            .find(|(known, _, _)| *known == path)
            .map(|(_, operation, _)| *operation)
    }

    /// The name the counters use (`create_invoice`, `list_invoices`, …).
    pub fn name(self) -> &'static str {
        ROUTES
            .iter()
            .find(|(_, operation, _)| *operation == self)
            .map_or("unknown", |(_, _, name)| name)
    }

    /// The path it is served at (`/v2/invoice/create`, …).
    pub fn path(self) -> &'static str {
        ROUTES
            .iter()
            .find(|(_, operation, _)| *operation == self)
            .map_or("/", |(path, _, _)| path)
    }
}

#[cfg(test)]
mod tests {
    use super::Operation;

    #[test]
    fn routes_come_from_the_reference_table() {
        assert_eq!(
            Operation::at("/v2/invoice/create/"),
            Some(Operation::CreateInvoice)
        );
        assert_eq!(Operation::at("/v2/invoice/nothing"), None);
        assert_eq!(Operation::Balance.name(), "balance");
        assert_eq!(
            Operation::at(Operation::CreateWithdrawal.path()),
            Some(Operation::CreateWithdrawal)
        );
    }
}
