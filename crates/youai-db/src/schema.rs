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

diesel::table! {
    skills (id) {
        id -> BigInt,
        code -> Text,
        name -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    volunteers (id) {
        id -> BigInt,
        user_id -> Nullable<BigInt>,
        number -> Text,
        real_name -> Text,
        phone -> Text,
        gender -> Text,
        birth_date -> Date,
        area_id -> BigInt,
        id_number_enc -> Nullable<Text>,
        id_number_hash -> Nullable<Text>,
        id_number_mask -> Nullable<Text>,
        guardian_name -> Nullable<Text>,
        guardian_phone -> Nullable<Text>,
        availability -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    volunteer_skills (volunteer_id, skill_id) {
        volunteer_id -> BigInt,
        skill_id -> BigInt,
    }
}

diesel::table! {
    teams (id) {
        id -> BigInt,
        parent_id -> Nullable<BigInt>,
        kind -> Text,
        name -> Text,
        area_id -> BigInt,
        specialty -> Nullable<Text>,
        description -> Nullable<Text>,
        contact_name -> Nullable<Text>,
        contact_phone -> Nullable<Text>,
        logo_url -> Nullable<Text>,
        status -> Text,
        path -> Text,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    team_decisions (id) {
        id -> BigInt,
        team_id -> BigInt,
        action -> Text,
        from_status -> Nullable<Text>,
        to_status -> Text,
        reason -> Nullable<Text>,
        actor_id -> Nullable<BigInt>,
        at -> Timestamp,
    }
}

diesel::table! {
    recruitments (id) {
        id -> BigInt,
        team_id -> BigInt,
        title -> Text,
        description -> Nullable<Text>,
        quota -> Integer,
        skill_ids -> Text,
        deadline -> Timestamp,
        status -> Text,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    team_members (id) {
        id -> BigInt,
        team_id -> BigInt,
        volunteer_id -> BigInt,
        role -> Text,
        status -> Text,
        recruitment_id -> Nullable<BigInt>,
        message -> Nullable<Text>,
        applied_at -> Timestamp,
        decided_at -> Nullable<Timestamp>,
        decided_by -> Nullable<BigInt>,
    }
}

diesel::joinable!(venues -> areas (area_id));
diesel::joinable!(role_grants -> users (user_id));
diesel::joinable!(role_grants -> areas (area_id));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(volunteers -> areas (area_id));
diesel::joinable!(volunteer_skills -> volunteers (volunteer_id));
diesel::joinable!(volunteer_skills -> skills (skill_id));
diesel::joinable!(teams -> areas (area_id));
diesel::joinable!(team_decisions -> teams (team_id));
diesel::joinable!(recruitments -> teams (team_id));
diesel::joinable!(team_members -> teams (team_id));
diesel::joinable!(team_members -> volunteers (volunteer_id));

diesel::allow_tables_to_appear_in_same_query!(
    server_settings,
    areas,
    venues,
    users,
    role_grants,
    refresh_tokens,
    login_failures,
    idempotency_keys,
    skills,
    volunteers,
    volunteer_skills,
    teams,
    team_decisions,
    recruitments,
    team_members,
);
