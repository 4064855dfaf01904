package dev.telematics.archive;

import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import dev.telematics.cases.CaseEvent;
import dev.telematics.cases.DiagnosticCase;
import dev.telematics.rules.RuleFiring;
import dev.telematics.vehicle.Sample;
import dev.telematics.vehicle.Vin;

/**
 * The archive's points in InfluxDB line protocol (influxdb-client-java's {@link Point}), millisecond
 * precision. Stateless; thread-safe.
 */
final class Points {
    static final String TELEMETRY = "telemetry";
    static final String ALERTS = "alerts";
    static final String CASE_EVENTS = "case_events";

    private Points() {
    }

    /** One sample: a field per scalar VSS signal, at the car's time; null when it has no scalar signal. */
    static String telemetry(Vin vin, Sample s) {
        if (s.scalarCount() == 0) {
            return null;
        }
        Point p = Point.measurement(TELEMETRY).addTag("vin", vin.value()).addTag("model", vin.model())
                .time(s.timestampMillis(), WritePrecision.MS);
        for (int i = 0; i < s.scalarCount(); i++) {
            p.addField(s.name(i), s.value(i));
        }
        return p.toLineProtocol();
    }

    /** A rule firing at the car's time of the firing; {@code value} when the trigger has a numeric value. */
    static String alert(RuleFiring f) {
        Point p = Point.measurement(ALERTS).addTag("vin", f.vin().value()).addTag("model", f.vin().model())
                .addTag("rule", f.rule().id()).addTag("severity", f.rule().severity().label())
                .addField("count", 1L).time(f.vehicleTimestampMillis(), WritePrecision.MS);
        if (f.trigger().get("value") instanceof Number n && Double.isFinite(n.doubleValue())) {
            p.addField("value", n.doubleValue());
        }
        return p.toLineProtocol();
    }

    /** One audited event of a case, at the event's time. */
    static String caseEvent(DiagnosticCase c, CaseEvent e) {
        Vin vin = Vin.of(c.vin());
        return Point.measurement(CASE_EVENTS).addTag("vin", vin.value()).addTag("model", vin.model())
                .addTag("case", c.number()).addTag("type", e.type().name())
                .addTag("status", (e.to() != null ? e.to() : c.status()).name())
                .addField("count", 1L).time(e.at().toEpochMilli(), WritePrecision.MS).toLineProtocol();
    }
}
