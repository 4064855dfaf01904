package dev.telematics.cli;

import dev.telematics.cases.ServiceCenterConfig;
import dev.telematics.engine.EngineDatabase;
import dev.telematics.security.ApiTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * Where the engine keeps its data (cases, consent, owner settings, credentials, the API token key) and how the
 * service center works: options of {@code run}, {@code demo}, {@code provision} and {@code token}.
 */
final class StoreOptions {
    private static final Logger LOG = LoggerFactory.getLogger(StoreOptions.class);
    static final Path DEFAULT_SERVICE_CENTER = Path.of("config", "service-center.yaml");

    @Option(names = "--data-dir", description = "folder of the embedded case database (default: data; the demo "
            + "uses a fresh temporary folder, and never a JDBC URL)")
    Path dataDir;

    @Option(names = "--jdbc-url", defaultValue = "${env:TELEMATICS_JDBC_URL}", description = "keep cases in "
            + "PostgreSQL instead, e.g. jdbc:postgresql://127.0.0.1:5432/telematics (env TELEMATICS_JDBC_URL)")
    String jdbcUrl;

    @Option(names = "--jdbc-user", defaultValue = "${env:TELEMATICS_JDBC_USER}",
            description = "database user (env TELEMATICS_JDBC_USER)")
    String jdbcUser;

    @Option(names = "--jdbc-password", defaultValue = "${env:TELEMATICS_JDBC_PASSWORD}",
            description = "database password; prefer the env TELEMATICS_JDBC_PASSWORD (a command line is visible to ps)")
    String jdbcPassword;

    @Option(names = "--service-center", description = "SLA targets, technicians and skills (default: "
            + "config/service-center.yaml; built-in SLA targets and no technicians when that file is absent)")
    Path serviceCenter;

    @Option(names = "--api-key-file", defaultValue = "${env:TELEMATICS_API_KEY_FILE}", description = "the key that "
            + "signs API tokens (default: DATA/api-token.key, created when missing; env TELEMATICS_API_KEY_FILE)")
    Path apiKeyFile;

    /** Where the API token key is kept: --api-key-file, else api-token.key in the data folder. */
    Path apiKeyFile(Path defaultDataDir) {
        return apiKeyFile != null ? apiKeyFile : dataDir(defaultDataDir).resolve("api-token.key");
    }

    /** The engine's API tokens, with the key from {@link #apiKeyFile} (created when missing). */
    ApiTokens apiTokens(Path defaultDataDir) {
        Path key = apiKeyFile(defaultDataDir);
        ApiTokens t = ApiTokens.fromKeyFile(key, Clock.systemUTC());
        if (ApiTokens.exposed(key)) {
            LOG.warn("the API token key {} can be read by other users: chmod 600 it", key);
        }
        return t;
    }

    /**
     * The engine's database: PostgreSQL when a JDBC URL is given, else the embedded one in the data folder
     * (with its provisioning inbox). The caller closes it.
     */
    EngineDatabase open(Path defaultDataDir) {
        if (external()) {
            return EngineDatabase.external(jdbcUrl, jdbcUser, jdbcPassword);
        }
        return EngineDatabase.embedded(dataDir(defaultDataDir));
    }

    /** Whether cases live in PostgreSQL (a JDBC URL was given) rather than the embedded database. */
    boolean external() {
        return jdbcUrl != null && !jdbcUrl.isBlank();
    }

    /** The data folder of the embedded database. */
    Path dataDir(Path defaultDataDir) {
        return dataDir != null ? dataDir : defaultDataDir;
    }

    ServiceCenterConfig center() {
        if (serviceCenter != null) {
            return ServiceCenterConfig.load(serviceCenter);
        }
        if (Files.isRegularFile(DEFAULT_SERVICE_CENTER)) {
            return ServiceCenterConfig.load(DEFAULT_SERVICE_CENTER);
        }
        LOG.warn("no {}: built-in SLA targets, no technicians (cases stay unassigned)", DEFAULT_SERVICE_CENTER);
        return ServiceCenterConfig.defaults();
    }
}
