package dev.telematics.security;

import dev.telematics.topic.MessageKind;
import dev.telematics.topic.Topics;
import com.hivemq.extension.sdk.api.annotations.NotNull;
import com.hivemq.extension.sdk.api.auth.PublishAuthorizer;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionAttributeStore;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.hivemq.extension.sdk.api.packets.connect.WillPublishPacket;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may connect to the embedded broker and what each connection may do (HiveMQ extension SDK).
 *
 * <ul>
 * <li>Authentication: the username is a VIN (a car) or {@code owner:VIN} (that car's owner app), the
 * password its provisioned secret; anything else is refused with BAD_USERNAME_OR_PASSWORD (0x86).</li>
 * <li>Topic permissions: a car publishes only {@code vehicles/{its VIN}/telemetry}, {@code .../dtc} and
 * {@code .../commands/response}; an owner app only {@code vehicles/{VIN}/warnings/ack},
 * {@code .../owner/settings} and {@code .../owner/consent}; both subscribe only to
 * {@code vehicles/{VIN}/warnings}, a car also to {@code vehicles/{VIN}/commands}, without wildcards. Anything else is refused with
 * NOT_AUTHORIZED (0x87), counted and logged with the client id: HiveMQ disconnects a client at its
 * first refused publish (DISCONNECT 0x87, also for a Last Will on a foreign topic, refused at CONNECT); a
 * refused subscription gets SUBACK 0x87, and the third one on a connection disconnects it. The client id
 * must be the username (owner apps: also {@code owner:VIN/DEVICE}), else CONNACK 0x85.</li>
 * <li>Client certificates (the broker's TLS listener with a trust store; the broker has checked the
 * chain): a client that presented one must connect as the identity it names: the subject's common name
 * (CN) must equal the username ({@code VIN} or {@code owner:VIN}), else the connect is refused with
 * NOT_AUTHORIZED (0x87: the certificate is valid, but for another identity) before the password is
 * looked at, counted ({@code refusedClientCertificates}, also in {@code refusedConnects}) and logged.
 * Username and password are checked as always; a client without a certificate is held to them alone
 * (client-authentication mode REQUIRED refuses it at the TLS handshake already).</li>
 * <li>Connections per credential ({@link ConnectionQuota}): a car has one session (client id = VIN; a
 * reconnect with the same client id takes the old session over, so it is never locked out by its own stale
 * connection); an owner app at most {@code maxConnectionsPerOwnerApp} devices (client ids) at once. One
 * more is refused with CONNACK 0x97 QUOTA_EXCEEDED ("an implementation or administrative imposed limit has
 * been exceeded": a limit on this credential, not a rate) and counted, so no single credential can use up
 * the broker's global {@code max-connections}.</li>
 * <li>Last Will: a will on a topic the engine processes (telemetry, dtc, the owner app's topics, ...) is
 * refused at CONNECT with 0x90 TOPIC_NAME_INVALID (MQTT 5: "the Will Topic Name is not malformed, but is
 * not accepted by this Server") and a reason string: HiveMQ publishes a will without running publish
 * interceptors, so the engine would never take it, and a will has no acknowledgement a car could rely on.
 * A will on a topic the client may not publish at all is refused with 0x87. Counted
 * ({@code refusedLastWills}).</li>
 * </ul>
 *
 * <p>Threading: called on HiveMQ's threads for many clients at once; state is per connection (HiveMQ's
 * connection attribute store) or thread-safe counters.
 */
public final class MqttSecurity implements SimpleAuthenticator, PublishAuthorizer, SubscriptionAuthorizer {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSecurity.class);
    /** Refusals are logged, but at most 20 lines a minute: a misbehaving client must not flood the log. */
    private final RateLimitedLog log = new RateLimitedLog(LOG, 20);
    private static final String IDENTITY = "telematics.identity";
    private static final String DENIALS = "telematics.denials";
    private static final int DISCONNECT_AFTER = 3;
    private final CredentialStore credentials;
    private final LongAdder authenticated = new LongAdder();
    private final LongAdder refusedConnects = new LongAdder();
    private final LongAdder refusedCertificates = new LongAdder();
    private final LongAdder refusedPublishes = new LongAdder();
    private final LongAdder refusedSubscriptions = new LongAdder();
    private final LongAdder disconnected = new LongAdder();
    private final LongAdder revoked = new LongAdder();
    private final LongAdder refusedQuota = new LongAdder();
    private final LongAdder refusedWills = new LongAdder();
    private final Map<ConnackReasonCode, LongAdder> refusedByReason = new ConcurrentHashMap<>();
    private final ConnectionQuota quota;
    private static final String CONNECTION = "telematics.connection";
    /** What each live connection authenticated with: client id -> username, the hash, the connection. */
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    private record Session(String username, String hash, String connection) {
    }

    /** Owner apps may connect up to {@link #DEFAULT_CONNECTIONS_PER_OWNER_APP} devices at once. */
    public MqttSecurity(CredentialStore credentials) {
        this(credentials, DEFAULT_CONNECTIONS_PER_OWNER_APP);
    }

    /** @param maxConnectionsPerOwnerApp devices one owner-app credential may have connected at once; 0: no limit */
    public MqttSecurity(CredentialStore credentials, int maxConnectionsPerOwnerApp) {
        this.credentials = credentials;
        this.quota = new ConnectionQuota(maxConnectionsPerOwnerApp);
    }

    public static final int DEFAULT_CONNECTIONS_PER_OWNER_APP = 3;

    @Override
    public void onConnect(@NotNull SimpleAuthInput in, @NotNull SimpleAuthOutput out) {
        String clientId = in.getClientInformation().getClientId();
        Optional<String> username = in.getConnectPacket().getUserName();
        Identity claimed = Identity.claimedBy(username.orElse(null));
        Optional<ByteBuffer> password = in.getConnectPacket().getPassword();
        if (claimed == null || password.isEmpty()) {
            refuseConnect(out, clientId, "username must be a VIN or owner:VIN, with the provisioned password");
            return;
        }
        if (!certificateMatches(in, claimed, clientId)) {
            out.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, "the client certificate names another identity");
            return;
        }
        Optional<CredentialStore.Stored> stored;
        try {
            stored = credentials.find(claimed.username());
        } catch (RuntimeException e) {
            countRefusal(ConnackReasonCode.SERVER_UNAVAILABLE);
            LOG.warn("client {} ({}) refused: credential store unavailable: {}", clip(clientId), claimed.username(),
                    e.getMessage());
            out.failAuthentication(ConnackReasonCode.SERVER_UNAVAILABLE, "try again later");
            return;
        }
        // the client id is the identity too: a car connects as its VIN, an owner app as owner:VIN or
        // owner:VIN/DEVICE. Otherwise a client could take over another car's session (and its warnings).
        if (!clientId.equals(claimed.username())
                && !(claimed.role() == Identity.Role.OWNER_APP && clientId.startsWith(claimed.username() + "/"))) {
            countRefusal(ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID);
            log.warn("client {} refused at connect: client id must be {}{}", clip(clientId), claimed.username(),
                    claimed.role() == Identity.Role.OWNER_APP ? " or " + claimed.username() + "/DEVICE" : "");
            out.failAuthentication(ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID, "the client id must be the username");
            return;
        }
        ByteBuffer pw = password.get().asReadOnlyBuffer();
        byte[] secret = new byte[pw.remaining()];
        pw.get(secret);
        boolean ok;
        try {
            ok = stored.isPresent() && Secrets.matches(stored.get(), secret);
        } catch (RuntimeException badStoredValue) {
            ok = false;
        }
        if (!ok) {
            refuseConnect(out, clientId, "unknown username or wrong password");
            return;
        }
        Optional<WillPublishPacket> will = in.getConnectPacket().getWillPublish();
        if (will.isPresent() && !willAccepted(out, clientId, claimed, will.get().getTopic())) {
            return;
        }
        String connection = UUID.randomUUID().toString();
        if (!quota.tryAcquire(claimed, clientId, connection)) {
            countRefusal(ConnackReasonCode.QUOTA_EXCEEDED);
            refusedQuota.increment();
            log.warn("client {} refused at connect: credential {} has its {} connection(s) open already",
                    clip(clientId), claimed.username(), quota.limit(claimed));
            out.failAuthentication(ConnackReasonCode.QUOTA_EXCEEDED, "this credential has " + quota.limit(claimed)
                    + " connection(s) open already, the most it may have");
            return;
        }
        ConnectionAttributeStore attrs = in.getConnectionInformation().getConnectionAttributeStore();
        attrs.putAsString(IDENTITY, claimed.encode());
        attrs.putAsString(CONNECTION, connection);
        sessions.put(clientId, new Session(claimed.username(), stored.get().hash(), connection));
        authenticated.increment();
        out.authenticateSuccessfully();
    }

    /**
     * True without a client certificate, or with one whose subject CN is the claimed username; a refusal
     * is counted and logged.
     */
    private boolean certificateMatches(SimpleAuthInput in, Identity claimed, String clientId) {
        Optional<X509Certificate> cert = ClientCertificates.presented(in.getConnectionInformation());
        if (cert.isEmpty()) {
            return true;
        }
        Optional<String> cn = ClientCertificates.commonName(cert.get());
        if (cn.isPresent() && cn.get().equals(claimed.username())) {
            return true;
        }
        countRefusal(ConnackReasonCode.NOT_AUTHORIZED);
        refusedCertificates.increment();
        log.warn("client {} ({}) refused at connect: its TLS certificate names CN '{}'", clip(clientId),
                claimed.username(), cn.map(MqttSecurity::clip).orElse("(none or several)"));
        return false;
    }

    /**
     * Whether a Last Will on {@code topic} may stay; a refusal is answered (0x90 on a topic the engine
     * processes, 0x87 on a topic the client may not publish), counted and logged.
     */
    private boolean willAccepted(SimpleAuthOutput out, String clientId, Identity claimed, String topic) {
        boolean own = publishable(claimed, topic);
        if (own && Topics.kindOf(topic) == null) {
            return true; // none today: every topic a client may publish is one the engine processes
        }
        refusedWills.increment();
        log.warn("client {} ({}) refused at connect: Last Will on '{}'", clip(clientId), claimed.username(), clip(topic));
        if (own) {
            countRefusal(ConnackReasonCode.TOPIC_NAME_INVALID);
            out.failAuthentication(ConnackReasonCode.TOPIC_NAME_INVALID, "a Last Will on a topic the engine processes "
                    + "is not supported: the broker would publish it without the engine ever taking it; publish the "
                    + "message normally instead");
        } else {
            countRefusal(ConnackReasonCode.NOT_AUTHORIZED);
            out.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, "a client may publish only on its own vehicle's topics");
        }
        return false;
    }

    private void countRefusal(ConnackReasonCode code) {
        refusedConnects.increment();
        refusedByReason.computeIfAbsent(code, k -> new LongAdder()).increment();
    }

    private void refuseConnect(SimpleAuthOutput out, String clientId, String why) {
        countRefusal(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD);
        log.warn("client {} refused at connect: {}", clip(clientId), why);
        out.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, why);
    }

    @Override
    public void authorizePublish(@NotNull PublishAuthorizerInput in, @NotNull PublishAuthorizerOutput out) {
        ConnectionAttributeStore attrs = in.getConnectionInformation().getConnectionAttributeStore();
        Identity id = identity(attrs);
        String topic = in.getPublishPacket().getTopic();
        if (id != null && publishable(id, topic)) {
            out.authorizeSuccessfully();
            return;
        }
        boolean will = in.getPublishPacket() instanceof WillPublishPacket;
        if (will || !Topics.isVehicleTopic(topic)) { // other vehicle-topic publishes were counted by the interceptor
            refusedPublishes.increment();
            log.warn("client {} ({}) may not publish to '{}'", in.getClientInformation().getClientId(),
                    id == null ? "?" : id.username(), clip(topic));
        }
        if (denied(attrs)) {
            disconnected.increment();
            out.disconnectClient(DisconnectReasonCode.NOT_AUTHORIZED, "repeated publishes outside the client's own topics");
        } else {
            out.failAuthorization(AckReasonCode.NOT_AUTHORIZED, "a client may publish only on its own vehicle's topics");
        }
    }

    @Override
    public void authorizeSubscribe(@NotNull SubscriptionAuthorizerInput in, @NotNull SubscriptionAuthorizerOutput out) {
        ConnectionAttributeStore attrs = in.getConnectionInformation().getConnectionAttributeStore();
        Identity id = identity(attrs);
        String filter = in.getSubscription().getTopicFilter();
        if (id != null && (filter.equals(Topics.warnings(id.vin()))
                || id.role() == Identity.Role.VEHICLE && filter.equals(Topics.commands(id.vin())))) {
            out.authorizeSuccessfully();
            return;
        }
        refusedSubscriptions.increment();
        log.warn("client {} ({}) may not subscribe to '{}'", in.getClientInformation().getClientId(),
                id == null ? "?" : id.username(), clip(filter));
        if (denied(attrs)) {
            disconnected.increment();
            out.disconnectClient(DisconnectReasonCode.NOT_AUTHORIZED, "repeated subscriptions outside the client's own topics");
        } else {
            out.failAuthorization(SubackReasonCode.NOT_AUTHORIZED, "a client may subscribe only to its own vehicle's warnings");
        }
    }

    /**
     * Whether the connection (by its authenticated identity) may publish on {@code topic}; a refusal is
     * counted and logged here. Called by the broker's publish interceptor for every topic under
     * {@code vehicles/} (HiveMQ calls interceptors before the authorizer has the last word).
     */
    public boolean mayPublish(ConnectionAttributeStore attrs, String clientId, String topic) {
        Identity id = identity(attrs);
        if (id != null && publishable(id, topic)) {
            return true;
        }
        refusedPublishes.increment();
        log.warn("client {} ({}) may not publish to '{}'", clip(clientId), id == null ? "?" : id.username(), clip(topic));
        return false;
    }

    /**
     * A car publishes only its own uplink topics (telemetry, dtc, commands/response), its owner app only the
     * owner's (warnings/ack, owner/settings, owner/consent): {@link MessageKind#fromVehicle()}.
     */
    private static boolean publishable(Identity id, String topic) {
        MessageKind kind = Topics.kindOf(topic);
        return kind != null && id.vin().equals(Topics.vinSegment(topic))
                && kind.fromVehicle() == (id.role() == Identity.Role.VEHICLE);
    }

    private static Identity identity(ConnectionAttributeStore attrs) {
        return attrs.getAsString(IDENTITY).map(Identity::decode).orElse(null);
    }

    /** Counts a refusal on the connection; true when it is time to disconnect it. */
    private static boolean denied(ConnectionAttributeStore attrs) {
        int n = attrs.getAsString(DENIALS).map(Integer::parseInt).orElse(0) + 1;
        attrs.putAsString(DENIALS, String.valueOf(n));
        return n >= DISCONNECT_AFTER;
    }

    private static String clip(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }

    /** The connection ended: it is no longer checked against replaced credentials. */
    public void forget(String clientId, ConnectionAttributeStore attrs) {
        Optional<String> connection;
        Identity id;
        try {
            connection = attrs.getAsString(CONNECTION);
            id = identity(attrs);
        } catch (RuntimeException gone) {
            connection = Optional.empty();
            id = null;
        }
        if (connection.isEmpty()) {
            return; // never authenticated here (or refused)
        }
        String c = connection.get();
        // a reconnect with the same client id may have authenticated already: keep its session
        sessions.computeIfPresent(clientId, (k, s) -> s.connection().equals(c) ? null : s);
        if (id != null) {
            quota.release(id.username(), clientId, c);
        }
    }

    /**
     * The live connections whose credential was replaced (provisioned again) or removed since they
     * authenticated, counted; the broker disconnects them. One lookup of the store for all of them.
     */
    public List<String> revokedConnections() {
        if (sessions.isEmpty()) {
            return List.of();
        }
        Map<String, Session> live = Map.copyOf(sessions);
        Map<String, String> hashes = credentials.hashes(live.values().stream().map(Session::username).toList());
        List<String> out = new ArrayList<>();
        live.forEach((clientId, s) -> {
            if (!s.hash().equals(hashes.get(s.username())) && sessions.remove(clientId, s)) {
                out.add(clientId);
                revoked.increment();
                log.warn("client {} ({}) disconnected: its credential was replaced or removed", clip(clientId),
                        s.username());
            }
        });
        return out;
    }

    /** Counters for GET /api/stats. */
    public Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("authenticated", authenticated.sum());
        m.put("refusedConnects", refusedConnects.sum());
        m.put("refusedClientCertificates", refusedCertificates.sum());
        m.put("refusedPublishes", refusedPublishes.sum());
        m.put("refusedSubscriptions", refusedSubscriptions.sum());
        m.put("disconnectedForRepeatedRefusals", disconnected.sum());
        m.put("disconnectedCredentialReplaced", revoked.sum());
        m.put("refusedConnectionQuota", refusedQuota.sum());
        m.put("refusedLastWills", refusedWills.sum());
        Map<String, Long> byReason = new java.util.TreeMap<>();
        refusedByReason.forEach((code, n) -> byReason.put(code.name(), n.sum()));
        m.put("refusedConnectsByReason", byReason);
        return m;
    }
}
