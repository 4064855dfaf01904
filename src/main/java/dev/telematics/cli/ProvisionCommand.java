package dev.telematics.cli;

import dev.telematics.cases.CaseDatabase;
import dev.telematics.config.Json;
import dev.telematics.security.JdbcCredentialStore;
import dev.telematics.security.Provisioner;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code provision VIN...}: gives each vehicle (or, with {@code --owner-app}, its owner app) a new MQTT
 * secret and prints one JSON line per VIN: {"vin", "username", "password"}. Only a salted hash is kept,
 * in the engine's database; a running engine accepts the new secret at the car's next connect.
 */
@Command(name = "provision", mixinStandardHelpOptions = true,
        description = "Create MQTT credentials for vehicles (or their owner apps); prints one JSON line each.")
final class ProvisionCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "VIN", description = "vehicle identification numbers")
    List<String> vins;

    @Option(names = "--owner-app", description = "credentials for the owner app of each car (username owner:VIN)")
    boolean ownerApp;

    @Mixin
    StoreOptions store;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // PostgreSQL: straight into the database; the embedded database belongs to the engine, so the
        // credential goes through the provisioning inbox in its data folder (taken at the car's connect)
        if (store.external()) {
            try (CaseDatabase db = store.open(Path.of("data"))) {
                print(new Provisioner(new JdbcCredentialStore(db.dataSource())));
            }
        } else {
            Path inbox = dev.telematics.security.InboxCredentialStore.inboxOf(store.dataDir(Path.of("data")));
            spec.commandLine().getErr().println("credentials go to " + inbox.toAbsolutePath() + " (the engine with "
                    + "--data-dir " + store.dataDir(Path.of("data")) + " takes them; for PostgreSQL pass --jdbc-url)");
            spec.commandLine().getErr().flush();
            print(new Provisioner(new dev.telematics.security.CredentialStore() {
                @Override
                public java.util.Optional<Stored> find(String username) {
                    return java.util.Optional.empty();
                }

                @Override
                public void put(Stored credential) {
                    try {
                        dev.telematics.security.InboxCredentialStore.drop(inbox, credential);
                    } catch (java.io.IOException e) {
                        throw new dev.telematics.error.EngineException(dev.telematics.error.ErrorCode.CONFIG_INVALID,
                                "cannot write to " + inbox + ": " + e.getMessage(), e);
                    }
                }
            }));
        }
        return 0;
    }

    private void print(Provisioner p) throws Exception {
        var json = Json.newMapper();
        for (String vin : vins) {
            Provisioner.Issued issued = p.provision(vin, ownerApp);
            java.util.Map<String, String> line = new java.util.LinkedHashMap<>();
            line.put("vin", issued.vin());
            line.put("username", issued.username());
            line.put("password", issued.password());
            spec.commandLine().getOut().println(json.writeValueAsString(line));
        }
        spec.commandLine().getOut().flush();
    }
}
