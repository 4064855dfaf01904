package dev.telematics.cli;

import dev.telematics.cases.DiagnosticCase;
import dev.telematics.engine.Engine;
import dev.telematics.remote.CommandType;
import dev.telematics.remote.RemoteCommand;
import java.util.concurrent.locks.LockSupport;

/**
 * The demo's remote diagnosis: the owner of a car with an isolation fault allows remote diagnostics (as
 * the owner app would on {@code vehicles/{VIN}/owner/consent}), and a technician asks the car for its
 * fault codes with a remote command; the simulated car answers and the answer lands on the case.
 * Runs on its own thread while the cars drive; never throws.
 */
final class DemoRemoteDiagnosis {
    private final Engine engine;
    private final DemoTechnicians.Say out;

    DemoRemoteDiagnosis(Engine engine, DemoTechnicians.Say out) {
        this.engine = engine;
        this.out = out;
    }

    void readDtcs(DiagnosticCase c) {
        try {
            String who = c.work().assignee() == null ? "duty-technician" : c.work().assignee();
            engine.ownerConsent().decide(c.vin(), true, "owner app");
            out.say("consent  owner of %s allows remote diagnostics%n", c.vin());
            RemoteCommand cmd = engine.commands().send(c.number(), who, CommandType.READ_DTCS);
            long deadline = System.nanoTime() + engine.commands().timeout().toNanos() + 2_000_000_000L;
            while (engine.commands().get(cmd.id()).pending() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(50_000_000L); // the car answers in milliseconds
            }
            RemoteCommand done = engine.commands().get(cmd.id());
            out.say("remote   %s  %s asked %s for its DTCs over the air: %s%n", c.number(), who, c.vin(),
                    done.detail() == null ? done.status() : done.detail());
        } catch (RuntimeException e) {
            out.say("remote   %s  remote diagnosis failed: %s%n", c.number(), e.getMessage());
        }
    }
}
