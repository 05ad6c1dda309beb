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
        phone_verified_at -> Nullable<Timestamp>,
        wechat_openid -> Nullable<Text>,
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
        name_en -> Nullable<Text>,
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

diesel::table! {
    project_batches (id) {
        id -> BigInt,
        name -> Text,
        released_on -> Date,
        created_at -> Timestamp,
        name_en -> Nullable<Text>,
    }
}

diesel::table! {
    projects (id) {
        id -> BigInt,
        title -> Text,
        description -> Nullable<Text>,
        category -> Text,
        target_groups -> Text,
        level -> Text,
        area_id -> BigInt,
        owner_team_id -> Nullable<BigInt>,
        owner_agency -> Nullable<Text>,
        status -> Text,
        batch_id -> Nullable<BigInt>,
        review_reason -> Nullable<Text>,
        published_at -> Nullable<Timestamp>,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        owner_agency_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    activities (id) {
        id -> BigInt,
        project_id -> BigInt,
        team_id -> BigInt,
        title -> Text,
        description -> Nullable<Text>,
        start_at -> Timestamp,
        end_at -> Timestamp,
        signup_deadline -> Timestamp,
        venue_id -> Nullable<BigInt>,
        area_id -> BigInt,
        address -> Text,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        checkin_radius_m -> Integer,
        quota -> Integer,
        skill_ids -> Text,
        min_age -> Integer,
        risk_level -> Text,
        auto_accept -> Bool,
        auto_verify -> Bool,
        status -> Text,
        cancel_reason -> Nullable<Text>,
        accepted_count -> Integer,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        need_id -> Nullable<BigInt>,
        residents_served -> Nullable<Integer>,
    }
}

diesel::table! {
    sign_ups (id) {
        id -> BigInt,
        activity_id -> BigInt,
        volunteer_id -> BigInt,
        status -> Text,
        start_at -> Timestamp,
        end_at -> Timestamp,
        checked_in_at -> Nullable<Timestamp>,
        checked_out_at -> Nullable<Timestamp>,
        auto_closed -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    check_events (id) {
        id -> BigInt,
        sign_up_id -> BigInt,
        kind -> Text,
        method -> Text,
        actor_id -> Nullable<BigInt>,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        at -> Timestamp,
    }
}

diesel::table! {
    used_checkin_tokens (volunteer_id, time_window) {
        volunteer_id -> BigInt,
        time_window -> BigInt,
        used_at -> Timestamp,
    }
}

diesel::table! {
    service_records (id) {
        id -> BigInt,
        volunteer_id -> BigInt,
        activity_id -> Nullable<BigInt>,
        team_id -> Nullable<BigInt>,
        quarters -> Integer,
        source -> Text,
        status -> Text,
        corrects_id -> Nullable<BigInt>,
        reason -> Nullable<Text>,
        category -> Nullable<Text>,
        served_on -> Date,
        verified_by -> Nullable<BigInt>,
        verified_at -> Nullable<Timestamp>,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    certificates (id) {
        id -> BigInt,
        code -> Text,
        volunteer_id -> BigInt,
        quarters -> BigInt,
        records -> BigInt,
        first_served -> Nullable<Date>,
        last_served -> Nullable<Date>,
        issued_on -> Date,
        issued_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    star_changes (id) {
        id -> BigInt,
        volunteer_id -> BigInt,
        from_level -> Integer,
        to_level -> Integer,
        quarters -> BigInt,
        record_id -> Nullable<BigInt>,
        at -> Timestamp,
    }
}

diesel::table! {
    points_entries (id) {
        id -> BigInt,
        volunteer_id -> BigInt,
        kind -> Text,
        points -> Integer,
        event -> Text,
        reason -> Nullable<Text>,
        record_id -> Nullable<BigInt>,
        voucher_id -> Nullable<BigInt>,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    rewards (id) {
        id -> BigInt,
        kind -> Text,
        name -> Text,
        description -> Nullable<Text>,
        provider -> Text,
        provider_user_id -> Nullable<BigInt>,
        min_star -> Nullable<Integer>,
        min_recent_hours -> Nullable<Integer>,
        team_kind -> Nullable<Text>,
        min_age -> Nullable<Integer>,
        cost_points -> Integer,
        per_person_limit -> Nullable<Integer>,
        stock -> Nullable<Integer>,
        valid_from -> Nullable<Date>,
        valid_until -> Nullable<Date>,
        voucher_days -> Integer,
        active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    vouchers (id) {
        id -> BigInt,
        code -> Text,
        reward_id -> BigInt,
        volunteer_id -> BigInt,
        points -> Integer,
        status -> Text,
        expires_at -> Timestamp,
        created_at -> Timestamp,
        redeemed_at -> Nullable<Timestamp>,
        redeemed_by -> Nullable<BigInt>,
        cancelled_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    honours (id) {
        id -> BigInt,
        volunteer_id -> BigInt,
        title -> Text,
        citation -> Text,
        awarded_on -> Date,
        awarded_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        at -> Timestamp,
        actor_id -> Nullable<BigInt>,
        request_id -> Nullable<Text>,
        action -> Text,
        target_type -> Text,
        target_id -> Text,
        before_state -> Nullable<Text>,
        after_state -> Nullable<Text>,
    }
}

diesel::table! {
    agencies (id) {
        id -> BigInt,
        name -> Text,
        kind -> Text,
        area_id -> BigInt,
        contact_name -> Nullable<Text>,
        contact_phone -> Nullable<Text>,
        description -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    need_categories (id) {
        id -> BigInt,
        name -> Text,
        name_en -> Nullable<Text>,
        serves -> Text,
        sort_order -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    needs (id) {
        id -> BigInt,
        code -> Text,
        title -> Text,
        description -> Nullable<Text>,
        category_id -> BigInt,
        area_id -> BigInt,
        people_affected -> Integer,
        target_group -> Nullable<Text>,
        channel -> Text,
        contact_name -> Nullable<Text>,
        contact_phone -> Nullable<Text>,
        submitted_by -> Nullable<BigInt>,
        recorded_by -> Nullable<BigInt>,
        status -> Text,
        merged_into -> Nullable<BigInt>,
        supporters -> Integer,
        urgency_rank -> Nullable<Integer>,
        reject_reason -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
        fulfilled_at -> Nullable<Timestamp>,
        rating -> Nullable<Integer>,
        rating_comment -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    need_events (id) {
        id -> BigInt,
        need_id -> BigInt,
        kind -> Text,
        from_status -> Nullable<Text>,
        to_status -> Nullable<Text>,
        actor_id -> Nullable<BigInt>,
        note -> Nullable<Text>,
        details -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    resources (id) {
        id -> BigInt,
        kind -> Text,
        title -> Text,
        description -> Nullable<Text>,
        provider_agency_id -> Nullable<BigInt>,
        provider_team_id -> Nullable<BigInt>,
        level -> Text,
        area_id -> BigInt,
        topics -> Text,
        target_groups -> Text,
        capacity -> Integer,
        unit -> Text,
        period -> Text,
        available_from -> Nullable<Date>,
        available_until -> Nullable<Date>,
        status -> Text,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    resource_periods (resource_id, period_start) {
        resource_id -> BigInt,
        period_start -> Date,
        allocated -> Integer,
    }
}

diesel::table! {
    resource_allocations (id) {
        id -> BigInt,
        resource_id -> BigInt,
        area_id -> BigInt,
        quantity -> Integer,
        period_start -> Date,
        need_id -> Nullable<BigInt>,
        note -> Nullable<Text>,
        allocated_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    need_links (id) {
        id -> BigInt,
        need_id -> BigInt,
        resource_id -> Nullable<BigInt>,
        project_id -> Nullable<BigInt>,
        score -> Integer,
        reasons -> Text,
        linked_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    menu_items (id) {
        id -> BigInt,
        project_id -> BigInt,
        provider_agency_id -> Nullable<BigInt>,
        provider_team_id -> Nullable<BigInt>,
        capacity_per_month -> Integer,
        lead_days -> Integer,
        conditions -> Nullable<Text>,
        status -> Text,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    menu_item_areas (menu_item_id, area_id) {
        menu_item_id -> BigInt,
        area_id -> BigInt,
    }
}

diesel::table! {
    menu_item_months (menu_item_id, month) {
        menu_item_id -> BigInt,
        month -> Date,
        taken -> Integer,
    }
}

diesel::table! {
    orders (id) {
        id -> BigInt,
        direction -> Text,
        status -> Text,
        area_id -> BigInt,
        venue_id -> Nullable<BigInt>,
        title -> Text,
        description -> Nullable<Text>,
        category_id -> Nullable<BigInt>,
        menu_item_id -> Nullable<BigInt>,
        wanted_on -> Date,
        volunteers_wanted -> Nullable<Integer>,
        address -> Nullable<Text>,
        contact_name -> Nullable<Text>,
        contact_phone -> Nullable<Text>,
        take_by -> Timestamp,
        team_id -> Nullable<BigInt>,
        dispatched_team_id -> Nullable<BigInt>,
        activity_id -> Nullable<BigInt>,
        escalated_to -> Nullable<BigInt>,
        escalated_at -> Nullable<Timestamp>,
        rating -> Nullable<Integer>,
        comment -> Nullable<Text>,
        cancel_reason -> Nullable<Text>,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        taken_at -> Nullable<Timestamp>,
        scheduled_at -> Nullable<Timestamp>,
        completed_at -> Nullable<Timestamp>,
        evaluated_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    order_needs (order_id, need_id) {
        order_id -> BigInt,
        need_id -> BigInt,
    }
}

diesel::table! {
    order_events (id) {
        id -> BigInt,
        order_id -> BigInt,
        action -> Text,
        from_status -> Nullable<Text>,
        to_status -> Text,
        actor_id -> Nullable<BigInt>,
        team_id -> Nullable<BigInt>,
        note -> Nullable<Text>,
        at -> Timestamp,
    }
}

diesel::table! {
    events (id) {
        id -> BigInt,
        kind -> Text,
        subject_type -> Text,
        subject_id -> BigInt,
        actor_id -> Nullable<BigInt>,
        payload -> Text,
        due_at -> Timestamp,
        fanned_out_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    deliveries (id) {
        id -> BigInt,
        event_id -> BigInt,
        channel -> Text,
        user_id -> Nullable<BigInt>,
        webhook_id -> Nullable<BigInt>,
        recipient_key -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        lease_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        last_status -> Nullable<Integer>,
        last_latency_ms -> Nullable<Integer>,
        delivered_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    delivery_attempts (id) {
        id -> BigInt,
        delivery_id -> BigInt,
        at -> Timestamp,
        status_code -> Nullable<Integer>,
        error -> Nullable<Text>,
        latency_ms -> Integer,
    }
}

diesel::table! {
    notifications (id) {
        id -> BigInt,
        user_id -> BigInt,
        event_id -> BigInt,
        kind -> Text,
        title -> Text,
        body -> Text,
        link -> Nullable<Text>,
        read_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    notification_preferences (user_id, kind, channel) {
        user_id -> BigInt,
        kind -> Text,
        channel -> Text,
        enabled -> Bool,
    }
}

diesel::table! {
    notification_settings (user_id) {
        user_id -> BigInt,
        quiet_from -> Nullable<Integer>,
        quiet_to -> Nullable<Integer>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    webhooks (id) {
        id -> BigInt,
        url -> Text,
        kinds -> Text,
        description -> Nullable<Text>,
        secret -> Text,
        status -> Text,
        consecutive_failures -> Integer,
        disabled_at -> Nullable<Timestamp>,
        disabled_reason -> Nullable<Text>,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    phone_codes (id) {
        id -> BigInt,
        phone -> Text,
        purpose -> Text,
        code_hash -> Text,
        ip -> Text,
        tries -> Integer,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(vouchers -> rewards (reward_id));
diesel::joinable!(venues -> areas (area_id));
diesel::joinable!(role_grants -> users (user_id));
diesel::joinable!(deliveries -> events (event_id));
diesel::joinable!(delivery_attempts -> deliveries (delivery_id));
diesel::joinable!(notifications -> users (user_id));
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
diesel::joinable!(projects -> areas (area_id));
diesel::joinable!(projects -> project_batches (batch_id));
diesel::joinable!(activities -> projects (project_id));
diesel::joinable!(activities -> teams (team_id));
diesel::joinable!(sign_ups -> activities (activity_id));
diesel::joinable!(sign_ups -> volunteers (volunteer_id));
diesel::joinable!(check_events -> sign_ups (sign_up_id));
diesel::joinable!(agencies -> areas (area_id));
diesel::joinable!(needs -> areas (area_id));
diesel::joinable!(needs -> need_categories (category_id));
diesel::joinable!(need_events -> needs (need_id));
diesel::joinable!(resources -> areas (area_id));
diesel::joinable!(resource_periods -> resources (resource_id));
diesel::joinable!(resource_allocations -> resources (resource_id));
diesel::joinable!(need_links -> needs (need_id));
diesel::joinable!(service_records -> volunteers (volunteer_id));

diesel::joinable!(menu_items -> projects (project_id));
diesel::joinable!(menu_item_areas -> menu_items (menu_item_id));
diesel::joinable!(menu_item_areas -> areas (area_id));
diesel::joinable!(menu_item_months -> menu_items (menu_item_id));
diesel::joinable!(orders -> areas (area_id));
diesel::joinable!(orders -> menu_items (menu_item_id));
diesel::joinable!(order_needs -> orders (order_id));
diesel::joinable!(order_needs -> needs (need_id));
diesel::joinable!(order_events -> orders (order_id));

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
    project_batches,
    projects,
    activities,
    sign_ups,
    check_events,
    used_checkin_tokens,
    service_records,
    certificates,
    star_changes,
    points_entries,
    rewards,
    vouchers,
    honours,
    audit_log,
    agencies,
    need_categories,
    needs,
    need_events,
    resources,
    resource_periods,
    resource_allocations,
    need_links,
    menu_items,
    menu_item_areas,
    menu_item_months,
    orders,
    order_needs,
    order_events,
    events,
    deliveries,
    delivery_attempts,
    notifications,
    notification_preferences,
    notification_settings,
    webhooks,
    phone_codes,
);
