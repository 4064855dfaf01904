package dev.telematics.testing;

import dev.telematics.engine.Engine;
import dev.telematics.engine.EngineConfig;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;

/** Starts a real engine (embedded broker, HTTP API) on free loopback ports with the shipped rules. */
public final class TestEngines {
    private TestEngines() {
    }

    /**
     * The shipped defaults on free ports, with MQTT security and the per-client rate limit off: the tests
     * of other features connect without credentials and send bursts. {@code SecurityEndToEndTest},
     * {@code RateLimitTest} and {@code CrashRecoveryTest} run with them on.
     */
    public static EngineConfig config() {
        return EngineConfig.defaults().withMqttPort(Ports.free()).withHttpPort(0).withRulesDir(Path.of("rules"))
                .withSecurity(false).withMaxMessagesPerSecond(0);
    }

    /**
     * Builds and starts an engine. A free port can be taken by someone else between finding and binding
     * it, so a failed start is tried again on another port.
     */
    public static Engine started(Engine.Builder builder) {
        CompletionException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            Engine.Builder b = attempt == 0 ? builder : builder.withConfig(builder.config().withMqttPort(Ports.free()));
            try {
                return b.build().start().join();
            } catch (CompletionException e) {
                last = e;
            }
        }
        throw last;
    }
}
