package dev.telematics.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import dev.telematics.vehicle.Vin;
import java.time.Duration;

/**
 * Encodes the car -> engine payloads of {@code docs/message-contract.md}: a telemetry sample
 * {@code {"ts":..,"seq":..,"signals":{..}}} and a DTC report
 * {@code {"ts":..,"ecu":"BMS","format":"j2012","dtcs":["P0AA6"]}}.
 *
 * <p>Thread-safe: the {@link JsonFactory} is shared, every call uses its own generator.
 */
public final class Payloads {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    private Payloads() {
    }

    public static byte[] telemetry(long ts, long seq, Map<String, Double> signals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("ts", ts);
            g.writeNumberField("seq", seq);
            g.writeObjectFieldStart("signals");
            for (Map.Entry<String, Double> e : signals.entrySet()) {
                // plain notation: 44449993.5, not 4.44499935E7
                g.writeFieldName(e.getKey());
                g.writeNumber(BigDecimal.valueOf(e.getValue()));
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] dtc(long ts, String ecu, List<String> codes) {
        return dtc(ts, new DtcFault(1, Vin.of("LRWDEMC0000000001"), Duration.ZERO,
                ecu, codes, null));
    }

    /** The DTC message of a fault in its format: j2012 codes, or the raw UDS / DM1 bytes in hex. */
    static byte[] dtc(long ts, DtcFault f) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("ts", ts);
            g.writeStringField("ecu", f.ecu());
            g.writeStringField("format", f.format());
            if (f.data() == null) {
                g.writeArrayFieldStart("dtcs");
                for (String code : f.codes()) {
                    g.writeString(code);
                }
                g.writeEndArray();
            } else {
                g.writeStringField("data", f.data());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
