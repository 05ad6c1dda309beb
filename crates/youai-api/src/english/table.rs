//! The English words of every problem code.

/// `(code, templates)`, sorted by code (a test checks), one entry for every code the API or
/// the domain can answer with (a test scans the sources).
pub(super) const MESSAGES: &[(&str, &[&str])] = &[
    (
        "activity_cancelled",
        &["The activity was cancelled and cannot be used."],
    ),
    ("activity_ended", &["The activity has ended."]),
    ("activity_not_ended", &["The activity has not ended yet."]),
    (
        "activity_not_movable",
        &[
            "The activity has started, ended or been cancelled, so its time and place can no longer change.",
        ],
    ),
    (
        "activity_not_recruiting",
        &["The activity is not taking sign-ups."],
    ),
    (
        "activity_not_serving",
        &["Only an activity of the serving team (or of the menu item's project) can be linked."],
    ),
    (
        "activity_started",
        &["The activity has already started, so it can no longer be changed this way."],
    ),
    (
        "after_start",
        &["The sign-up deadline cannot be later than the start of the activity."],
    ),
    (
        "agency_name_taken",
        &["An agency with this name is already registered."],
    ),
    (
        "already_corrected",
        &["This record has already been corrected."],
    ),
    ("already_decided", &["This has already been decided."]),
    (
        "already_evaluated",
        &["This has already been rated, and can be rated only once."],
    ),
    (
        "already_member",
        &["You have already joined this team or asked to join it."],
    ),
    (
        "already_on_menu",
        &["The project is already on the menu: change its menu item instead."],
    ),
    (
        "already_signed_up",
        &["You have already signed up for this activity."],
    ),
    (
        "ambiguous",
        &["More than one area has this name: give the area's code instead."],
    ),
    (
        "ambiguous_code",
        &["These six digits match more than one volunteer: scan the QR code instead."],
    ),
    (
        "area_name_taken",
        &["An area with this name already exists under the same parent."],
    ),
    ("bad_body", &["The request body could not be read."]),
    (
        "bad_checksum",
        &["The ID card number is not valid (its check digit is wrong)."],
    ),
    ("bad_request", &["The request is malformed."]),
    ("bad_signature", &["The check-in code is not valid."]),
    ("batch_exists", &["A batch with this name already exists."]),
    (
        "before_available_from",
        &["The end of the availability cannot be before its start."],
    ),
    (
        "before_valid_from",
        &["The end of the validity cannot be before its start."],
    ),
    (
        "below_min_age",
        &[
            "Volunteers for this activity must be at least {} years old.",
            "The volunteer is too young for this activity.",
        ],
    ),
    (
        "capacity_exceeded",
        &[
            "Beyond this period's capacity: the period from {}-{}-{} has {} left, and {} were asked for.",
            "Only {} left in this period.",
            "Month {} is full: all {} places are taken.",
            "Beyond this period's capacity.",
        ],
    ),
    (
        "certificate_font_missing",
        &[
            "The server has no Chinese font installed, so it cannot make the PDF certificate yet; the HTML certificate is available.",
        ],
    ),
    (
        "certificate_not_found",
        &["There is no certificate with this verification code: please check the code."],
    ),
    (
        "check_in_not_open",
        &[
            "Check-in has not opened yet: it opens {} minutes before the start.",
            "Check-in has not opened yet.",
        ],
    ),
    ("client_error", &["The request failed."]),
    (
        "code_expired",
        &["The code has expired: ask for a new one."],
    ),
    ("code_not_sent", &["Ask for a code first."]),
    ("code_required", &["Enter the code sent to your phone."]),
    (
        "code_too_many_tries",
        &["Too many wrong codes: ask for a new one."],
    ),
    (
        "code_used",
        &["The code has already been used: ask for a new one."],
    ),
    (
        "code_wrong",
        &[
            "The code is not right; {} more tries.",
            "The code is not right.",
        ],
    ),
    (
        "conflict",
        &["This duplicates existing data: please check and try again."],
    ),
    (
        "control_character",
        &["Control characters (such as U+0000) are not allowed."],
    ),
    (
        "cursor_sort_mismatch",
        &["This cursor belongs to another sort order: start again from the first page."],
    ),
    (
        "cycle",
        &["A team cannot be moved under itself or one of its own sub-teams."],
    ),
    (
        "different_area",
        &["Only needs of the same village or community can be merged."],
    ),
    (
        "duplicate_column",
        &["A column appears twice in the header."],
    ),
    (
        "duplicate_in_file",
        &["This value appears more than once in the file."],
    ),
    (
        "duplicate_preference",
        &["The same kind and channel may appear only once."],
    ),
    ("empty_file", &["The file has no data rows."]),
    (
        "empty_quiet_hours",
        &["Quiet hours cannot start and end at the same time."],
    ),
    ("end_before_start", &["The end must be after the start."]),
    ("end_not_after_start", &["The end must be after the start."]),
    (
        "exactly_one",
        &["Give exactly one of project_id or resource_id."],
    ),
    (
        "exceeds_activity",
        &[
            "The hours cannot exceed the activity's length of {} hours.",
            "The hours cannot exceed the activity's length.",
        ],
    ),
    ("forbidden", &["You are not allowed to do this here."]),
    (
        "foreign_voucher",
        &["This voucher is neither yours nor for a reward you provide."],
    ),
    ("grant_exists", &["This user already has this role."]),
    (
        "guardian_required",
        &[
            "Volunteers aged {} to {} must give a guardian's name and phone number.",
            "A guardian's name and phone number are required.",
        ],
    ),
    (
        "id_number_mismatch",
        &["This does not match the ID card number."],
    ),
    (
        "id_number_taken",
        &["This ID card number is already registered to a volunteer."],
    ),
    (
        "idempotency_key_reused",
        &[
            "This Idempotency-Key was already used for another request: use a new key for a new request.",
        ],
    ),
    (
        "idempotency_request_in_progress",
        &["A request with this Idempotency-Key is still being handled: try again shortly."],
    ),
    (
        "import_rejected",
        &[
            "{} errors in the file: nothing was imported.",
            "The file has errors: nothing was imported.",
        ],
    ),
    ("in_future", &["The date cannot be later than today."]),
    ("in_the_past", &["The time must be in the future."]),
    (
        "insufficient_points",
        &[
            "Not enough points: {} are needed and you have {}.",
            "Not enough points.",
        ],
    ),
    (
        "internal_error",
        &[
            "Something went wrong on our side: please try again later; if it keeps happening, quote the request id.",
        ],
    ),
    ("invalid_birth_date", &["The date of birth is not valid."]),
    (
        "invalid_characters",
        &["Control characters are not allowed."],
    ),
    (
        "invalid_clock_time",
        &["Times are HH:MM, from 00:00 to 23:59."],
    ),
    ("invalid_code", &["The code is not in the expected format."]),
    ("invalid_credentials", &["Wrong phone number or password."]),
    ("invalid_cursor", &["The cursor is not valid."]),
    ("invalid_date", &["The date is not in the expected format."]),
    (
        "invalid_gender",
        &["The gender must be 男 (male) or 女 (female)."],
    ),
    (
        "invalid_hours",
        &[
            "The hours must be more than 0 and at most {}.",
            "The hours are not valid.",
        ],
    ),
    (
        "invalid_idempotency_key",
        &[
            "The Idempotency-Key must be {} to {} visible ASCII characters.",
            "The Idempotency-Key is not valid.",
        ],
    ),
    ("invalid_kind", &["Unknown team kind."]),
    (
        "invalid_path_parameter",
        &["A parameter in the address is not valid."],
    ),
    (
        "invalid_phone",
        &[
            "Enter a mainland China mobile number of {} digits.",
            "Enter a valid phone number.",
        ],
    ),
    (
        "invalid_point",
        &["Give the position as \"latitude,longitude\"."],
    ),
    ("invalid_query", &["A query parameter is not valid."]),
    (
        "invalid_refresh_token",
        &["The refresh token is not valid."],
    ),
    (
        "invalid_region",
        &["The ID card number names no known region."],
    ),
    (
        "invalid_time",
        &["The time must be HH:MM between 00:00 and 24:00."],
    ),
    ("invalid_token", &["The access token is not valid."]),
    (
        "invalid_transition",
        &["This change of status is not allowed from the current status."],
    ),
    ("invalid_type", &["A field has the wrong type or value."]),
    (
        "invalid_url",
        &["The address must be an http(s) link or a path on this site."],
    ),
    (
        "level_mismatch",
        &["The project's level must match the level of its area."],
    ),
    (
        "limit_reached",
        &[
            "You have reached the limit of {} for this reward.",
            "You have reached the limit for this reward.",
        ],
    ),
    (
        "malformed_csv",
        &[
            "The file is not valid CSV (row {}).",
            "The file is not valid CSV.",
        ],
    ),
    (
        "malformed_json",
        &[
            "The request body is not valid JSON: line {}, column {}.",
            "The request body is not valid JSON.",
        ],
    ),
    ("malformed_token", &["The check-in code cannot be read."]),
    (
        "menu_item_withdrawn",
        &["This item is off the menu and cannot be ordered."],
    ),
    (
        "method_not_allowed",
        &["This method is not supported here."],
    ),
    (
        "missing_column",
        &["A required column is missing from the header."],
    ),
    (
        "missing_skill",
        &["This needs skills you have not registered."],
    ),
    ("missing_token", &["Please sign in first."]),
    ("must_be_null", &["This field must be left empty here."]),
    ("must_be_root", &["This kind of team has no parent team."]),
    (
        "need_category_taken",
        &["A needs category with this name already exists."],
    ),
    (
        "need_in_other_order",
        &[
            "Need {} is already in another order.",
            "A need is already in another order.",
        ],
    ),
    (
        "need_not_accepted",
        &["Only an accepted need can be matched to resources and projects."],
    ),
    (
        "need_not_linked",
        &["This need is not linked to that service project."],
    ),
    (
        "need_not_matched",
        &["An activity can be run only for a need that is matched and not yet fulfilled."],
    ),
    (
        "need_outside_area",
        &[
            "Need {} is outside the order's area.",
            "A need is outside the order's area.",
        ],
    ),
    (
        "no_location",
        &["This activity has no location for self check-in."],
    ),
    (
        "no_sign_up_here",
        &["This volunteer has nothing to check in or out of at this venue now."],
    ),
    ("no_stock", &["This reward does not track stock."]),
    (
        "not_acceptable",
        &["The requested format is not available."],
    ),
    (
        "not_accepted",
        &["The volunteer's sign-up for this activity is not accepted."],
    ),
    ("not_active", &["The membership is not active."]),
    ("not_allowed", &["This field does not apply here."]),
    ("not_available", &["This reward is not available now."]),
    ("not_checked_in", &["The volunteer has not checked in."]),
    ("not_csv", &["The file is not a CSV text file."]),
    (
        "not_dispatched",
        &["This order has not been dispatched to any team: a team takes it directly."],
    ),
    (
        "not_enough_recent_hours",
        &[
            "This needs {} hours of service in the last 12 months (you have {}).",
            "This needs more hours of service in the last 12 months.",
        ],
    ),
    ("not_found", &["Not found."]),
    (
        "not_insurance",
        &["Only insurance rewards have a list of the insured."],
    ),
    (
        "not_rising",
        &["The star thresholds must be rising positive numbers of hours."],
    ),
    (
        "not_served",
        &["This menu item does not serve the station's area."],
    ),
    (
        "not_settable",
        &["The status cannot be set to this directly."],
    ),
    (
        "not_station",
        &["Orders are opened for a village (community) or a town."],
    ),
    (
        "not_town_or_village",
        &["Resources go down to a town or a village (community) only."],
    ),
    (
        "not_verified",
        &["Only a verified record can be corrected."],
    ),
    (
        "not_village",
        &["A need must be in a village or community."],
    ),
    (
        "one_provider",
        &["A resource has one provider: an agency or a team, not both."],
    ),
    (
        "one_required",
        &["Give one of within (an area) or team_id (a team)."],
    ),
    (
        "only_on_finish",
        &["Residents served is given only when finishing the activity."],
    ),
    (
        "out_of_range",
        &[
            "Must be between {} and {}.",
            "Must be at most {}.",
            "Out of range.",
        ],
    ),
    ("out_of_scope", &["Outside the area you manage."]),
    ("out_of_stock", &["Out of stock."]),
    (
        "outside_resource_area",
        &["A resource can only be allocated inside its own area."],
    ),
    (
        "overlapping",
        &["Overlaps time slot {}.", "The time slots overlap."],
    ),
    (
        "overlapping_sign_up",
        &["The volunteer is already confirmed for another activity at the same time."],
    ),
    (
        "parent_not_approved",
        &["The parent team is not approved yet."],
    ),
    (
        "parent_required",
        &["This kind of team needs a parent team."],
    ),
    (
        "password_changed",
        &["The password was changed a moment ago: enter the current password again."],
    ),
    (
        "payload_too_large",
        &[
            "The body is larger than the limit of {} MiB.",
            "The body is too large.",
        ],
    ),
    ("phone_taken", &["This phone number is already registered."]),
    (
        "precondition_failed",
        &[
            "Someone else changed this in the meantime: read it again, then submit (If-Match did not match).",
        ],
    ),
    (
        "project_closed",
        &["The service project is closed and takes no more needs."],
    ),
    (
        "project_not_published",
        &["The project is not published yet, so it cannot have activities."],
    ),
    ("recruitment_closed", &["This recruitment is closed."]),
    ("recruitment_full", &["This recruitment is full."]),
    (
        "refresh_token_expired",
        &["The refresh token has expired: please sign in again."],
    ),
    (
        "refresh_token_reused",
        &[
            "This refresh token was already used: for safety, every token of this sign-in is now void; please sign in again.",
        ],
    ),
    (
        "refresh_token_revoked",
        &["The refresh token was revoked: please sign in again."],
    ),
    ("required", &["Required."]),
    (
        "resource_unavailable",
        &["The resource is not available on that day (outside its availability window)."],
    ),
    ("resource_withdrawn", &["The resource has been withdrawn."]),
    ("route_not_found", &["There is no such endpoint."]),
    ("same_need", &["A need cannot be merged into itself."]),
    (
        "same_password",
        &["The new password must differ from the current one."],
    ),
    (
        "service_unavailable",
        &["The service is unavailable for a moment: please try again."],
    ),
    ("signup_closed", &["Sign-up for this activity has closed."]),
    (
        "skill_exists",
        &["A skill with this code or name already exists."],
    ),
    (
        "sms_failed",
        &["The text message could not be sent: try again later."],
    ),
    (
        "sms_not_configured",
        &["This site does not send codes by text message."],
    ),
    (
        "star_too_low",
        &[
            "This needs a {}-star volunteer (you are {}-star).",
            "This needs a higher star.",
        ],
    ),
    (
        "team_kind_required",
        &["Only for members of a certain kind of team."],
    ),
    (
        "team_name_taken",
        &["A team with this name already exists."],
    ),
    ("team_not_approved", &["The team is not approved."]),
    (
        "team_not_eligible",
        &[
            "This team may not take the order: only the city corps, the industry detachments and their squads, or a team of an area above the station may.",
        ],
    ),
    (
        "token_expired",
        &["The access token has expired: refresh it or sign in again."],
    ),
    (
        "token_used",
        &["This check-in code was already used: ask the volunteer to refresh it and try again."],
    ),
    (
        "too_far",
        &[
            "You are {} m from the activity; check-in works within {} m.",
            "You are too far from the activity to check in.",
        ],
    ),
    (
        "too_far_ahead",
        &[
            "The date is too far ahead: at most {} days.",
            "The date is too far ahead.",
        ],
    ),
    ("too_long", &["Too long: at most {}.", "Too long."]),
    ("too_many", &["Too many: at most {}.", "Too many."]),
    (
        "too_many_codes",
        &[
            "Codes were asked for too often: try again in {} seconds.",
            "Codes were asked for too often: try again later.",
        ],
    ),
    (
        "too_many_login_failures",
        &[
            "Too many wrong passwords: try again in {} seconds.",
            "Too many wrong passwords: try again later.",
        ],
    ),
    (
        "too_many_requests",
        &["Too many requests: try again later."],
    ),
    (
        "too_many_rows",
        &["At most {} rows can be imported at once.", "Too many rows."],
    ),
    (
        "too_short",
        &["Too short: at least {} characters.", "Too short."],
    ),
    (
        "too_soon",
        &[
            "This item must be ordered at least {} days ahead.",
            "Too soon for this item's notice.",
        ],
    ),
    (
        "too_young",
        &["Volunteers must be at least {} years old.", "Too young."],
    ),
    ("unauthorized", &["Please sign in first."]),
    (
        "unknown_channel",
        &["The channel must be inbox, sms or wechat."],
    ),
    (
        "unknown_code",
        &["The six digits are wrong or have expired: check the digits on the volunteer's screen."],
    ),
    (
        "unknown_encoding",
        &["The file's text encoding is not recognised: save it as UTF-8 or GBK."],
    ),
    (
        "unknown_event_kind",
        &["There is no such kind of event or notification (see EventKind in the API reference)."],
    ),
    ("unknown_field", &["Unknown field."]),
    ("unknown_skill", &["Unknown skill."]),
    ("unknown_target_group", &["Unknown target group."]),
    ("unknown_team_kind", &["Unknown team kind."]),
    ("unknown_topic", &["Not one of the resource topics."]),
    (
        "unsupported_media_type",
        &["This content type is not supported here."],
    ),
    (
        "unsupported_sort",
        &["Service records are sorted by id or -id only."],
    ),
    (
        "validation_failed",
        &[
            "Fields that failed validation: {}.",
            "Some fields failed validation.",
        ],
    ),
    (
        "venue_outside_area",
        &["The venue must be inside the order's area."],
    ),
    ("volunteer_exists", &["You are already a volunteer."]),
    (
        "volunteer_profile_required",
        &["Complete your volunteer profile first."],
    ),
    ("voucher_cancelled", &["This voucher has been cancelled."]),
    ("voucher_expired", &["This voucher has expired."]),
    (
        "voucher_not_found",
        &["There is no such voucher: please check the code."],
    ),
    ("voucher_redeemed", &["This voucher has already been used."]),
    (
        "webhook_disabled",
        &["The webhook is disabled: enable it (PATCH status=active) first."],
    ),
    (
        "wrong_area_level",
        &["This kind of venue must belong to an area of another level."],
    ),
    (
        "wrong_column_count",
        &[
            "Row {} has the wrong number of columns.",
            "A row has the wrong number of columns.",
        ],
    ),
    (
        "wrong_length",
        &[
            "The ID card number must have {} characters.",
            "The ID card number has the wrong length.",
        ],
    ),
    (
        "wrong_parent_kind",
        &["This kind of team cannot belong to that kind of team."],
    ),
    (
        "wrong_parent_level",
        &["The parent must be of another level."],
    ),
    ("wrong_password", &["The current password is not correct."]),
];
