//! A raw TCP server on 127.0.0.1 for what a well-behaved HTTP server cannot do: resets,
//! truncated bodies, lies in Content-Length.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// What to do once a request has been read.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Fault {
    /// Close the connection without a byte of answer.
    CloseBeforeHeaders,
    /// Abort the connection (TCP RST) without a byte of answer.
    ResetBeforeHeaders,
    /// Send the status line and headers, then abort (TCP RST).
    ResetAfterHeaders,
    /// Promise 1000 bytes, send 20, close.
    TruncatedBody,
    /// A 200 whose chunked body runs past `limit` bytes with no Content-Length.
    Chunked { bytes: usize },
    /// A well-formed answer.
    Answer(&'static str),
    /// A chunked answer in pieces of 7 bytes, each written on its own, a moment apart.
    InPieces(&'static str),
    /// Promise the length of the answer, then send the answer and this much more.
    Overlong(&'static str, &'static str),
    /// Promise this many bytes, send the headers, then wait a second before closing.
    Promise(u64),
}

pub(crate) struct RawServer {
    pub(crate) url: String,
    requests: Arc<AtomicUsize>,
    task: JoinHandle<()>,
}

impl RawServer {
    pub(crate) async fn start(fault: Fault) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(AtomicUsize::new(0));
        let task = tokio::spawn({
            let requests = Arc::clone(&requests);
            async move {
                while let Ok((stream, _)) = listener.accept().await {
                    let requests = Arc::clone(&requests);
                    tokio::spawn(async move {
                        let _ = serve(stream, fault, &requests).await;
                    });
                }
            }
        });
        RawServer {
            url,
            requests,
            task,
        }
    }

    pub(crate) fn request_count(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(mut stream: TcpStream, fault: Fault, requests: &AtomicUsize) -> std::io::Result<()> {
    loop {
        if !read_request(&mut stream).await? {
            return Ok(());
        }
        requests.fetch_add(1, Ordering::SeqCst);
        match fault {
            Fault::CloseBeforeHeaders => return Ok(()),
            Fault::ResetBeforeHeaders => return reset(stream),
            Fault::ResetAfterHeaders => {
                stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n").await?;
                stream.flush().await?;
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                return reset(stream);
            }
            Fault::TruncatedBody => {
                stream
                    .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{\"status\":\"success\",")
                    .await?;
                return stream.shutdown().await;
            }
            Fault::Chunked { bytes } => {
                stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n").await?;
                let chunk = vec![b' '; 16 * 1024];
                let mut sent = 0;
                while sent < bytes {
                    stream
                        .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                        .await?;
                    stream.write_all(&chunk).await?;
                    stream.write_all(b"\r\n").await?;
                    sent += chunk.len();
                }
                stream.write_all(b"0\r\n\r\n").await?;
            }
            Fault::Answer(body) => {
                stream.write_all(head(body.len()).as_bytes()).await?;
                stream.write_all(body.as_bytes()).await?;
            }
            Fault::InPieces(body) => {
                stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n").await?;
                for piece in body.as_bytes().chunks(7) {
                    stream
                        .write_all(format!("{:x}\r\n", piece.len()).as_bytes())
                        .await?;
                    stream.write_all(piece).await?;
                    stream.write_all(b"\r\n").await?;
                    stream.flush().await?;
                    tokio::time::sleep(std::time::Duration::from_millis(1)).await;
                }
                stream.write_all(b"0\r\n\r\n").await?;
            }
            Fault::Overlong(body, more) => {
                stream.write_all(head(body.len()).as_bytes()).await?;
                stream.write_all(body.as_bytes()).await?;
                stream.write_all(more.as_bytes()).await?;
            }
            Fault::Promise(length) => {
                stream.write_all(head(length).as_bytes()).await?;
                stream.flush().await?;
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                return stream.shutdown().await;
            }
        }
    }
}

/// A 200's status line and headers, announcing `length` bytes of JSON.
fn head(length: impl std::fmt::Display) -> String {
    format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {length}\r\n\r\n")
}

/// Reads one request (head and Content-Length body); false at end of stream.
async fn read_request(stream: &mut TcpStream) -> std::io::Result<bool> {
    let mut buffer = Vec::new();
    let mut byte = [0u8; 1];
    while !buffer.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).await? == 0 {
            return Ok(false);
        }
        buffer.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&buffer).to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|value| value.trim().parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).await?;
    Ok(true)
}

fn reset(stream: TcpStream) -> std::io::Result<()> {
    stream.set_zero_linger()?;
    drop(stream);
    Ok(())
}
