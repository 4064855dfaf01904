-- Cluster mode (docs/scaling.md): owner warnings waiting to reach a car or owner app. Written before a warning is
-- routed to the node that holds the vehicle's connection, deleted once a node's broker took it; what stays is
-- parked for a vehicle that is offline and is sent when it connects again, to whichever node.
CREATE TABLE downlink_outbox (
    id         VARCHAR(36)  PRIMARY KEY,
    vin        VARCHAR(17)  NOT NULL,
    topic      VARCHAR(200) NOT NULL,
    payload    BYTEA        NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX downlink_outbox_vin ON downlink_outbox (vin);
