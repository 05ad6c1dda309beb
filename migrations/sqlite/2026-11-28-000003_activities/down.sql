DROP TABLE service_records;
DROP TABLE used_checkin_tokens;
DROP TABLE check_events;
DROP TABLE sign_ups;
DROP TABLE activities;
DROP TABLE projects;
DROP TABLE project_batches;
