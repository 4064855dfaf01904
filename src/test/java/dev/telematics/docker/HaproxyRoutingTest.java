package dev.telematics.docker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import dev.telematics.testing.Ports;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker/haproxy.cfg run by Debian's haproxy in front of three stand-in nodes on loopback (an HTTP server with
 * /health, a TCP server for MQTT that names its node): HTTP goes round robin, MQTT connections spread over the
 * nodes, and a node whose /health answers 503 gets no new requests or connections until it answers 200 again.
 * The config is used as written except the addresses, the bind ports and a 200 ms check interval (5 s in
 * Docker). Skipped without haproxy unless TELEMATICS_REQUIRE_HAPROXY=1.
 */
class HaproxyRoutingTest {
    private static final Path CFG = Path.of("docker", "haproxy.cfg").toAbsolutePath();
    private static final List<String> NODES = List.of("a", "b", "c");
    private final List<HttpServer> https = new ArrayList<>();
    private final List<ServerSocket> mqtts = new ArrayList<>();
    private final Map<String, AtomicInteger> health = new HashMap<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private Process haproxy;

    @AfterEach
    void stop() throws IOException {
        if (haproxy != null) {
            haproxy.destroy();
        }
        https.forEach(s -> s.stop(0));
        for (ServerSocket s : mqtts) {
            s.close();
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void httpRoundRobinAndMqttSpreadOverHealthyNodes_andANodeAnswering503GetsNothingNew(@TempDir Path dir)
            throws Exception {
        String binary = haproxyBinary();
        String cfg = Files.readString(CFG);
        int mqttPort = Ports.free();
        int httpPort = Ports.free();
        cfg = replace(cfg, "bind :1883", "bind 127.0.0.1:" + mqttPort);
        cfg = replace(cfg, "bind :8080", "bind 127.0.0.1:" + httpPort);
        cfg = replace(cfg, "bind :8404", "bind 127.0.0.1:" + Ports.free());
        cfg = replace(cfg, "check inter 5s", "check inter 200ms");
        for (String node : NODES) {
            int nodeHttp = startHttpNode(node);
            int nodeMqtt = startMqttNode(node);
            cfg = replace(cfg, "engine-" + node + ":1883 port 8080", "127.0.0.1:" + nodeMqtt + " port " + nodeHttp);
            cfg = replace(cfg, "engine-" + node + ":8080", "127.0.0.1:" + nodeHttp);
        }
        Path file = dir.resolve("haproxy.cfg");
        Files.writeString(file, cfg);
        haproxy = new ProcessBuilder(binary, "-db", "-f", file.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("haproxy.log").toFile()).start();

        // all three up: six requests, two each, in turn
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> answers(httpPort, 3).stream().distinct()
                .count() == 3);
        List<String> six = answers(httpPort, 6);
        assertEquals(six.subList(0, 3), six.subList(3, 6), "round robin: " + six);
        assertEquals(3, six.subList(0, 3).stream().distinct().count(), six.toString());
        // MQTT: three connections held open land on three nodes (fewest connections first)
        List<Socket> cars = new ArrayList<>();
        List<String> carNodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Socket car = new Socket(InetAddress.getLoopbackAddress(), mqttPort);
            cars.add(car);
            carNodes.add(readName(car));
        }
        assertEquals(3, carNodes.stream().distinct().count(), "cars spread over the nodes: " + carNodes);

        // b's /health answers 503: b leaves both rotations, its open connection stays
        health.get("b").set(503);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> !answers(httpPort, 4).contains("b"));
        assertFalse(answers(httpPort, 6).contains("b"), "no HTTP request reaches the unhealthy node");
        for (int i = 0; i < 4; i++) {
            try (Socket car = new Socket(InetAddress.getLoopbackAddress(), mqttPort)) {
                assertTrue(List.of("a", "c").contains(readName(car)), "a new car goes to a healthy node");
            }
        }
        Socket onB = cars.get(carNodes.indexOf("b"));
        onB.getOutputStream().write('x'); // the stand-in echoes: the connection still works
        assertEquals('x', onB.getInputStream().read(), "a car already on b keeps its connection");

        // b healthy again: back in rotation
        health.get("b").set(200);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> answers(httpPort, 3).contains("b"));
        for (Socket car : cars) {
            car.close();
        }
    }

    private List<String> answers(int port, int n) throws Exception {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/node"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            out.add(r.body());
        }
        return out;
    }

    /** A stand-in node's HTTP port: /health answers this node's health status, /node its name. */
    private int startHttpNode(String node) throws IOException {
        AtomicInteger status = new AtomicInteger(200);
        health.put(node, status);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", ex -> respond(ex, status.get(), status.get() == 200 ? "UP" : "DOWN"));
        server.createContext("/node", ex -> respond(ex, 200, node));
        server.start();
        https.add(server);
        return server.getAddress().getPort();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    /** A stand-in node's MQTT port: says its name on connect, then echoes what it is sent. */
    private int startMqttNode(String node) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        mqtts.add(server);
        daemon(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    daemon(() -> {
                        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                            out.write(node.getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                            for (int c; (c = in.read()) >= 0; ) {
                                out.write(c);
                                out.flush();
                            }
                        } catch (IOException closed) {
                            // the car or the test closed it
                        }
                    });
                } catch (IOException closed) {
                    return;
                }
            }
        });
        return server.getLocalPort();
    }

    private static void daemon(Runnable r) {
        Thread t = new Thread(r, "haproxy-test-node");
        t.setDaemon(true);
        t.start();
    }

    private static String readName(Socket s) throws IOException {
        s.setSoTimeout(5000);
        int c = s.getInputStream().read();
        assertTrue(c >= 0, "the node closed the connection");
        return String.valueOf((char) c);
    }

    private static String replace(String cfg, String from, String to) {
        assertTrue(cfg.contains(from), "haproxy.cfg has no '" + from + "' (update this test with the config)");
        return cfg.replace(from, to);
    }

    private static String haproxyBinary() {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.add("/usr/sbin");
        for (String d : dirs) {
            File f = new File(d, "haproxy");
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        if ("1".equals(System.getenv("TELEMATICS_REQUIRE_HAPROXY"))) {
            fail("TELEMATICS_REQUIRE_HAPROXY=1 but haproxy (Debian package haproxy) is missing");
        }
        Assumptions.abort("no haproxy: apt-get install haproxy (Debian's) to run docker/haproxy.cfg");
        return null;
    }
}
