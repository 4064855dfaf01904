package dev.telematics.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.LinkedHashMap;
import java.util.Map;
import com.sun.management.OperatingSystemMXBean;

/** The engine JVM's own figures for GET /api/stats: heap, CPU time since start, threads. Thread-safe. */
final class JvmStats {
    private JvmStats() {
    }

    static Map<String, Object> snapshot() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("heapUsedMb", heap.getUsed() >> 20);
        m.put("heapCommittedMb", heap.getCommitted() >> 20);
        m.put("heapMaxMb", heap.getMax() >> 20);
        m.put("processCpuSeconds", ManagementFactory.getOperatingSystemMXBean()
                instanceof OperatingSystemMXBean os ? os.getProcessCpuTime() / 1e9 : -1);
        m.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        m.put("threads", ManagementFactory.getThreadMXBean().getThreadCount());
        m.put("uptimeSeconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
        return m;
    }
}
