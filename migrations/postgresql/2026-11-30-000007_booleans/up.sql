-- Flags are booleans, not integers: the columns say what they hold, and storage reads them
-- as Rust bools on both backends.
ALTER TABLE activities
    ALTER COLUMN auto_accept TYPE BOOLEAN USING auto_accept <> 0,
    ALTER COLUMN auto_verify TYPE BOOLEAN USING auto_verify <> 0;
ALTER TABLE sign_ups
    ALTER COLUMN auto_closed TYPE BOOLEAN USING auto_closed <> 0;
ALTER TABLE rewards
    ALTER COLUMN active DROP DEFAULT,
    ALTER COLUMN active TYPE BOOLEAN USING active <> 0,
    ALTER COLUMN active SET DEFAULT TRUE;
