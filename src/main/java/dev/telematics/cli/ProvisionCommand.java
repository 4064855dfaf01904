package dev.telematics.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.config.Json;
import dev.telematics.engine.EngineDatabase;
import dev.telematics.security.InboxCredentialStore;
import dev.telematics.security.Provisioner;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // PostgreSQL: straight into the database; the embedded database belongs to the engine, so the
        // credential goes through the provisioning inbox in its data folder (taken at the car's connect)
        if (store.external()) {
            try (EngineDatabase db = store.open(Path.of("data"))) {
                print(new Provisioner(db.credentials()));
            }
        } else {
            Path inbox = InboxCredentialStore.inboxOf(store.dataDir(Path.of("data")));
            spec.commandLine().getErr().println("credentials go to " + inbox.toAbsolutePath() + " (the engine with "
                    + "--data-dir " + store.dataDir(Path.of("data")) + " takes them; for PostgreSQL pass --jdbc-url)");
            spec.commandLine().getErr().flush();
            print(new Provisioner(InboxCredentialStore.writerTo(inbox)));
        }
        return 0;
    }

    private void print(Provisioner p) throws Exception {
        ObjectMapper json = Json.newMapper();
        for (String vin : vins) {
            Provisioner.Issued issued = p.provision(vin, ownerApp);
            Map<String, String> line = new LinkedHashMap<>();
            line.put("vin", issued.vin());
            line.put("username", issued.username());
            line.put("password", issued.password());
            spec.commandLine().getOut().println(json.writeValueAsString(line));
        }
        spec.commandLine().getOut().flush();
    }
}
