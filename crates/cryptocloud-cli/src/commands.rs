//! One function per subcommand.

use std::io::{BufRead, IsTerminal, Read, Write};
use std::process::ExitCode;

use cryptocloud::{
    CreateInvoice, CreateStaticWallet, CreateWithdrawal, DateRange, PageSize, Window,
};

use crate::args::{
    Cli, Command, Format, Global, InvoiceCommand, InvoicesCommand, PostbackCommand, Range,
    StaticWalletCommand, Withdraw,
};
use crate::connect::{self, Session};
use crate::failure::Failure;
use crate::output::{self, Balances, InvoiceSink, Invoices};
use crate::shown::{VALUE, shown};
use crate::{export, postback, reconcile};

pub(crate) async fn run(cli: Cli) -> Result<ExitCode, Failure> {
    let global = &cli.global;
    let format = global.format.unwrap_or(Format::Table);
    match &cli.command {
        Command::Postback(PostbackCommand::Verify(input)) => {
            return postback::verify(global, input, format);
        }
        Command::Postback(PostbackCommand::Confirm(input)) => {
            return postback::confirm(global, input, format).await;
        }
        _ => {}
    }
    let withdrawal_key = match &cli.command {
        Command::Withdraw(withdraw) => connect::withdrawal_key(global, withdraw)?,
        _ => None,
    };
    let session = Session::open(global, withdrawal_key).await?;
    let result = match cli.command {
        Command::Reconcile(options) => match date_range(&options.range) {
            Ok(range) => {
                let mut stdout = std::io::stdout().lock();
                reconcile::run(&session.client, &options, range, format, &mut stdout).await
            }
            Err(failure) => Err(failure),
        },
        command => dispatch(&session, global, command, format)
            .await
            .map(|()| ExitCode::SUCCESS),
    };
    session.close().await;
    result
}

async fn dispatch(
    session: &Session,
    global: &Global,
    command: Command,
    format: Format,
) -> Result<(), Failure> {
    let client = &session.client;
    let mut stdout = std::io::stdout().lock();
    match command {
        Command::Stats(range) => output::write(
            &mut stdout,
            format,
            &client.statistics(date_range(&range)?).await?,
        ),
        Command::Invoices(InvoicesCommand::List {
            range,
            page,
            page_size,
        }) => {
            let window = Window::page(PageSize::new(page_size)?, page)?;
            let page = client.list_invoices(date_range(&range)?, window).await?;
            let mut sink = InvoiceSink::start(format, &mut stdout)?;
            for invoice in &page.invoices {
                sink.write(invoice)?;
            }
            sink.finish().map(drop)
        }
        Command::Invoices(InvoicesCommand::Export {
            range,
            output,
            page_size,
            prefetch,
            strict,
        }) => {
            drop(stdout);
            let options = export::Options {
                range: date_range(&range)?,
                page_size: PageSize::new(page_size)?,
                prefetch: usize::from(prefetch),
                strict,
                output,
                format: global.format,
            };
            export::run(client, options).await
        }
        Command::Invoices(InvoicesCommand::Find {
            order_id,
            start,
            end,
        }) => {
            let range = match (start, end) {
                (Some(start), Some(end)) => date_range(&Range { start, end })?,
                _ => reconcile::today_and_yesterday()?,
            };
            let found = client.find_by_order_id(&order_id.parse()?, range).await?;
            eprintln!(
                "{} invoices with order id {} created {} to {}",
                found.len(),
                shown(&order_id, VALUE),
                range.start(),
                range.end()
            );
            output::write(&mut stdout, format, &Invoices(found))
        }
        Command::Invoice(InvoiceCommand::Create {
            amount,
            currency,
            shop_id,
            order_id,
            email,
        }) => {
            let mut create = CreateInvoice::new(session.shop_id(shop_id.as_deref())?, amount)?
                .currency(currency);
            if let Some(order_id) = order_id {
                create = create.order_id(order_id.parse()?);
            }
            if let Some(email) = email {
                create = create.email(email.parse()?);
            }
            let invoice = client.create_invoice(create).await?;
            output::write(&mut stdout, format, &Invoices(vec![invoice]))
        }
        Command::Invoice(InvoiceCommand::Info { ids }) => {
            let asked = ids.len();
            let list = client.invoice_info(ids).await?;
            let found = list.invoices.len();
            output::write(&mut stdout, format, &Invoices(list.invoices))?;
            for entry in &list.unreadable {
                eprintln!(
                    "warning: an answer entry could not be read ({}): {}",
                    shown(&entry.reason.to_string(), VALUE),
                    shown(entry.raw.text(), VALUE)
                );
            }
            let missing = asked.saturating_sub(found + list.unreadable.len());
            if missing > 0 {
                eprintln!("note: {missing} of {asked} invoices were not found");
            }
            Ok(())
        }
        Command::Invoice(InvoiceCommand::Cancel { id }) => {
            client.cancel_invoice(id.clone()).await?;
            writeln!(stdout, "{id} canceled")?;
            Ok(())
        }
        Command::Balance => output::write(&mut stdout, format, &Balances(client.balance().await?)),
        Command::StaticWallet(StaticWalletCommand::Create {
            currency,
            customer,
            shop_id,
        }) => {
            let wallet =
                CreateStaticWallet::new(session.shop_id(shop_id.as_deref())?, currency, customer)?;
            output::write(
                &mut stdout,
                format,
                &client.create_static_wallet(wallet).await?,
            )
        }
        Command::Withdraw(withdraw) => {
            confirm(&withdraw)?;
            let withdrawal =
                CreateWithdrawal::new(withdraw.currency, withdraw.to, withdraw.amount)?;
            output::write(&mut stdout, format, &client.withdraw(withdrawal).await?)
        }
        Command::Postback(_) | Command::Reconcile(_) => Ok(()),
    }
}

/// Asks on the terminal before a withdrawal, which cannot be undone, unless --yes; without a
/// terminal nobody can answer, so it refuses.
fn confirm(withdraw: &Withdraw) -> Result<(), Failure> {
    if withdraw.yes {
        return Ok(());
    }
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err(Failure::new(
            "withdraw asks for confirmation, and there is no terminal to ask on: nothing was sent",
        )
        .hint("pass --yes to withdraw without asking (in scripts)"));
    }
    eprint!(
        "Withdraw {} {} to {}? This cannot be undone. Type yes to send it: ",
        withdraw.amount,
        shown(withdraw.currency.as_str(), VALUE),
        shown(&withdraw.to, VALUE)
    );
    let mut answer = String::new();
    stdin
        .lock()
        .take(64)
        .read_line(&mut answer)
        .map_err(|error| {
            Failure::new(format!("cannot read the answer: {error}")).caused_by(error)
        })?;
    if answer.trim().eq_ignore_ascii_case("yes") {
        Ok(())
    } else {
        Err(Failure::new("not confirmed: nothing was sent"))
    }
}

fn date_range(range: &Range) -> Result<DateRange, Failure> {
    DateRange::new(range.start, range.end)
        .map_err(|error| Failure::new(error.to_string()).hint("give the earlier date first"))
}
