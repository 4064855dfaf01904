package dev.telematics.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.handoff.Outcome;
import dev.telematics.handoff.VehicleMessage;
import dev.telematics.vehicle.Sample;
import dev.telematics.vehicle.Vin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The snapshot hand-off: a task runs once on each worker, after the messages queued before it, and is told
 * exactly the vehicles that worker owns, so each vehicle's state is read by its own thread only.
 */
class WorkerSnapshotHandOffTest {
    @Test
    void taskRunsOnEachWorker_afterItsQueuedMessages_andEachVehicleHasExactlyOneOwner() {
        ProcessingFixture f = new ProcessingFixture();
        try (InProcessTier tier = new InProcessTier(f.processor, 3, 1000)) {
            tier.start();
            long t0 = f.clock.millis() - 600_000;
            List<Vin> vins = new ArrayList<>();
            List<CompletableFuture<Outcome>> queued = new ArrayList<>();
            for (int v = 0; v < 30; v++) {
                Vin vin = Vin.of(String.format("LRWHAND%010d", v));
                vins.add(vin);
                for (int i = 0; i < 20; i++) {
                    queued.add(tier.submit(new VehicleMessage.Telemetry(vin,
                            List.of(new Sample(t0 + i, i, Map.of("Vehicle.Speed", 50.0), Map.of())), System.nanoTime())));
                }
            }
            Map<String, String> ownerThread = new ConcurrentHashMap<>();
            Map<String, Long> samplesSeen = new ConcurrentHashMap<>();
            tier.onEachWorker(owns -> f.vehicles.forEach(state -> {
                if (owns.test(state.vin())) {
                    String before = ownerThread.put(state.vin().value(), Thread.currentThread().getName());
                    assertEquals(null, before, "one owner per vehicle");
                    samplesSeen.put(state.vin().value(), state.sampleCount());
                }
            })).join();
            assertTrue(queued.stream().allMatch(CompletableFuture::isDone), "messages queued before the task came first");
            assertEquals(30, ownerThread.size());
            assertTrue(ownerThread.values().stream().allMatch(t -> t.startsWith("processing-")), ownerThread.toString());
            assertTrue(ownerThread.values().stream().distinct().count() > 1, "the vehicles are spread over the workers");
            for (Vin vin : vins) {
                assertEquals(20L, samplesSeen.get(vin.value()), vin.value());
            }
        }
    }

    @Test
    void aStoppedTier_runsNothing_andAnswersAtOnce() {
        ProcessingFixture f = new ProcessingFixture();
        InProcessTier tier = new InProcessTier(f.processor, 2, 10);
        boolean[] ran = {false};
        CompletableFuture<Void> done = tier.onEachWorker(owns -> ran[0] = true);
        assertTrue(done.isDone());
        assertEquals(false, ran[0]);
    }
}
