//! Inbox lines as the API shows them.

use youai_db::notifications as db;
use youai_types::Notification;

use crate::convert::utc;

pub fn notification(n: db::Notification) -> Notification {
    Notification {
        id: n.id,
        kind: n.kind,
        title: n.title,
        body: n.body,
        link: n.link,
        read_at: n.read_at.map(utc),
        created_at: utc(n.created_at),
    }
}
