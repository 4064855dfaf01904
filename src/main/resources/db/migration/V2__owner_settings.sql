-- What each owner chose for their car in the owner app (the language of their warnings).
CREATE TABLE owner_settings (
    vin      VARCHAR(17) NOT NULL PRIMARY KEY,
    language VARCHAR(16)
);
