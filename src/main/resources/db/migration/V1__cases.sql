-- Diagnostic cases of the virtual service center, their audit trail and technicians' notes.
-- Portable between H2 2.x (the embedded default) and PostgreSQL 13+.

CREATE SEQUENCE case_ids START WITH 1;

CREATE TABLE cases (
    id              BIGINT       NOT NULL PRIMARY KEY,
    number          VARCHAR(32)  NOT NULL UNIQUE,
    vin             VARCHAR(17)  NOT NULL,
    problem         VARCHAR(200) NOT NULL,
    rule_id         VARCHAR(200) NOT NULL,
    severity        VARCHAR(16)  NOT NULL,
    title           VARCHAR(500),
    description     VARCHAR(4000),
    status          VARCHAR(40)  NOT NULL,
    -- vin + problem while the case is active, NULL once it is not: at most one active case per problem
    active_key      VARCHAR(240) UNIQUE,
    opened_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    occurrences     INTEGER      NOT NULL,
    evidence        TEXT         NOT NULL,
    latest_evidence TEXT         NOT NULL,
    -- the service center's handling (CaseWork as JSON), and the parts of it that are queried
    work            TEXT         NOT NULL,
    assignee        VARCHAR(100),
    sla_due_at      TIMESTAMP WITH TIME ZONE,
    overdue         BOOLEAN      NOT NULL,
    version         BIGINT       NOT NULL
);

CREATE INDEX cases_by_status ON cases (status);
CREATE INDEX cases_by_vin_problem ON cases (vin, problem);
CREATE INDEX cases_by_assignee ON cases (assignee);
CREATE INDEX cases_by_sla_due ON cases (sla_due_at);

CREATE TABLE case_events (
    case_id     BIGINT       NOT NULL REFERENCES cases (id),
    seq         INTEGER      NOT NULL,
    at          TIMESTAMP WITH TIME ZONE NOT NULL,
    actor       VARCHAR(100) NOT NULL,
    type        VARCHAR(40)  NOT NULL,
    from_status VARCHAR(40),
    to_status   VARCHAR(40),
    detail      VARCHAR(4000),
    PRIMARY KEY (case_id, seq)
);

CREATE TABLE case_notes (
    case_id BIGINT       NOT NULL REFERENCES cases (id),
    seq     INTEGER      NOT NULL,
    at      TIMESTAMP WITH TIME ZONE NOT NULL,
    author  VARCHAR(100) NOT NULL,
    text    TEXT         NOT NULL,
    PRIMARY KEY (case_id, seq)
);
