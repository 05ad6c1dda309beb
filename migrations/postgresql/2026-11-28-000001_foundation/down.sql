DROP TABLE idempotency_keys;
DROP TABLE login_failures;
DROP TABLE refresh_tokens;
DROP TABLE role_grants;
DROP TABLE users;
DROP TABLE venues;
DROP TABLE areas;
DROP TABLE server_settings;
