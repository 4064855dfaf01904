package dev.telematics.cli;

import dev.telematics.error.EngineException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import java.util.concurrent.CompletionException;

/** The command line: {@code java -jar target/telematics.jar run|simulate|demo}. */
@Command(name = "telematics", mixinStandardHelpOptions = true, version = "telematics 0.1.0",
        description = "Vehicle telematics remote-diagnostics engine.",
        subcommands = {RunCommand.class, SimulateCommand.class, DemoCommand.class, ReplayCommand.class,
            BenchRulesCommand.class, BenchCommand.class, BenchClusterCommand.class, BenchSnapshotCommand.class, ProvisionCommand.class, TokenCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit code for a failure of the engine or of its configuration (picocli uses 2 for usage errors). */
    public static final int EXIT_FAILURE = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (used by main and by tests). */
    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setExecutionExceptionHandler((thrown, cmd, parsed) -> {
            Exception e = thrown;
            while (e instanceof CompletionException && e.getCause() instanceof Exception c) {
                e = c;
            }
            if (e instanceof EngineException ee) {
                cmd.getErr().println("error: " + ee.code() + ": " + ee.getMessage());
                return EXIT_FAILURE;
            }
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println("error: " + e.getMessage());
                return EXIT_FAILURE;
            }
            throw thrown;
        });
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
