//! The signed-in user's inbox (站内信) and notification preferences.

use youai_types::{
    MarkedRead, Notification, NotificationPreferences, NotificationPreferencesUpdate, Page,
    UnreadCount,
};

use super::{ApiClient, ApiError, Query, Verb, to_json};

impl ApiClient {
    /// `GET /me/notifications/unread-count`: the bell's figure.
    pub async fn unread_notifications(self) -> Result<i64, ApiError> {
        let count: UnreadCount = self
            .json(Verb::Get, "/me/notifications/unread-count", None)
            .await?;
        Ok(count.unread)
    }

    /// `GET /me/notifications`: one page of my inbox, newest first (`unread`: only unread).
    pub async fn notifications(
        self,
        unread: bool,
        cursor: Option<&str>,
    ) -> Result<Page<Notification>, ApiError> {
        let path = format!(
            "/me/notifications{}",
            Query::new()
                .opt("unread", unread.then_some("true"))
                .opt("cursor", cursor)
                .finish()
        );
        self.json(Verb::Get, &path, None).await
    }

    /// `POST /me/notifications/{id}/read`
    pub async fn read_notification(self, id: i64) -> Result<Notification, ApiError> {
        let path = format!("/me/notifications/{id}/read");
        self.json(Verb::Post, &path, None).await
    }

    /// `POST /me/notifications/read-all`: how many were unread.
    pub async fn read_all_notifications(self) -> Result<i64, ApiError> {
        let marked: MarkedRead = self
            .json(Verb::Post, "/me/notifications/read-all", None)
            .await?;
        Ok(marked.marked)
    }

    /// `GET /me/notification-preferences`
    pub async fn notification_preferences(self) -> Result<NotificationPreferences, ApiError> {
        self.json(Verb::Get, "/me/notification-preferences", None)
            .await
    }

    /// `PUT /me/notification-preferences`: replaces them; answers what now applies.
    pub async fn put_notification_preferences(
        self,
        update: &NotificationPreferencesUpdate,
    ) -> Result<NotificationPreferences, ApiError> {
        let body = Some(to_json(update)?);
        self.json(Verb::Put, "/me/notification-preferences", body)
            .await
    }
}
