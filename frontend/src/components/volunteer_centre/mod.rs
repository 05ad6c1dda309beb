//! The volunteer centre's blocks (志愿者中心), on `/me/volunteer`: what I do (check-in code,
//! sign-ups, hours, certificate) and where I stand (star level, points, honours).

mod service;
mod share;
mod standing;

pub use service::{CheckInCode, MyCertificate, MyHours, MySignUps};
pub use share::{CertificateLink, copy_text};
pub use standing::{MyHonours, MyPoints, MyStar, stars};
