//! A loopback HTTP server that answers every request with what the test says right now: any
//! status, any bytes, a body cut short, or a hang-up without a word. For clients that must
//! end in time with a typed error whatever a server sends.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// How the server answers: a status (0: it hangs up) and a body, sent whole or cut after
/// `cut_at` bytes (the headers promise the whole body).
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
    pub cut_at: Option<usize>,
    /// Headers sent besides the status line's own (`Retry-After`, say).
    pub headers: Vec<(String, String)>,
}

impl Answer {
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Answer {
            status,
            body: body.into(),
            cut_at: None,
            headers: Vec::new(),
        }
    }

    /// The same answer with one more header.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// A 200 with its whole body: the only answer a client may take as a success.
    pub fn is_whole_success(&self) -> bool {
        self.status == 200 && self.cut_at.is_none_or(|cut| cut >= self.body.len())
    }
}

/// Serves on `127.0.0.1` with the current `answer`, which the test may change between
/// requests, and returns the base URL. Each `{NEXT}` in a body becomes a new word, `n1`,
/// `n2`…, one per connection: a server that pages for ever. Every answer closes its
/// connection.
pub async fn serve(answer: Arc<Mutex<Answer>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let mut served = 0u64;
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            served += 1;
            let answer = answer.lock().unwrap().clone();
            tokio::spawn(answer_one(stream, answer, served));
        }
    });
    base
}

async fn answer_one(mut stream: TcpStream, answer: Answer, n: u64) {
    if !read_request(&mut stream).await || answer.status == 0 {
        return;
    }
    let body = if answer.body.windows(6).any(|w| w == b"{NEXT}") {
        String::from_utf8_lossy(&answer.body)
            .replace("{NEXT}", &format!("n{n}"))
            .into_bytes()
    } else {
        answer.body
    };
    let sent = answer
        .cut_at
        .filter(|cut| *cut < body.len())
        .unwrap_or(body.len());
    let extra: String = answer
        .headers
        .iter()
        .map(|(name, value)| format!("{name}: {value}\r\n"))
        .collect();
    // JSON unless the test names another type.
    let content_type = if answer
        .headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("content-type"))
    {
        ""
    } else {
        "Content-Type: application/json\r\n"
    };
    let mut response = format!(
        "HTTP/1.1 {} X\r\n{content_type}Content-Length: {}\r\n{extra}Connection: close\r\n\r\n",
        answer.status,
        body.len()
    )
    .into_bytes();
    response.extend_from_slice(&body[..sent]);
    let _ = stream.write_all(&response).await;
    let _ = stream.shutdown().await;
}

/// Reads the head, then as much body as `Content-Length` says; false if the client left.
async fn read_request(stream: &mut TcpStream) -> bool {
    let mut request = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        if let Some(end) = request.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&request[..end]).to_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            if request.len() >= end + 4 + length {
                return true;
            }
        }
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return false,
            Ok(k) => request.extend_from_slice(&buf[..k]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn get(base: &str, body: &str) -> Vec<u8> {
        let mut stream = TcpStream::connect(base.trim_start_matches("http://"))
            .await
            .unwrap();
        let request = format!(
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).await.unwrap();
        response
    }

    #[tokio::test]
    async fn it_answers_as_told_and_pages_for_ever() {
        let answer = Arc::new(Mutex::new(Answer::new(200, r#"{"next":"{NEXT}"}"#)));
        let base = serve(answer.clone()).await;
        let first = String::from_utf8(get(&base, "{}").await).unwrap();
        assert!(first.starts_with("HTTP/1.1 200"), "{first}");
        assert!(first.ends_with(r#"{"next":"n1"}"#), "{first}");
        let second = String::from_utf8(get(&base, "").await).unwrap();
        assert!(second.ends_with(r#"{"next":"n2"}"#), "{second}");

        *answer.lock().unwrap() = Answer {
            cut_at: Some(3),
            ..Answer::new(502, "0123456789")
        };
        let cut = String::from_utf8(get(&base, "").await).unwrap();
        assert!(cut.contains("Content-Length: 10\r\n"), "{cut}");
        assert!(cut.ends_with("\r\n\r\n012"), "{cut}");

        *answer.lock().unwrap() = Answer::new(0, "");
        assert!(get(&base, "").await.is_empty(), "a hang-up says nothing");
    }
}
