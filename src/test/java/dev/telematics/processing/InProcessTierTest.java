package dev.telematics.processing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.handoff.Outcome;
import dev.telematics.handoff.RejectReason;
import dev.telematics.handoff.VehicleMessage;
import dev.telematics.vehicle.Sample;
import dev.telematics.vehicle.Vin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The in-process hand-off: per-VIN order, an answer only after processing, overload refused at once. */
class InProcessTierTest {
    private static VehicleMessage.Telemetry speed(Vin vin, long ts) {
        return new VehicleMessage.Telemetry(vin, List.of(new Sample(ts, ts, Map.of("Vehicle.Speed", 50.0), Map.of())),
                System.nanoTime());
    }

    @Test
    void messagesOfOneCar_areProcessedInOrder_andAnsweredOnlyAfterProcessing() {
        ProcessingFixture f = new ProcessingFixture();
        try (InProcessTier tier = new InProcessTier(f.processor, 2, 1000)) {
            tier.start();
            Vin vin = Vin.of("LRWSTGE0000000001");
            long t0 = f.clock.millis() - 600_000;
            List<CompletableFuture<Outcome>> answers = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                answers.add(tier.submit(speed(vin, t0 + i)));
            }
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
            answers.forEach(a -> assertEquals(Outcome.PROCESSED, a.join()));
            // out-of-order samples are counted as late: none were, so every message kept its place
            assertEquals(500, f.stats.snapshot().samplesAccepted());
            assertEquals(0, f.stats.snapshot().outOfOrderSamples());
            assertTrue(tier.idle());
        }
    }

    @Test
    void stoppedTier_answersOverloadedAtOnce() {
        ProcessingFixture f = new ProcessingFixture();
        InProcessTier tier = new InProcessTier(f.processor, 1, 2);
        tier.start();
        tier.close(); // a stopped tier refuses everything
        CompletableFuture<Outcome> a = tier.submit(speed(Vin.of("LRWSTGE0000000001"), f.clock.millis()));
        assertTrue(a.isDone());
        assertEquals(RejectReason.OVERLOADED, a.join().reason());
    }

    @Test
    void queueFull_answersOverloaded_andQueuedMessagesAreAnsweredAtClose() {
        ProcessingFixture f = new ProcessingFixture();
        CompletableFuture<Void> gate = new CompletableFuture<>();
        // a processor stage that waits: the single worker is busy while more messages arrive
        VehicleProcessor slow = new VehicleProcessor(f.vehicles, f.rules, new DiagnosisStage(f.rules::knowledge),
                new CaseStage(f.all.intake(), f.stats), new WarningStage(f.notifier), new OutputStage((w, c) -> { },
                dev.telematics.archive.Archive.OFF), f.all.workflow(), f.settings, f.consent,
                new dev.telematics.archive.Archive() {
                    @Override
                    public void telemetry(Vin vin, Sample s) {
                        gate.join();
                    }

                    @Override
                    public void alert(dev.telematics.rules.RuleFiring r) {
                    }

                    @Override
                    public void caseEvents(dev.telematics.cases.DiagnosticCase c, List<dev.telematics.cases.CaseEvent> e) {
                    }

                    @Override
                    public Map<String, Object> snapshot() {
                        return Map.of();
                    }

                    @Override
                    public void close() {
                    }
                }, f.stats, f.clock);
        InProcessTier tier = new InProcessTier(slow, 1, 2);
        tier.start();
        Vin vin = Vin.of("LRWSTGE0000000001");
        long t = f.clock.millis();
        CompletableFuture<Outcome> first = tier.submit(speed(vin, t));
        await().atMost(Duration.ofSeconds(5)).until(() -> tier.backlog() == 1 && !first.isDone());
        CompletableFuture<Outcome> second = tier.submit(speed(vin, t + 1));
        CompletableFuture<Outcome> third = tier.submit(speed(vin, t + 2));
        CompletableFuture<Outcome> fourth = tier.submit(speed(vin, t + 3));
        assertTrue(fourth.isDone(), "a full queue answers at once");
        assertEquals(RejectReason.OVERLOADED, fourth.join().reason());
        assertFalse(first.isDone(), "no answer before processing");
        gate.complete(null);
        assertEquals(Outcome.PROCESSED, first.join());
        assertEquals(Outcome.PROCESSED, second.join());
        assertEquals(Outcome.PROCESSED, third.join());
        tier.close();
    }
}
