//! The outbox's vocabulary: the kinds of domain event, the channels a notification goes out
//! on, and where a delivery stands. Notifications, preferences and webhooks build on these.

use serde::{Deserialize, Serialize};

crate::string_enum!(
    /// Something that happened that someone should hear about. The wire name is
    /// `<subject>.<what happened>`; webhooks subscribe to these names.
    EventKind {
        /// A sign-up was accepted (at once, or by the leader).
        SignUpAccepted = "sign_up.accepted",
        /// A sign-up went on the waiting list.
        SignUpWaitlisted = "sign_up.waitlisted",
        /// A waiting-list sign-up got a place.
        SignUpPromoted = "sign_up.promoted",
        /// An activity's time or place changed.
        ActivityChanged = "activity.changed",
        /// An activity was cancelled.
        ActivityCancelled = "activity.cancelled",
        /// An accepted volunteer's reminder (24 h and 2 h before the start).
        ActivityReminder = "activity.reminder",
        /// Service hours were verified.
        HoursVerified = "hours.verified",
        /// Service hours were disputed.
        HoursDisputed = "hours.disputed",
        /// A volunteer reached a new star level.
        StarReached = "star.reached",
        /// A voucher was issued (a redemption).
        VoucherIssued = "voucher.issued",
        /// A voucher expires soon.
        VoucherExpiring = "voucher.expiring",
        /// A social team's registration was approved or rejected.
        TeamRegistrationDecided = "team.registration_decided",
        /// A request to join a team was accepted or declined.
        TeamJoinDecided = "team.join_decided",
        /// A need was accepted in triage.
        NeedAccepted = "need.accepted",
        /// A need was rejected in triage (with the reason).
        NeedRejected = "need.rejected",
        /// A need was fulfilled.
        NeedFulfilled = "need.fulfilled",
        /// An order was taken (接单) or accepted by its provider.
        OrderTaken = "order.taken",
        /// An order's activity was set.
        OrderScheduled = "order.scheduled",
        /// An order's activity finished.
        OrderCompleted = "order.completed",
        /// An order untaken past its take-by time went to the admins of the area above.
        OrderEscalated = "order.escalated",
        /// A webhook was disabled after repeated failures (told to the platform admins).
        WebhookDisabled = "webhook.disabled",
    }
);

crate::string_enum!(
    /// Where a notification goes out.
    Channel {
        /// The in-app inbox (站内信): never delayed by quiet hours.
        Inbox = "inbox",
        /// A text message to the account's phone.
        Sms = "sms",
        /// A WeChat template message to the bound WeChat user.
        Wechat = "wechat",
        /// An integrator's webhook.
        Webhook = "webhook",
    }
);

crate::string_enum!(
    /// Where one delivery stands: pending → sending → delivered; a failed attempt waits for its
    /// retry (failed → sending …) until the attempts run out (dead).
    DeliveryStatus {
        /// Waiting for its first attempt (or held by quiet hours).
        Pending = "pending",
        /// Claimed by a worker, which holds it until its lease runs out.
        Sending = "sending",
        Delivered = "delivered",
        /// The last attempt failed; the next is scheduled.
        Failed = "failed",
        /// Every attempt failed; only a manual retry sends it again.
        Dead = "dead",
    }
);

crate::string_enum!(
    /// Whether a webhook is pushed to.
    WebhookStatus {
        Active = "active",
        /// Turned off after repeated failure (or by hand); enable it again with a PATCH.
        Disabled = "disabled",
    }
);

crate::string_enum!(
    /// What an SMS code confirms.
    PhoneCodePurpose {
        /// Registering an account with this phone.
        Register = "register",
        /// Resetting a forgotten password.
        ResetPassword = "reset_password",
    }
);

/// What an event is about: `{"type": "activity", "id": 12}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventSubject {
    /// `sign_up`, `activity`, `service_record`, `volunteer`, `voucher`, `team`, `membership`,
    /// `need`, `order` or `webhook`.
    #[serde(rename = "type")]
    pub subject_type: String,
    pub id: i64,
}
