package dev.telematics.testing;

import dev.telematics.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * The jar's command line run in-process, as a user would call it; what the commands print (stdout and
 * stderr) is collected over every run of this instance.
 */
public final class Cli {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Runs {@code java -jar telematics.jar ARGS}; returns the exit code. */
    public int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    public String out() {
        return out.toString();
    }

    public String err() {
        return err.toString();
    }

    /** The last line printed on stdout (where `token` and `provision` put what they issue). */
    public String lastLine() {
        String[] lines = out.toString().trim().split("\n");
        return lines[lines.length - 1].trim();
    }
}
