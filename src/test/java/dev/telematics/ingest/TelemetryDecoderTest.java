package dev.telematics.ingest;

import dev.telematics.handoff.RejectReason;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.config.Json;
import dev.telematics.vehicle.Sample;
import dev.telematics.vehicle.SignalCatalog;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelemetryDecoderTest {
    private static final long NOW = 1_763_800_000_000L;
    private static final String LV = "Vehicle.LowVoltageBattery.CurrentVoltage";
    private final IngestStats stats = new IngestStats();
    private final TelemetryDecoder decoder = new TelemetryDecoder(Json.newMapper(), SignalCatalog.standard(), stats,
            new TimestampPolicy(300_000, 30L * 86_400_000));

    private Decoded<List<Sample>> decode(String json) {
        return decoder.decode(json.getBytes(StandardCharsets.UTF_8), NOW);
    }

    private void rejected(String json, RejectReason reason) {
        Decoded<List<Sample>> d = decode(json);
        assertFalse(d.accepted(), "should be rejected: " + json);
        assertEquals(reason, d.reason(), json + " -> " + d.detail());
    }

    @Test
    void singleSample_keepsTimestampSequenceAndSignals() {
        Decoded<List<Sample>> d = decode("{\"ts\":" + NOW + ",\"seq\":7,\"signals\":{\"" + LV + "\":12.6,"
                + "\"Vehicle.Powertrain.TractionBattery.IsCharging\":true,"
                + "\"Vehicle.Powertrain.TractionBattery.CellVoltage.CellVoltages\":[3.7,3.71]}}");
        assertTrue(d.accepted(), d.detail());
        Sample s = d.value().get(0);
        assertEquals(NOW, s.timestampMillis());
        assertEquals(7, s.sequence());
        assertEquals(12.6, s.scalars().get(LV));
        assertEquals(1.0, s.scalars().get("Vehicle.Powertrain.TractionBattery.IsCharging"));
        assertArrayEquals(new double[] {3.7, 3.71},
                s.arrays().get("Vehicle.Powertrain.TractionBattery.CellVoltage.CellVoltages"));
    }

    @Test
    void batch_keepsGoodSamplesAndCountsTheBadOne() {
        Decoded<List<Sample>> d = decode("{\"samples\":[{\"ts\":" + (NOW - 1000) + ",\"signals\":{\"" + LV + "\":12.5}},"
                + "{\"ts\":" + (NOW + 3_600_000) + ",\"signals\":{\"" + LV + "\":12.4}},"
                + "{\"ts\":" + NOW + ",\"signals\":{\"" + LV + "\":12.3}}]}");
        assertTrue(d.accepted());
        assertEquals(2, d.value().size());
        assertEquals(1L, stats.snapshot().droppedSamplesByReason().get("TIMESTAMP_IN_FUTURE"));
    }

    @Test
    void unknownSignal_isCountedAndKnownSignalsKept() {
        Decoded<List<Sample>> d = decode("{\"ts\":" + NOW + ",\"signals\":{\"Vehicle.Foo.Bar\":1,\"" + LV + "\":12.1}}");
        assertTrue(d.accepted());
        assertEquals(1, d.value().get(0).signalCount());
        assertEquals(1, stats.snapshot().unknownSignals());
    }

    @Test
    void wrongTypeOrOutOfRangeValue_isDroppedAndOthersKept() {
        Decoded<List<Sample>> d = decode("{\"ts\":" + NOW + ",\"signals\":{\"Vehicle.Speed\":\"fast\","
                + "\"Vehicle.Powertrain.TractionBattery.StateOfCharge.Current\":250,"
                + "\"Vehicle.Exterior.AirTemperature\":1e999,\"" + LV + "\":12.1}}");
        assertTrue(d.accepted());
        assertEquals(List.of(LV), List.copyOf(d.value().get(0).scalars().keySet()));
        assertEquals(3, stats.snapshot().invalidSignalValues());
    }

    @Test
    void malformedJson_nanLiteral_trailingGarbage_duplicateKey_areMalformed() {
        rejected("{\"ts\":1,", RejectReason.MALFORMED_JSON);
        rejected("{\"ts\":" + NOW + ",\"signals\":{\"" + LV + "\":NaN}}", RejectReason.MALFORMED_JSON);
        rejected("{\"ts\":" + NOW + ",\"signals\":{\"" + LV + "\":1}} trailing", RejectReason.MALFORMED_JSON);
        rejected("{\"ts\":1,\"ts\":2,\"signals\":{}}", RejectReason.MALFORMED_JSON);
        rejected("[1,2]", RejectReason.MALFORMED_JSON);
        rejected("", RejectReason.MALFORMED_JSON);
    }

    @Test
    void nestingDeeperThanTheLimit_isMalformed_butShallowNestingIsOnlyAnInvalidValue() {
        String deep = "[".repeat(40) + "]".repeat(40);
        rejected("{\"ts\":" + NOW + ",\"signals\":{\"" + LV + "\":" + deep + "}}", RejectReason.MALFORMED_JSON);
        String shallow = "[".repeat(5) + "]".repeat(5);
        Decoded<List<Sample>> d = decode("{\"ts\":" + NOW + ",\"signals\":{\"Vehicle.Speed\":" + shallow
                + ",\"" + LV + "\":12.2}}");
        assertTrue(d.accepted());
        assertEquals(1, stats.snapshot().invalidSignalValues());
    }

    @Test
    void hugeNumbers_areInvalidValuesNotCrashes() {
        Decoded<List<Sample>> d = decode("{\"ts\":" + NOW + ",\"signals\":{\"Vehicle.Speed\":99999999999999999999999999,"
                + "\"Vehicle.Exterior.AirTemperature\":-1e308,\"" + LV + "\":12.2}}");
        assertTrue(d.accepted());
        assertEquals(2, stats.snapshot().invalidSignalValues());
        rejected("{\"ts\":" + NOW + ",\"signals\":{\"" + LV + "\":" + "9".repeat(100) + "}}", RejectReason.MALFORMED_JSON);
    }

    @Test
    void missingOrWrongFields_areRejectedWithTheirReason() {
        rejected("{\"signals\":{\"" + LV + "\":12}}", RejectReason.MISSING_FIELD);
        rejected("{\"ts\":" + NOW + "}", RejectReason.MISSING_FIELD);
        rejected("{\"ts\":\"yesterday\",\"signals\":{\"" + LV + "\":12}}", RejectReason.INVALID_FIELD);
        rejected("{\"ts\":1.5,\"signals\":{\"" + LV + "\":12}}", RejectReason.INVALID_FIELD);
        rejected("{\"ts\":-5,\"signals\":{\"" + LV + "\":12}}", RejectReason.INVALID_FIELD);
        rejected("{\"ts\":99999999999999999999999,\"signals\":{\"" + LV + "\":12}}", RejectReason.INVALID_FIELD);
        rejected("{\"ts\":" + NOW + ",\"seq\":-1,\"signals\":{\"" + LV + "\":12}}", RejectReason.INVALID_FIELD);
        rejected("{\"ts\":" + NOW + ",\"signals\":[1]}", RejectReason.INVALID_FIELD);
        rejected("{\"samples\":[]}", RejectReason.INVALID_FIELD);
    }

    @Test
    void timestampFarInFuture_isRejected() {
        rejected("{\"ts\":" + (NOW + 301_000) + ",\"signals\":{\"" + LV + "\":12}}", RejectReason.TIMESTAMP_IN_FUTURE);
        assertTrue(decode("{\"ts\":" + (NOW + 299_000) + ",\"signals\":{\"" + LV + "\":12}}").accepted());
    }

    @Test
    void timestampFromLongAgo_isRejectedButBufferedDataOfLastWeekIsKept() {
        rejected("{\"ts\":0,\"signals\":{\"" + LV + "\":12}}", RejectReason.TIMESTAMP_TOO_OLD);
        assertTrue(decode("{\"ts\":" + (NOW - 7L * 86_400_000) + ",\"signals\":{\"" + LV + "\":12}}").accepted());
    }

    @Test
    void sampleWithNoUsableSignal_isRejected() {
        rejected("{\"ts\":" + NOW + ",\"signals\":{}}", RejectReason.NO_VALID_SIGNALS);
        rejected("{\"ts\":" + NOW + ",\"signals\":{\"Vehicle.Speed\":null}}", RejectReason.NO_VALID_SIGNALS);
    }

    @Test
    void fieldsInAnyOrder_andUnknownFieldsWithNestedValues_areAccepted() {
        Decoded<List<Sample>> d = decode("{\"note\":{\"a\":[1,{\"b\":2}]},\"signals\":{\"" + LV + "\":12.4},"
                + "\"seq\":3,\"ts\":" + NOW + ",\"extra\":[[1],[2]]}");
        assertTrue(d.accepted(), d.detail());
        assertEquals(NOW, d.value().get(0).timestampMillis());
        assertEquals(3, d.value().get(0).sequence());
        assertEquals(12.4, d.value().get(0).scalars().get(LV));
    }

    @Test
    void timestampOfTheWrongKind_isAnInvalidField() {
        rejected("{\"ts\":{\"ms\":1},\"signals\":{\"" + LV + "\":12}}", RejectReason.INVALID_FIELD);
        rejected("{\"ts\":[" + NOW + "],\"signals\":{\"" + LV + "\":12}}", RejectReason.INVALID_FIELD);
        rejected("{\"ts\":true,\"signals\":{\"" + LV + "\":12}}", RejectReason.INVALID_FIELD);
        rejected("{\"ts\":null,\"signals\":{\"" + LV + "\":12}}", RejectReason.MISSING_FIELD);
    }

    @Test
    void batchProblems_areRejectedAsAWhole_orPerSample() {
        rejected("{\"samples\":{\"ts\":1}}", RejectReason.INVALID_FIELD);
        rejected("{\"samples\":[" + ("{\"ts\":" + NOW + ",\"signals\":{\"" + LV + "\":12}},").repeat(1000)
                + "{\"ts\":" + NOW + ",\"signals\":{\"" + LV + "\":12}}]}", RejectReason.INVALID_FIELD);
        Decoded<List<Sample>> d = decode("{\"samples\":[7,{\"ts\":" + NOW + ",\"signals\":{\"" + LV + "\":12}}]}");
        assertTrue(d.accepted());
        assertEquals(1, d.value().size());
        assertEquals(1L, stats.snapshot().droppedSamplesByReason().get("INVALID_FIELD"));
        rejected("{\"samples\":[\"x\",[1]]}", RejectReason.INVALID_FIELD);
    }

    @Test
    void arraySignalWithANonNumber_isDroppedWholeAndTheOthersKept() {
        Decoded<List<Sample>> d = decode("{\"ts\":" + NOW + ",\"signals\":{"
                + "\"Vehicle.Powertrain.TractionBattery.CellVoltage.CellVoltages\":[3.7,[3.8],{\"v\":1},3.9],"
                + "\"" + LV + "\":12.1}}");
        assertTrue(d.accepted());
        assertTrue(d.value().get(0).arrays().isEmpty());
        assertEquals(1, stats.snapshot().invalidSignalValues());
    }

    @Test
    void aRejectedSample_doesNotCountItsSignals() {
        rejected("{\"ts\":" + (NOW + 3_600_000) + ",\"signals\":{\"Vehicle.Foo\":1,\"Vehicle.Speed\":\"x\"}}",
                RejectReason.TIMESTAMP_IN_FUTURE);
        assertEquals(0, stats.snapshot().unknownSignals());
        assertEquals(0, stats.snapshot().invalidSignalValues());
    }
}
