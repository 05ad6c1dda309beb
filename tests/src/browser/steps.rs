//! The steps the browser journeys share: filling and submitting forms, signing in and out,
//! scanning a code, reading the page, waiting for the API. Like the primitives they are made
//! of, each waits for what it needs and, when that never comes, saves a screenshot and fails
//! the test ([`Browser::fail`]).

use std::time::{Duration, Instant};

use fantoccini::Locator;
use serde_json::{Value, json};

use super::Browser;
use crate::{JINGANG_ADMIN, json_of};

impl Browser {
    // --- forms ------------------------------------------------------------------------------

    /// Clicks the submit button of the form `form` (a selector).
    pub async fn submit(&self, form: &str) {
        self.click(&format!("{form} button[type=submit]")).await;
    }

    /// Sets an input's value as typing would (for `<input type=date>`, whose typed form depends
    /// on the browser's locale).
    pub async fn set_value(&self, css: &str, value: &str) {
        self.find(css).await;
        let script = "const e = document.querySelector(arguments[0]); e.value = arguments[1]; \
                      e.dispatchEvent(new Event('input', { bubbles: true }));";
        if let Err(e) = self
            .client
            .execute(script, vec![json!(css), json!(value)])
            .await
        {
            self.fail(&format!("cannot set `{css}`: {e}")).await;
        }
    }

    /// Chooses the option with this value once the select has it.
    pub async fn select(&self, css: &str, value: &str) {
        self.find(&format!("{css} option[value='{value}']")).await;
        if let Err(e) = self.find(css).await.select_by_value(value).await {
            self.fail(&format!("cannot choose {value} in `{css}`: {e}"))
                .await;
        }
    }

    /// Empties a text field.
    pub async fn clear(&self, css: &str) {
        if let Err(e) = self.find(css).await.clear().await {
            self.fail(&format!("cannot clear `{css}`: {e}")).await;
        }
    }

    /// Types `code` into `field` and presses Enter, as a code scanner (a keyboard) does.
    pub async fn scan(&self, field: &str, code: &str) {
        let enter = char::from(fantoccini::key::Key::Enter);
        self.type_into(field, &format!("{code}{enter}")).await;
    }

    // --- reading the page -------------------------------------------------------------------

    /// The attribute `name` of the element (once there is one).
    pub async fn attr(&self, css: &str, name: &str) -> Option<String> {
        match self.find(css).await.attr(name).await {
            Ok(value) => value,
            Err(e) => {
                self.fail(&format!("cannot read `{name}` of `{css}`: {e}"))
                    .await
            }
        }
    }

    /// The text of every element `css` (once there is one).
    pub async fn texts(&self, css: &str) -> Vec<String> {
        self.find(css).await;
        let elements = match self.client.find_all(Locator::Css(css)).await {
            Ok(elements) => elements,
            Err(e) => self.fail(&format!("cannot list `{css}`: {e}")).await,
        };
        let mut texts = Vec::new();
        for element in elements {
            match element.text().await {
                Ok(t) => texts.push(t),
                Err(e) => self.fail(&format!("cannot read `{css}`: {e}")).await,
            }
        }
        texts
    }

    /// How many elements `css` the page has (once it has one).
    pub async fn count(&self, css: &str) -> usize {
        self.find(css).await;
        match self.client.find_all(Locator::Css(css)).await {
            Ok(elements) => elements.len(),
            Err(e) => self.fail(&format!("cannot list `{css}`: {e}")).await,
        }
    }

    /// Fails unless the page has no element `css` now.
    pub async fn assert_absent(&self, css: &str, why: &str) {
        if self.client.find(Locator::Css(css)).await.is_ok() {
            self.fail(why).await;
        }
    }

    /// The address the page is at.
    pub async fn url(&self) -> String {
        match self.client.current_url().await {
            Ok(url) => url.to_string(),
            Err(e) => self.fail(&format!("cannot read the URL: {e}")).await,
        }
    }

    // --- accounts ---------------------------------------------------------------------------

    /// Fills the login form the page shows with `(phone, password)` and submits it.
    pub async fn submit_login(&self, (phone, password): (&str, &str)) {
        self.type_into("#login-phone", phone).await;
        self.type_into("#login-password", password).await;
        self.submit("form").await;
    }

    /// Signs in as `who` through the login form, which then goes to `next`; waits until the
    /// header names who is signed in.
    pub async fn sign_in_as(&self, who: (&str, &str), next: &str) {
        self.open(&format!("/login?next={next}")).await;
        self.submit_login(who).await;
        self.text_until(".account-name", "who is signed in", |t| !t.is_empty())
            .await;
    }

    /// Forgets the login kept in the browser (as another person would sit down at it).
    pub async fn sign_out(&self) {
        if let Err(e) = self
            .client
            .execute("localStorage.clear();", Vec::new())
            .await
        {
            self.fail(&format!("cannot clear the login: {e}")).await;
        }
    }

    /// Signs out, then [`sign_in_as`](Self::sign_in_as) `who`.
    pub async fn switch_to(&self, who: (&str, &str), next: &str) {
        self.sign_out().await;
        self.sign_in_as(who, next).await;
    }

    /// Signs in as `who` to the console and follows its link to `part` (`/console/{part}`).
    pub async fn open_console_part(&self, who: (&str, &str), part: &str) {
        self.sign_in_as(who, "/console").await;
        self.click(&format!(".console-parts a[href='/console/{part}']"))
            .await;
    }

    /// Signs the venue kiosk the page shows in as `who`.
    pub async fn sign_in_kiosk(&self, (phone, password): (&str, &str)) {
        self.type_into("#kiosk-phone", phone).await;
        self.type_into("#kiosk-password", password).await;
        self.submit(".kiosk-login").await;
    }

    /// Signs out, signs in as 金港镇's admin to the projects' review queue, and waits for
    /// `project` (submitted for review) in it; returns the selector of its item there.
    pub async fn open_project_queue_as_town_admin(&self, project: &Value) -> String {
        self.switch_to(JINGANG_ADMIN, "/console/projects").await;
        let item = format!("#review-project-{}", project["id"]);
        let title = project["title"].as_str().unwrap_or_default();
        self.text_until(&item, "the project in the queue", |t| t.contains(title))
            .await;
        item
    }

    // --- the API, as the page changes it ----------------------------------------------------

    /// GETs `path` (as `token`) until the JSON satisfies `ok` (up to 10 s); returns it.
    pub async fn api_until(
        &self,
        path: &str,
        token: Option<&str>,
        what: &str,
        ok: impl Fn(&Value) -> bool,
    ) -> Value {
        let started = Instant::now();
        loop {
            let value: Value =
                json_of(self.app.get(path, token).await, reqwest::StatusCode::OK).await;
            if ok(&value) {
                return value;
            }
            if started.elapsed() > Duration::from_secs(10) {
                self.fail(&format!("{path} never showed {what}: {value}"))
                    .await;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}
