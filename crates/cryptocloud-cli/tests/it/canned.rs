//! A raw HTTP server on 127.0.0.1 that answers each path with a fixed status and body: for what
//! the local server does not send (a gateway's 504 or 524 page, statuses no documented invoice
//! has). Its answers are written here as text, never built from the SDK's models.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// One path's answer.
#[derive(Clone, Debug)]
pub(crate) struct Answer {
    pub(crate) path: &'static str,
    pub(crate) status: u16,
    pub(crate) content_type: &'static str,
    pub(crate) body: String,
}

impl Answer {
    /// A `{"status":"success","result":…}` answer with `result` as written.
    pub(crate) fn success(path: &'static str, result: &str) -> Answer {
        Answer {
            path,
            status: 200,
            content_type: "application/json",
            body: format!(r#"{{"status":"success","result":{result}}}"#),
        }
    }

    /// A gateway's page: not JSON.
    pub(crate) fn gateway(path: &'static str, status: u16, body: &str) -> Answer {
        Answer {
            path,
            status,
            content_type: "text/html",
            body: body.to_owned(),
        }
    }
}

pub(crate) struct Canned {
    pub(crate) url: String,
    paths: Arc<Mutex<Vec<String>>>,
    task: JoinHandle<()>,
}

impl Canned {
    pub(crate) async fn start(answers: Vec<Answer>) -> Canned {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let paths = Arc::new(Mutex::new(Vec::new()));
        let answers = Arc::new(answers);
        let task = tokio::spawn({
            let paths = Arc::clone(&paths);
            async move {
                while let Ok((stream, _)) = listener.accept().await {
                    let (paths, answers) = (Arc::clone(&paths), Arc::clone(&answers));
                    tokio::spawn(async move {
                        let _ = serve(stream, &answers, &paths).await;
                    });
                }
            }
        });
        Canned { url, paths, task }
    }

    /// The paths requested so far, in order.
    pub(crate) fn requested(&self) -> Vec<String> {
        self.paths.lock().unwrap().clone()
    }
}

impl Drop for Canned {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(
    mut stream: TcpStream,
    answers: &[Answer],
    paths: &Mutex<Vec<String>>,
) -> std::io::Result<()> {
    let mut buffer = Vec::new();
    loop {
        let Some(path) = read_request(&mut stream, &mut buffer).await? else {
            return Ok(());
        };
        paths.lock().unwrap().push(path.clone());
        let answer = answers.iter().find(|answer| answer.path == path);
        let (status, content_type, body) = answer.map_or(
            (404, "application/json", r#"{"detail":"Not found."}"#),
            |answer| (answer.status, answer.content_type, answer.body.as_str()),
        );
        let head = format!(
            "HTTP/1.1 {status} Canned\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes()).await?;
        stream.write_all(body.as_bytes()).await?;
        stream.flush().await?;
    }
}

/// Reads one request (head and `content-length` body); its path without the query, or `None`
/// when the client closed the connection.
async fn read_request(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
) -> std::io::Result<Option<String>> {
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
            break at + 4;
        }
        let mut chunk = [0; 4096];
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            return Ok(None);
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let length: usize = head
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .map_or(0, |(_, value)| value.trim().parse().unwrap());
    while buffer.len() < head_end + length {
        let mut chunk = [0; 4096];
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            return Ok(None);
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
    buffer.drain(..head_end + length);
    let target = head.split(' ').nth(1).unwrap_or("/");
    Ok(Some(target.split('?').next().unwrap_or("/").to_owned()))
}
