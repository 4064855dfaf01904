package dev.telematics.cli;

import dev.telematics.archive.Archive;
import dev.telematics.archive.ArchiveSettings;
import dev.telematics.archive.InfluxArchive;
import picocli.CommandLine.Option;

/**
 * The telemetry archive's options of {@code run} and {@code demo}: an InfluxDB v2 write API. Without
 * {@code --influx-url} the archive is off (the engine says so at start).
 */
final class ArchiveOptions {
    @Option(names = "--influx-url", defaultValue = "${env:TELEMATICS_INFLUX_URL}",
            description = "archive telemetry, alerts and case events in InfluxDB 2 (or a store with its write API), "
                    + "e.g. http://127.0.0.1:8086 (env TELEMATICS_INFLUX_URL; default: no archive)")
    String url;

    @Option(names = "--influx-token", defaultValue = "${env:TELEMATICS_INFLUX_TOKEN}",
            description = "API token; prefer the env TELEMATICS_INFLUX_TOKEN (a command line is visible to ps)")
    String token;

    @Option(names = "--influx-org", defaultValue = "${env:TELEMATICS_INFLUX_ORG:-telematics}",
            description = "organisation (env TELEMATICS_INFLUX_ORG; default: ${DEFAULT-VALUE})")
    String org;

    @Option(names = "--influx-bucket", defaultValue = "${env:TELEMATICS_INFLUX_BUCKET:-telematics}",
            description = "bucket (env TELEMATICS_INFLUX_BUCKET; default: ${DEFAULT-VALUE})")
    String bucket;

    @Option(names = "--influx-buffer", defaultValue = "100000",
            description = "points kept while the server is slow or down; beyond, new points are dropped and counted "
                    + "(default: ${DEFAULT-VALUE})")
    int buffer;

    /** The archive these options ask for: {@link Archive#OFF} without a URL. */
    Archive archive() {
        if (url == null || url.isBlank()) {
            return Archive.OFF;
        }
        ArchiveSettings s = ArchiveSettings.of(url.trim(), token, org, bucket);
        return new InfluxArchive(s.withBuffer(buffer, Math.min(s.batchSize(), buffer)));
    }
}
