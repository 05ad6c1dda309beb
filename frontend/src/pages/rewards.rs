//! 礼遇: the courtesy catalogue at `/rewards` (redeemed with points) and my vouchers at
//! `/me/vouchers` (each a QR code for the provider).

use leptos::prelude::*;
use youai_types::{Reward, TeamKind, Voucher, VoucherStatus};

use crate::api::{ApiError, use_api};
use crate::components::{
    ErrorMessage, Fetched, Loading, QrCode, SignInFirst, group_digits, stars, when_loaded,
};
use crate::format::{date, local_date, local_time};
use crate::i18n::{
    I18n, reward_kind_key, team_kind_key, tr, tr_while, use_i18n, voucher_status_key,
};
use crate::session::use_session;

/// Why a redemption was refused, in words: the rule it broke, or the server's message.
fn redeem_problem(i18n: I18n, e: &ApiError) -> String {
    const CODES: [(&str, &str); 9] = [
        ("star_too_low", "rewards.no.star_too_low"),
        (
            "not_enough_recent_hours",
            "rewards.no.not_enough_recent_hours",
        ),
        ("team_kind_required", "rewards.no.team_kind_required"),
        ("too_young", "rewards.no.too_young"),
        (
            "volunteer_profile_required",
            "rewards.no.volunteer_profile_required",
        ),
        ("insufficient_points", "rewards.no.insufficient_points"),
        ("out_of_stock", "rewards.no.out_of_stock"),
        ("limit_reached", "rewards.no.limit_reached"),
        ("not_available", "rewards.no.not_available"),
    ];
    match CODES.iter().find(|(code, _)| e.is(code)) {
        Some((_, key)) => i18n.t(key).to_owned(),
        None => crate::components::error_text(i18n, e),
    }
}

/// Where I stand, for the catalogue's "can I?": my star level and my points.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Mine {
    star: u8,
    balance: i64,
}

/// What keeps me from a courtesy, in words (the first of: too few stars, too few points);
/// `None` when I qualify on both.
fn shortfall(i18n: I18n, r: &Reward, mine: Mine) -> Option<String> {
    if let Some(need) = r.min_star.filter(|need| mine.star < *need) {
        let mine_text = if mine.star == 0 {
            i18n.t("star.none").to_owned()
        } else {
            stars(mine.star, mine.star)
        };
        return Some(format!(
            "{} {} · {} {mine_text}",
            i18n.t("qualify.needs_star"),
            stars(need, need),
            i18n.t("qualify.you_have"),
        ));
    }
    if mine.balance < r.cost_points {
        return Some(format!(
            "{} {} · {} {} {}",
            i18n.t("rewards.cost"),
            group_digits(r.cost_points),
            i18n.t("qualify.you_have"),
            group_digits(mine.balance),
            i18n.t("rewards.points_unit"),
        ));
    }
    None
}

/// `/rewards`: every active courtesy; for a signed-in volunteer, whether they qualify and a
/// redeem button (disabled, with the reason, when they do not).
#[component]
pub fn RewardsPage() -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let catalogue = Fetched::new(move || api.rewards());
    let retry = Callback::new(move |()| catalogue.refetch());
    // Bumped after a redemption: the balance is read again.
    let spent = RwSignal::new(0u32);
    let volunteer = move || session.me().and_then(|m| m.volunteer_id);
    let standing = Fetched::new(move || {
        spent.track();
        let id = volunteer();
        async move {
            match id {
                Some(id) => {
                    let star = api.star(id).await?;
                    let points = api.my_points().await?;
                    Ok(Some(Mine {
                        star: star.level,
                        balance: points.balance,
                    }))
                }
                None => Ok::<_, ApiError>(None),
            }
        }
    });
    let mine = Signal::derive(move || standing.get().and_then(Result::ok).flatten());
    view! {
        <section class="page-head">
            <h1>{tr("rewards.title")}</h1>
            <p class="intro">{tr("rewards.intro")}</p>
            {move || volunteer().is_some().then(|| view! { <Balance mine/> })}
        </section>
        {when_loaded(move || catalogue.get(), move |value| match value {
                    Ok(list) if list.is_empty() => view! {
                        <p class="empty">{tr("rewards.none")}</p>
                    }
                    .into_any(),
                    Ok(list) => view! {
                        <ul class="card-list reward-list">
                            {list.into_iter().map(|reward| view! { <RewardCard reward spent mine/> }).collect_view()}
                        </ul>
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
                })}
    }
}

/// "我的积分：120 · ★1 · 我的礼遇券".
#[component]
fn Balance(mine: Signal<Option<Mine>>) -> impl IntoView {
    view! {
        <p class="balance">
            {tr("rewards.my_points")} " "
            <strong class="balance-value">{move || mine.get().map(|m| group_digits(m.balance))}</strong>
            {move || mine.get().filter(|m| m.star > 0).map(|m| view! {
                " · " <span class="balance-star">{stars(m.star, m.star)}</span>
            })}
            " · "
            <a href="/me/vouchers">{tr("rewards.my_vouchers")}</a>
        </p>
    }
}

