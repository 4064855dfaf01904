package dev.telematics.cli;

import dev.telematics.config.Durations;
import dev.telematics.security.ApiRole;
import dev.telematics.security.ApiTokens;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code token --role technician --name NAME}: issues an HTTP API token signed with the engine's key
 * (the same --data-dir or --api-key-file as {@code run}); the token is the last line of the output.
 * Works while the engine runs; the engine keeps no list of tokens.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Issue an HTTP API token (printed as the last line) for a technician, supervisor or auditor.")
final class TokenCommand implements Callable<Integer> {
    @Option(names = "--role", required = true, description = "technician, supervisor or auditor")
    String role;

    @Option(names = "--name", required = true, description = "who the token is for (letters, digits, . _ @ -); "
            + "it is the actor of every change made with the token")
    String name;

    @Option(names = "--valid-for", defaultValue = "90d", description = "how long the token works (default: "
            + "${DEFAULT-VALUE}; " + Durations.ACCEPTED + ")")
    String validFor;

    @Mixin
    StoreOptions store;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ApiRole r = ApiRole.parse(role);
        if (r == null) {
            throw new IllegalArgumentException("--role must be technician, supervisor or auditor, got '" + role + "'");
        }
        Duration valid = Durations.parse(validFor);
        Path key = store.apiKeyFile(Path.of("data"));
        String token = store.apiTokens(Path.of("data")).issue(name, r, valid);
        var err = spec.commandLine().getErr();
        err.printf("%s token for %s, valid for %s, signed with %s; send it as 'Authorization: Bearer TOKEN'.%n",
                r.label(), name, Durations.format(valid), key.toAbsolutePath());
        err.flush();
        spec.commandLine().getOut().println(token);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
