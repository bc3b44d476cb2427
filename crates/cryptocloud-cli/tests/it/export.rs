//! `invoices export`: every format, files and their extensions.

use cryptocloud::Invoice;

use crate::{in_january, invoices, run, server, stderr, stdout, today};

#[tokio::test(flavor = "multi_thread")]
async fn csv_export_matches_the_data_set_exactly() {
    let server = server().await;
    let output = run(
        &server,
        &[
            "invoices",
            "export",
            "01.01.2026",
            "31.01.2026",
            "--format",
            "csv",
            "--page-size",
            "17",
        ],
        b"",
    )
    .await;
    assert!(output.status.success(), "{}", stderr(&output));
    let all = invoices(&server);
    let expected = in_january(&all);
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "invoice");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), expected.len());
    for (row, invoice) in rows.iter().zip(&expected) {
        assert_eq!(&row[0], invoice.uuid.to_string());
        assert_eq!(&row[2], invoice.status.as_str());
        assert_eq!(
            row[3].parse::<cryptocloud::Money>().unwrap(),
            invoice.amount_usd.unwrap(),
            "exact decimal amounts"
        );
        assert_eq!(
            row[4].parse::<cryptocloud::Money>().unwrap(),
            invoice.amount.unwrap()
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn json_ndjson_and_table_exports() {
    let server = server().await;
    let expected = in_january(&invoices(&server)).len();
    let json = run(
        &server,
        &[
            "invoices",
            "export",
            "01.01.2026",
            "31.01.2026",
            "-f",
            "json",
        ],
        b"",
    )
    .await;
    let parsed: Vec<Invoice> = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(parsed.len(), expected);
    let ndjson = run(
        &server,
        &[
            "invoices",
            "export",
            "01.01.2026",
            "31.01.2026",
            "-f",
            "ndjson",
        ],
        b"",
    )
    .await;
    assert_eq!(stdout(&ndjson).lines().count(), expected);
    let table = run(
        &server,
        &["invoices", "export", "01.01.2026", "31.01.2026"],
        b"",
    )
    .await;
    assert_eq!(
        stdout(&table).lines().count(),
        expected + 1,
        "a header and a line per invoice"
    );

    let dir = std::env::temp_dir().join(format!("cryptocloud-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("january.csv");
    let to_file = run(
        &server,
        &[
            "invoices",
            "export",
            "01.01.2026",
            "31.01.2026",
            "-o",
            file.to_str().unwrap(),
        ],
        b"",
    )
    .await;
    assert!(to_file.status.success());
    assert!(
        stderr(&to_file).contains(&format!("{expected} invoices written")),
        "{}",
        stderr(&to_file)
    );
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(
        written.starts_with("invoice,created,status"),
        "the .csv extension chose CSV"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_export_leaves_the_old_file_and_no_half_file() {
    let server = server().await;
    let dir = std::env::temp_dir().join(format!("cryptocloud-atomic-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("january.csv");
    std::fs::write(&file, "yesterday's export\n").unwrap();
    let path = file.to_str().unwrap();

    // Nothing listens on port 1: the export fails before any invoice.
    let failed = run(
        &server,
        &[
            "invoices",
            "export",
            "01.01.2026",
            "31.01.2026",
            "-o",
            path,
            "--base-url",
            "http://127.0.0.1:1",
        ],
        b"",
    )
    .await;
    assert_ne!(failed.status.code(), Some(0), "{}", stderr(&failed));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "yesterday's export\n"
    );
    let leftovers: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left behind");

    let done = run(
        &server,
        &["invoices", "export", "01.01.2026", "31.01.2026", "-o", path],
        b"",
    )
    .await;
    assert_eq!(done.status.code(), Some(0), "{}", stderr(&done));
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .starts_with("invoice,")
    );
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn prefetch_is_capped() {
    let server = server().await;
    let flood = run(
        &server,
        &[
            "invoices",
            "export",
            "01.01.2026",
            "31.01.2026",
            "--prefetch",
            "2000",
        ],
        b"",
    )
    .await;
    assert_eq!(flood.status.code(), Some(2));
    assert!(stderr(&flood).contains("1..=32"), "{}", stderr(&flood));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_export_through_a_symbolic_link_writes_its_target_and_keeps_the_link() {
    let server = server().await;
    let dir = std::env::temp_dir().join(format!("cryptocloud-link-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let target = dir.join("real.csv");
    let link = dir.join("link.csv");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let done = run(
        &server,
        &[
            "invoices",
            "export",
            "01.01.2026",
            "31.01.2026",
            "-o",
            link.to_str().unwrap(),
        ],
        b"",
    )
    .await;
    assert_eq!(done.status.code(), Some(0), "{}", stderr(&done));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link is not renamed over"
    );
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .starts_with("invoice,")
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn csv_cells_a_spreadsheet_would_run_as_formulas_are_neutralised() {
    let server = server().await;
    let orders = ["=HYPERLINK(\"http://x\")", "+1+1", "-1+1", "@SUM(1)"];
    for order in orders {
        // `--order-id=…`: an order id may start with `-`.
        let order_id = format!("--order-id={order}");
        let args = ["invoice", "create", "--amount", "10", &order_id];
        let created = run(&server, &args, b"").await;
        assert_eq!(created.status.code(), Some(0), "{}", stderr(&created));
        let found = ["invoices", "find", &order_id, "-f", "csv"];
        let found = run(&server, &found, b"").await;
        let mut csv = csv::Reader::from_reader(found.stdout.as_slice());
        let row = csv.records().next().unwrap().unwrap();
        assert_eq!(&row[9], format!("'{order}"), "invoices find -f csv");
    }
    let today = today();
    let export = ["invoices", "export", &today, &today, "-f", "csv"];
    let export = run(&server, &export, b"").await;
    assert_eq!(export.status.code(), Some(0), "{}", stderr(&export));
    let mut csv = csv::Reader::from_reader(export.stdout.as_slice());
    let rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    let cells: Vec<&str> = rows.iter().map(|row| &row[9]).collect();
    for order in orders {
        assert!(cells.contains(&format!("'{order}").as_str()), "{cells:?}");
    }
    for row in &rows {
        row[3].parse::<cryptocloud::Money>().unwrap();
    }
}
