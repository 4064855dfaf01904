package dev.telematics.cli;

import dev.telematics.config.Durations;
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

    @Option(names = "--health-max-backlog", description = "vehicle messages waiting for processing above which "
            + "GET /health answers 503 DEGRADED; 0 = never (default: ${DEFAULT-VALUE})", defaultValue = "3000")
    int healthMaxBacklog;

    @Option(names = "--max-connections-per-owner", description = "devices one owner-app credential may have connected "
            + "at once; more are refused at CONNECT with 0x97 (a car has one session: its client id is its VIN, a "
            + "reconnect takes the old one over); 0 = no limit (default: ${DEFAULT-VALUE})", defaultValue = "3")
    int maxConnectionsPerOwner;

    @Option(names = "--connect-timeout", description = "how long a new MQTT socket may stay silent before it sends "
            + "CONNECT; such sockets count against --max-connections until closed (default: ${DEFAULT-VALUE})",
            defaultValue = "3s")
    String connectTimeout;

    @Mixin
    TlsOptions tls;

    @Mixin
    EvidenceOptions evidence;

    EngineConfig toConfig(int mqttPort, int httpPort) {
        EngineConfig d = EngineConfig.defaults();
        return d.withMqtt(d.mqtt().withHost(mqttHost).withPort(mqttPort).withMaxMessagesPerSecond(maxRate)
                        .withMaxConnections(maxConnections).withTls(tls.toConfig())
                        .withMaxConnectionsPerOwnerApp(maxConnectionsPerOwner).withConnectTimeout(Durations.parse(connectTimeout)))
                .withHttp(new EngineConfig.Http(httpHost, httpPort, healthMaxBacklog)).withRulesDir(rules)
                .withMaxPayloadBytes(maxPayloadBytes).withEvidence(evidence.toLimits());
    }
}
