-- Service certificates as issued: what was certified, so anyone holding the code can check it.
-- The same totals on the same day give the same certificate.
CREATE TABLE certificates (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    code          TEXT NOT NULL UNIQUE,
    volunteer_id  BIGINT NOT NULL REFERENCES volunteers(id),
    quarters      BIGINT NOT NULL,
    records       BIGINT NOT NULL,
    first_served  DATE,
    last_served   DATE,
    issued_on     DATE NOT NULL,
    issued_by     BIGINT REFERENCES users(id),
    created_at    TIMESTAMP NOT NULL,
    UNIQUE (volunteer_id, quarters, records, issued_on)
);
