//! The diesel schema, one for both backends: it uses only the SQL types the derived
//! multi-connection backend supports (no Bool, no Uuid).

diesel::table! {
    server_settings (name) {
        name -> Text,
        value -> Text,
    }
}

diesel::table! {
    areas (id) {
        id -> BigInt,
        parent_id -> Nullable<BigInt>,
        level -> Text,
        name -> Text,
        code -> Nullable<Text>,
        path -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    venues (id) {
        id -> BigInt,
        area_id -> BigInt,
        kind -> Text,
        name -> Text,
        address -> Text,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        opening_hours -> Nullable<Text>,
        capacity -> Nullable<Integer>,
        phone -> Nullable<Text>,
        description -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        phone -> Text,
        name -> Text,
        password_hash -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    role_grants (id) {
        id -> BigInt,
        user_id -> BigInt,
        role -> Text,
        area_id -> Nullable<BigInt>,
        team_id -> Nullable<BigInt>,
        agency_id -> Nullable<BigInt>,
        venue_id -> Nullable<BigInt>,
        granted_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> BigInt,
        user_id -> BigInt,
        family -> Text,
        token_hash -> Text,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    login_failures (id) {
        id -> BigInt,
        phone -> Text,
        ip -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    idempotency_keys (id) {
        id -> BigInt,
        principal -> Text,
        idem_key -> Text,
        method -> Text,
        path -> Text,
        request_hash -> Text,
        status -> Nullable<Integer>,
        content_type -> Nullable<Text>,
        location -> Nullable<Text>,
        response_body -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(venues -> areas (area_id));
diesel::joinable!(role_grants -> users (user_id));
diesel::joinable!(role_grants -> areas (area_id));
diesel::joinable!(refresh_tokens -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    server_settings,
    areas,
    venues,
    users,
    role_grants,
    refresh_tokens,
    login_failures,
    idempotency_keys,
);
