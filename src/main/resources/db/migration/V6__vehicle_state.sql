-- Vehicle state snapshots (docs/state.md): one row per vehicle, its whole state in the versioned per-car format
-- (gzip-compressed JSON), replaced at each snapshot that found the vehicle changed.
CREATE TABLE vehicle_state (
    vin            VARCHAR(17) PRIMARY KEY,
    format_version INT         NOT NULL,
    state          BYTEA       NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
-- Engine-wide state saved the same way, one row per part (fleet statistics).
CREATE TABLE engine_state (
    name           VARCHAR(100) PRIMARY KEY,
    format_version INT          NOT NULL,
    state          BYTEA        NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
