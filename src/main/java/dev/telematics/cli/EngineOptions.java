package dev.telematics.cli;

import dev.telematics.engine.EngineConfig;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options shared by the commands that start an engine ({@code run}, {@code demo}). */
final class EngineOptions {
    @Option(names = "--mqtt-host", description = "MQTT bind address (default: ${DEFAULT-VALUE})", defaultValue = "127.0.0.1")
    String mqttHost;

    @Option(names = "--http-host", description = "HTTP bind address (default: ${DEFAULT-VALUE})", defaultValue = "127.0.0.1")
    String httpHost;

    @Option(names = "--rules", description = "rules folder (default: ${DEFAULT-VALUE})", defaultValue = "rules")
    Path rules;

    @Option(names = "--max-payload-bytes", description = "largest vehicle message accepted (default: ${DEFAULT-VALUE})",
            defaultValue = "65536")
    int maxPayloadBytes;

    @Option(names = "--max-rate", description = "messages per second each MQTT client may publish on average "
            + "(bursts of twice as many); more are refused with 0x97 and counted; 0 = no limit (default: ${DEFAULT-VALUE})",
            defaultValue = "20")
    int maxRate;

    @Option(names = "--max-connections", description = "open MQTT connections the broker accepts; more are refused "
            + "at CONNECT with 0x97; 0 = no limit (default: ${DEFAULT-VALUE})", defaultValue = "25000")
    int maxConnections;

    @Mixin
    TlsOptions tls;

    @Mixin
    EvidenceOptions evidence;

    EngineConfig toConfig(int mqttPort, int httpPort) {
        EngineConfig d = EngineConfig.defaults();
        return d.withMqtt(d.mqtt().withHost(mqttHost).withPort(mqttPort).withMaxMessagesPerSecond(maxRate)
                        .withMaxConnections(maxConnections).withTls(tls.toConfig()))
                .withHttp(new EngineConfig.Http(httpHost, httpPort)).withRulesDir(rules)
                .withMaxPayloadBytes(maxPayloadBytes).withEvidence(evidence.toLimits());
    }
}
