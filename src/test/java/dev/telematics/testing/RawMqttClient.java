package dev.telematics.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * An MQTT 5 client written by hand on a plain TCP socket, for packets that client libraries refuse to
 * build: topics with invalid UTF-8, NUL characters or wildcards in a PUBLISH. It speaks just enough of the
 * protocol for tests: CONNECT with username and password, PUBLISH at QoS 0 or 1, and reading what the
 * broker answers (CONNACK, PUBACK, DISCONNECT, or the connection closed).
 */
public final class RawMqttClient implements AutoCloseable {
    /** Control packet types (MQTT 5, section 2.1.2). */
    public static final int CONNACK = 2;
    public static final int PUBACK = 4;
    public static final int DISCONNECT = 14;
    /** {@link Packet#type()} when the broker closed the connection. */
    public static final int CLOSED = -1;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    /** A packet the broker sent: its type and reason code (0 when the packet carries none). */
    public record Packet(int type, int reasonCode) {
    }

    /** Opens the TCP connection; nothing is sent yet. Reads wait at most {@code readTimeoutMillis}. */
    public RawMqttClient(int port, int readTimeoutMillis) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(readTimeoutMillis);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Sends CONNECT (MQTT 5, clean start, keep-alive 60 s) and returns the CONNACK's reason code. */
    public int connect(String clientId, String username, String password) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeBinary(body, "MQTT".getBytes(StandardCharsets.UTF_8));
        body.write(5); // protocol level: MQTT 5
        body.write(0x80 | 0x40 | 0x02); // username, password, clean start
        body.write(0);
        body.write(60); // keep alive
        body.write(0); // no properties
        writeBinary(body, clientId.getBytes(StandardCharsets.UTF_8));
        writeBinary(body, username.getBytes(StandardCharsets.UTF_8));
        writeBinary(body, password.getBytes(StandardCharsets.UTF_8));
        send(0x10, body.toByteArray());
        Packet p = read();
        if (p.type() != CONNACK) {
            throw new IOException("expected CONNACK, got " + p);
        }
        return p.reasonCode();
    }

    /** Sends PUBLISH with the topic's raw bytes (they need not be valid UTF-8); {@code qos} 0 or 1. */
    public void publish(byte[] topic, byte[] payload, int qos, int packetId) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeBinary(body, topic);
        if (qos > 0) {
            body.write(packetId >> 8);
            body.write(packetId & 0xFF);
        }
        body.write(0); // no properties
        body.write(payload);
        send(0x30 | qos << 1, body.toByteArray());
    }

    /**
     * The next packet from the broker, or {@link #CLOSED} when the broker closed the connection (end of
     * stream or reset). Throws {@link SocketTimeoutException} when nothing comes within the read timeout.
     */
    public Packet read() throws IOException {
        int header;
        try {
            header = in.read();
        } catch (SocketException reset) {
            return new Packet(CLOSED, 0);
        }
        if (header < 0) {
            return new Packet(CLOSED, 0);
        }
        int length = 0;
        int shift = 0;
        int b;
        do {
            b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed inside a packet header");
            }
            length |= (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        byte[] body = new byte[length];
        in.readFully(body);
        int type = header >> 4;
        int reason = switch (type) {
            case CONNACK -> body.length > 1 ? body[1] & 0xFF : 0;
            case PUBACK -> body.length > 2 ? body[2] & 0xFF : 0; // packet id, then the reason code (absent: success)
            case DISCONNECT -> body.length > 0 ? body[0] & 0xFF : 0;
            default -> 0;
        };
        return new Packet(type, reason);
    }

    /**
     * Reads until the broker closes the connection; returns the reason code of the DISCONNECT it sent
     * before closing, or -1 when it closed without one.
     */
    public int awaitClosed() throws IOException {
        int reason = -1;
        while (true) {
            Packet p = read();
            if (p.type() == CLOSED) {
                return reason;
            }
            if (p.type() == DISCONNECT) {
                reason = p.reasonCode();
            }
        }
    }

    private void send(int header, byte[] body) throws IOException {
        ByteArrayOutputStream packet = new ByteArrayOutputStream(body.length + 5);
        packet.write(header);
        int n = body.length;
        do { // remaining length: variable byte integer
            int digit = n % 128;
            n /= 128;
            packet.write(n > 0 ? digit | 0x80 : digit);
        } while (n > 0);
        packet.write(body);
        out.write(packet.toByteArray());
        out.flush();
    }

    private static void writeBinary(ByteArrayOutputStream out, byte[] b) {
        out.write(b.length >> 8);
        out.write(b.length & 0xFF);
        out.write(b, 0, b.length);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
