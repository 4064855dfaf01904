package dev.telematics.testing;

import dev.telematics.engine.Engine;
import dev.telematics.engine.EngineConfig;
import java.nio.file.Path;

/** Starts a real engine (embedded broker, HTTP API) on free loopback ports with the shipped rules. */
public final class TestEngines {
    private TestEngines() {
    }

    public static EngineConfig config() {
        return EngineConfig.defaults().withMqttPort(Ports.free()).withHttpPort(0).withRulesDir(Path.of("rules"));
    }

    public static Engine started(Engine.Builder builder) {
        return builder.build().start().join();
    }
}
