//! A local server run as its own process for a measurement: it says where it listens on its
//! first line of output and is ended when dropped.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

pub(super) struct LocalServer {
    child: Child,
    pub(super) url: String,
}

impl LocalServer {
    /// Starts `command` and waits for the first `http://` URL it prints.
    pub(super) fn start(mut command: Command) -> Result<LocalServer, String> {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|error| format!("cannot start {command:?}: {error}"))?;
        let mut first = String::new();
        if let Some(stdout) = child.stdout.take() {
            let mut lines = BufReader::new(stdout);
            let _ = lines.read_line(&mut first);
            // Keep draining, so the server never writes into a closed pipe.
            std::thread::spawn(move || std::io::copy(&mut lines, &mut std::io::sink()));
        }
        let url = first
            .split_whitespace()
            .find(|word| word.starts_with("http://"))
            .map(str::to_owned);
        let mut server = LocalServer {
            child,
            url: String::new(),
        };
        match url {
            Some(url) => {
                server.url = url;
                Ok(server)
            }
            None => Err(format!(
                "{command:?} did not say where it listens: {first:?}"
            )),
        }
    }
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        // Closing stdin ends a server that waits on it; kill the others.
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
