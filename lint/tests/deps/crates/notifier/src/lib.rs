//! Blocks through another dependency: `alert` calls `mailer::send_mail`.

pub fn alert(message: &str) {
    let _ = mailer::send_mail("smtp.example.com:25", message);
}
