package dev.telematics.handoff;

/**
 * Told by the edge when an MQTT client of a vehicle connects to or leaves this node: the car itself (client
 * id = VIN) or one of its owner's apps (user name {@code owner:VIN}). Cluster mode records from it which node
 * holds which vehicle's connections, to route warnings and commands there.
 *
 * <p>Threading: called on the broker's threads; must be quick and never block or throw.
 */
public interface ConnectionListener {
    ConnectionListener NONE = new ConnectionListener() {
        @Override
        public void connected(String clientId, String vin) {
        }

        @Override
        public void disconnected(String clientId) {
        }
    };

    /** {@code vin}: the vehicle whose car or owner app the client is. */
    void connected(String clientId, String vin);

    void disconnected(String clientId);
}
