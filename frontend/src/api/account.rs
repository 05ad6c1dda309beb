//! Signing in and out, and what the signed-in user has: their account, memberships, sign-ups,
//! points, vouchers and check-in token.

use youai_types::{
    CheckInToken, LoginRequest, Me, Membership, MySignUp, PasswordChange, PasswordReset,
    PhoneCodeRequest, PhoneCodeSent, PhoneVerification, PointsAccount, RefreshRequest,
    RegisterRequest, TokenResponse, User, Voucher,
};

use super::{ApiClient, ApiError, Tokens, Verb, read_json, send, to_json, tokens};

impl ApiClient {
    /// `POST /auth/login`; stores the tokens on success.
    pub async fn login(self, request: &LoginRequest) -> Result<(), ApiError> {
        let res = send(Verb::Post, "/auth/login", Some(to_json(request)?), None).await?;
        let issued: TokenResponse = read_json(res).await?;
        self.store(&Tokens::from(issued));
        Ok(())
    }

    /// `POST /auth/register`: a new account (signed in afterwards with [`Self::login`]).
    pub async fn register(self, request: &RegisterRequest) -> Result<User, ApiError> {
        let res = send(Verb::Post, "/auth/register", Some(to_json(request)?), None).await?;
        read_json(res).await
    }

    /// `GET /auth/phone-verification`: whether registering needs an SMS code here.
    pub async fn phone_verification(self) -> Result<PhoneVerification, ApiError> {
        self.json(Verb::Get, "/auth/phone-verification", None).await
    }

    /// `POST /auth/phone-codes`: a 6-digit code to the phone by SMS.
    pub async fn send_phone_code(
        self,
        request: &PhoneCodeRequest,
    ) -> Result<PhoneCodeSent, ApiError> {
        self.json(Verb::Post, "/auth/phone-codes", Some(to_json(request)?))
            .await
    }

    /// `POST /auth/password-reset`: a new password by SMS code; every login is signed out.
    pub async fn reset_password(self, request: &PasswordReset) -> Result<(), ApiError> {
        self.no_content(Verb::Post, "/auth/password-reset", Some(to_json(request)?))
            .await
    }

    /// `POST /me/password`; every other login of the account ends, and this one carries on
    /// with the fresh tokens the answer brings.
    pub async fn change_password(self, request: &PasswordChange) -> Result<(), ApiError> {
        let issued: TokenResponse = self
            .json(Verb::Post, "/me/password", Some(to_json(request)?))
            .await?;
        self.store(&Tokens::from(issued));
        Ok(())
    }

    /// `GET /me`: the signed-in user and their role grants.
    pub async fn me(self) -> Result<Me, ApiError> {
        self.json(Verb::Get, "/me", None).await
    }

    /// `POST /auth/logout`. Signs out locally first, so the UI never waits on the server; the
    /// server call only revokes the refresh token, and a failure there changes nothing here.
    pub async fn logout(self) {
        let Some(current) = tokens::load() else {
            self.forget();
            return;
        };
        self.forget();
        let body = to_json(&RefreshRequest {
            refresh_token: current.refresh,
        });
        if let Ok(body) = body {
            // The answer does not matter: this side has signed out already.
            let _ = send(Verb::Post, "/auth/logout", Some(body), None).await;
        }
    }

    /// `GET /me/check-in-token`: the signed-in volunteer's current QR token.
    pub async fn check_in_token(self) -> Result<CheckInToken, ApiError> {
        self.json(Verb::Get, "/me/check-in-token", None).await
    }

    /// `GET /me/memberships`: the teams the signed-in volunteer is in or has applied to.
    pub async fn my_memberships(self) -> Result<Vec<Membership>, ApiError> {
        self.json(Verb::Get, "/me/memberships", None).await
    }

    /// `GET /me/sign-ups`: my sign-ups with their activities, latest start first.
    pub async fn my_sign_ups(self) -> Result<Vec<MySignUp>, ApiError> {
        self.json(Verb::Get, "/me/sign-ups", None).await
    }

    /// `GET /me/points`: my balance and ledger.
    pub async fn my_points(self) -> Result<PointsAccount, ApiError> {
        self.json(Verb::Get, "/me/points", None).await
    }

    /// `GET /vouchers`: my vouchers, newest first.
    pub async fn my_vouchers(self) -> Result<Vec<Voucher>, ApiError> {
        self.json(Verb::Get, "/vouchers", None).await
    }
}
