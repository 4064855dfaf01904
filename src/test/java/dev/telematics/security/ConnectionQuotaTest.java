package dev.telematics.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The per-credential places: takeover by client id, release only by the holder, no race past the limit. */
class ConnectionQuotaTest {
    private static final Identity APP = new Identity(Identity.Role.OWNER_APP, "LRWCAPX0000000001");
    private static final Identity CAR = new Identity(Identity.Role.VEHICLE, "LRWCAPX0000000001");

    @Test
    void sameClientIdReplacesItsPlace_andOnlyTheNewestConnectionReleasesIt() {
        ConnectionQuota q = new ConnectionQuota(2);
        assertTrue(q.tryAcquire(CAR, CAR.username(), "c1"));
        assertTrue(q.tryAcquire(CAR, CAR.username(), "c2"), "a car's reconnect over its stale connection");
        q.release(CAR.username(), CAR.username(), "c1"); // the stale connection's end arrives late
        assertEquals(1, q.openFor(CAR.username()), "still held by the newer connection");
        q.release(CAR.username(), CAR.username(), "c2");
        assertEquals(0, q.openFor(CAR.username()));

        assertTrue(q.tryAcquire(APP, "owner:x/a", "a1"));
        assertTrue(q.tryAcquire(APP, "owner:x/b", "b1"));
        assertFalse(q.tryAcquire(APP, "owner:x/c", "c1"));
        assertTrue(q.tryAcquire(APP, "owner:x/a", "a2"), "a known device may always reconnect");
        q.release(APP.username(), "owner:x/b", "b1");
        assertTrue(q.tryAcquire(APP, "owner:x/c", "c1"));
    }

    @Test
    void zeroMeansNoLimitForOwnerApps_negativeIsRefused() {
        ConnectionQuota q = new ConnectionQuota(0);
        for (int i = 0; i < 100; i++) {
            assertTrue(q.tryAcquire(APP, "owner:x/" + i, "c" + i));
        }
        assertEquals(100, q.openFor(APP.username()));
        assertThrows(IllegalArgumentException.class, () -> new ConnectionQuota(-1));
    }

    @Test
    void concurrentConnectsOfManyDevices_neverTakeMoreThanTheLimit() throws Exception {
        ConnectionQuota q = new ConnectionQuota(3);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 50; round++) {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int d = 0; d < 8; d++) {
                    String device = "owner:x/" + round + "-" + d;
                    results.add(pool.submit(() -> {
                        go.await();
                        return q.tryAcquire(APP, device, device);
                    }));
                }
                go.countDown();
                int taken = 0;
                for (Future<Boolean> f : results) {
                    taken += f.get(10, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertEquals(3, taken, "round " + round);
                for (int d = 0; d < 8; d++) {
                    String device = "owner:x/" + round + "-" + d;
                    q.release(APP.username(), device, device);
                }
                assertEquals(0, q.openFor(APP.username()));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
