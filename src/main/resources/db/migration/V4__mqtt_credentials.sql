-- MQTT credentials of vehicles (username = VIN) and owner apps (username = owner:VIN): salted SHA-256 hashes
-- of random secrets; the secrets themselves are shown once by `provision` and never stored.
CREATE TABLE mqtt_credentials (
    username VARCHAR(40) NOT NULL PRIMARY KEY,
    salt     VARCHAR(64) NOT NULL,
    hash     VARCHAR(64) NOT NULL
);