/// The rules a courtesy sets, each in words.
fn rules(i18n: I18n, r: &Reward) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(star) = r.min_star {
        out.push(format!(
            "{} {}",
            i18n.t("rewards.rule_star"),
            stars(star, star)
        ));
    }
    if let Some(h) = r.min_recent_hours {
        out.push(format!(
            "{} {h} {}",
            i18n.t("rewards.rule_recent_hours"),
            i18n.t("me.hours_unit")
        ));
    }
    if let Some(kind) = r.team_kind.as_deref() {
        let name = TeamKind::parse(kind).map_or(kind, |k| i18n.t(team_kind_key(k)));
        out.push(format!("{} {name}", i18n.t("rewards.rule_team_kind")));
    }
    if let Some(age) = r.min_age {
        out.push(format!(
            "{} {age} {}",
            i18n.t("rewards.rule_age"),
            i18n.t("volunteer.years")
        ));
    }
    if let Some(n) = r.per_person_limit {
        out.push(format!("{} {n}", i18n.t("rewards.rule_limit")));
    }
    if let Some(until) = r.valid_until {
        out.push(format!("{} {}", i18n.t("rewards.rule_until"), date(until)));
    }
    out
}

#[component]
fn RewardCard(reward: Reward, spent: RwSignal<u32>, mine: Signal<Option<Mine>>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let session = use_session();
    let id = reward.id;
    let kind = reward.kind;
    let cost = reward.cost_points;
    let stock = reward.stock;
    let reward = StoredValue::new(reward);
    let redeem = Action::new_local(move |(): &()| async move {
        let voucher = api.redeem_reward(id).await;
        if voucher.is_ok() {
            spent.update(|n| *n += 1);
        }
        voucher
    });
    let pending = redeem.pending();
    let heading = format!("reward-{id}");
    // Why I cannot redeem it yet (reactive); `None` when I qualify or it is not known yet.
    let why = move || {
        mine.get()
            .and_then(|m| reward.with_value(|r| shortfall(i18n, r, m)))
    };
    let why_id = format!("reward-why-{id}");
    let qualifies = move || mine.get().is_some() && why().is_none();
    let hint_id = why_id.clone();
    let button = move || {
        let why_id = why_id.clone();
        if !session.signed_in() {
            return view! {
                <a class="button button-secondary" href="/login?next=/rewards">{tr("rewards.login_to_redeem")}</a>
            }
            .into_any();
        }
        match session.me() {
            None => view! { <Loading/> }.into_any(),
            Some(me) if me.volunteer_id.is_none() => view! {
                <a class="button button-secondary" href="/me/volunteer">{tr("team.complete_profile")}</a>
            }
            .into_any(),
            Some(_) => view! {
                <button
                    type="button"
                    class="button redeem"
                    aria-describedby=move || why().map(|_| why_id.clone())
                    disabled=move || pending.get() || stock == Some(0) || why().is_some()
                    on:click=move |_| { redeem.dispatch_local(()); }
                >
                    {tr_while(pending, "rewards.redeeming", "rewards.redeem")}
                </button>
            }
            .into_any(),
        }
    };
    view! {
        <li class="card reward-card" id=format!("reward-card-{id}")>
            <h3 class="card-title" id=heading>{reward.with_value(|r| r.name.clone())}</h3>
            <p class="tags">
                <span class="tag">{tr(reward_kind_key(kind))}</span>
                <span class="tag tag-soft">{reward.with_value(|r| r.provider.clone())}</span>
            </p>
            {reward.with_value(|r| r.description.clone()).map(|d| view! { <p>{d}</p> })}
            <dl class="details details-compact">
                <div>
                    <dt>{tr("rewards.cost")}</dt>
                    <dd class="reward-cost">
                        {move || if cost == 0 { i18n.t("rewards.free").to_owned() } else { format!("{} {}", group_digits(cost), i18n.t("rewards.points_unit")) }}
                    </dd>
                </div>
                <div>
                    <dt>{tr("rewards.stock")}</dt>
                    <dd>{move || stock.map_or_else(|| i18n.t("rewards.unlimited").to_owned(), group_digits)}</dd>
                </div>
            </dl>
            {move || {
                let list = reward.with_value(|r| rules(i18n, r));
                (!list.is_empty()).then(|| view! {
                    <ul class="rules">{list.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
                })
            }}
            <div class="reward-action" aria-live="polite">
                {move || match redeem.value().get() {
                    Some(Ok(v)) if !pending.get() => Some(view! {
                        <p class="notice notice-success redeemed" role="status">
                            {tr("rewards.redeemed")} " " <code>{v.code.clone()}</code> " "
                            <a href="/me/vouchers">{tr("rewards.see_vouchers")}</a>
                        </p>
                    }
                    .into_any()),
                    Some(Err(e)) if !pending.get() => Some(view! {
                        <p class="notice notice-error" role="alert">{move || redeem_problem(i18n, &e)}</p>
                    }
                    .into_any()),
                    _ => None,
                }}
                {move || why().map(|text| view! {
                    <p class="qualify-hint qualify-no" id=hint_id.clone()>{text}</p>
                })}
                {move || qualifies().then(|| view! {
                    <p class="qualify-hint qualify-yes">{tr("qualify.yes")}</p>
                })}
                <p>{button}</p>
            </div>
        </li>
    }
}

/// `/me/vouchers`: my vouchers, newest first; an issued one shows its QR code and can be
/// cancelled (the points come back).
#[component]
pub fn VouchersPage() -> impl IntoView {
    let session = use_session();
    let body = move || {
        if !session.signed_in() {
            return view! { <SignInFirst next="/me/vouchers"/> }.into_any();
        }
        view! { <Vouchers/> }.into_any()
    };
    view! {
        <section class="page-head">
            <h1>{tr("vouchers.title")}</h1>
            <p class="intro">
                {tr("vouchers.intro")} " "
                <a href="/rewards">{tr("vouchers.catalogue")}</a>
            </p>
        </section>
        {body}
    }
}

#[component]
fn Vouchers() -> impl IntoView {
    let api = use_api();
    let version = RwSignal::new(0u32);
    let list = Fetched::new(move || {
        version.track();
        api.my_vouchers()
    });
    let retry = Callback::new(move |()| list.refetch());
    let changed = Callback::new(move |()| version.update(|v| *v += 1));
    view! {
        {when_loaded(move || list.get(), move |value| match value {
                    Ok(vouchers) if vouchers.is_empty() => view! {
                        <p class="empty">
                            {tr("vouchers.none")} " "
                            <a href="/rewards">{tr("vouchers.catalogue")}</a>
                        </p>
                    }
                    .into_any(),
                    Ok(vouchers) => view! {
                        <ul class="card-list voucher-list">
                            {vouchers.into_iter().map(|voucher| view! { <VoucherCard voucher changed/> }).collect_view()}
                        </ul>
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
                })}
    }
}

#[component]
fn VoucherCard(voucher: Voucher, changed: Callback<()>) -> impl IntoView {
    let api = use_api();
    let status = voucher.status;
    let code = voucher.code.clone();
    let cancel = Action::new_local(move |(): &()| {
        let code = code.clone();
        async move {
            let done = api.voucher_step(&code, false).await;
            if done.is_ok() {
                changed.run(());
            }
            done
        }
    });
    let pending = cancel.pending();
    let error = move || {
        if pending.get() {
            None
        } else {
            cancel.value().get().and_then(Result::err)
        }
    };
    let issued = status == VoucherStatus::Issued;
    let qr = voucher.qr_text.clone();
    view! {
        <li class="card voucher-card" id=format!("voucher-{}", voucher.id)>
            <h3 class="card-title">{voucher.reward_name}</h3>
            <p class="tags">
                <span class=format!("badge badge-{}", status.as_str())>{tr(voucher_status_key(status))}</span>
                <span class="tag">{tr(reward_kind_key(voucher.reward_kind))}</span>
                <span class="tag tag-soft">{voucher.provider}</span>
            </p>
            {issued.then(|| view! {
                <div class="qr-box voucher-qr">
                    <QrCode text=Signal::stored(qr) label=tr("vouchers.qr")/>
                </div>
            })}
            <dl class="details details-compact">
                <div>
                    <dt>{tr("vouchers.code")}</dt>
                    <dd><code class="voucher-code">{voucher.code}</code></dd>
                </div>
                <div>
                    <dt>{tr("rewards.cost")}</dt>
                    <dd>{group_digits(voucher.points)} " " {tr("rewards.points_unit")}</dd>
                </div>
                <div>
                    <dt>{tr("vouchers.expires")}</dt>
                    <dd>{date(local_date(voucher.expires_at))}</dd>
                </div>
                {voucher.redeemed_at.map(|at| view! {
                    <div>
                        <dt>{tr("vouchers.redeemed_at")}</dt>
                        <dd>{local_time(at)}</dd>
                    </div>
                })}
            </dl>
            {move || error().map(|error| view! { <ErrorMessage error/> })}
            {issued.then(|| view! {
                <p>
                    <button type="button" class="button button-secondary cancel-voucher" disabled=move || pending.get()
                        on:click=move |_| { cancel.dispatch_local(()); }>
                        {tr("vouchers.cancel")}
                    </button>
                </p>
            })}
        </li>
    }
}
