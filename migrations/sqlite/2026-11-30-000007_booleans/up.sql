-- SQLite keeps booleans as the integers 0 and 1, which diesel's Bool reads and writes; the
-- PostgreSQL migration of the same version turns its flag columns into BOOLEAN. Nothing to
-- change here: this keeps the two sets' versions in step.
SELECT 1;
