package dev.telematics.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.cases.CaseQuery;
import dev.telematics.cases.DiagnosticCase;
import dev.telematics.dtc.DtcCode;
import dev.telematics.dtc.DtcReport;
import dev.telematics.dtc.ReportedDtc;
import dev.telematics.handoff.Outcome;
import dev.telematics.handoff.RejectReason;
import dev.telematics.handoff.VehicleMessage;
import dev.telematics.vehicle.Sample;
import dev.telematics.vehicle.Vin;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The processing stages with plain inputs: state, rules, diagnosis, case, warning decision, outputs. */
class VehicleProcessorTest {
    private static final Vin VIN = Vin.of("LRWSTGE0000000001");
    private final ProcessingFixture f = new ProcessingFixture();

    private VehicleMessage.Dtcs dtcs(String... codes) {
        List<ReportedDtc> list = java.util.Arrays.stream(codes).map(c -> ReportedDtc.j2012(DtcCode.parse(c))).toList();
        return new VehicleMessage.Dtcs(VIN, new DtcReport(f.clock.millis(), "BMS", "j2012", list, null), System.nanoTime());
    }

    private List<DiagnosticCase> cases() {
        return f.all.workflow().list(new CaseQuery(null, null, VIN.value(), null, null, null, null, 0, 100));
    }

    @Test
    void criticalDtc_opensOneCase_andHandsOneWarningWithItsCaseToDelivery() {
        assertEquals(Outcome.PROCESSED, f.processor.process(dtcs("P0AA6")));
        List<DiagnosticCase> open = cases();
        assertEquals(1, open.size());
        DiagnosticCase c = open.get(0);
        assertEquals("hv-isolation", c.problem());
        assertEquals(1, f.delivered.size());
        assertEquals(c.number(), f.delivered.get(0).caseNumber());
        assertEquals(c.id(), f.deliveredCases.get(0));
        assertFalse(c.evidence().dtcs().isEmpty(), "the evidence carries the decoded DTC");
    }

    @Test
    void sameFaultAgainAfterClearing_addsAnOccurrence_withoutASecondWarning() {
        f.processor.process(dtcs("P0AA6"));
        f.clock.advance(Duration.ofSeconds(1));
        f.processor.process(dtcs());
        f.clock.advance(Duration.ofSeconds(1));
        f.processor.process(dtcs("P0AA6"));
        assertEquals(1, cases().size());
        assertEquals(2, cases().get(0).occurrences());
        assertEquals(1, f.delivered.size(), "the owner heard of the problem once");
        assertEquals(1, f.notifier.suppressed());
    }

    @Test
    void lowVoltageHeldFor60s_opensCase() {
        long t0 = f.clock.millis();
        for (int s = 0; s <= 61; s++) {
            f.clock.advance(Duration.ofSeconds(1));
            Outcome o = f.processor.process(new VehicleMessage.Telemetry(VIN, List.of(new Sample(t0 + s * 1000L, s,
                    Map.of("Vehicle.LowVoltageBattery.CurrentVoltage", 11.5), Map.of())), System.nanoTime()));
            assertTrue(o.processed());
        }
        assertEquals(1, cases().size());
        assertEquals(62, f.stats.snapshot().samplesAccepted());
        assertEquals(1, f.delivered.size());
    }

    @Test
    void carMessageSequenceNumber_isInTheEvidenceOfTheOccurrence() {
        long t0 = f.clock.millis();
        for (int s = 0; s <= 61; s++) {
            f.clock.advance(Duration.ofSeconds(1));
            f.processor.process(new VehicleMessage.Telemetry(VIN, List.of(new Sample(t0 + s * 1000L, 1000 + s,
                    Map.of("Vehicle.LowVoltageBattery.CurrentVoltage", 11.5), Map.of())), System.nanoTime()));
        }
        DiagnosticCase c = cases().get(0);
        long firedAt = (c.evidence().vehicleTime().toEpochMilli() - t0) / 1000;
        assertEquals(1000 + firedAt, ((Number) c.evidence().trigger().get("seq")).longValue(),
                "seq of the sample that made the rule fire: " + c.evidence().trigger());
        assertEquals(c.evidence().trigger().get("seq"), c.latestEvidence().trigger().get("seq"));
    }

    @Test
    void sampleWithoutSequenceNumber_addsNoSeqToTheTrigger() {
        long t0 = f.clock.millis();
        for (int s = 0; s <= 61; s++) {
            f.clock.advance(Duration.ofSeconds(1));
            f.processor.process(new VehicleMessage.Telemetry(VIN, List.of(new Sample(t0 + s * 1000L, Sample.NO_SEQUENCE,
                    Map.of("Vehicle.LowVoltageBattery.CurrentVoltage", 11.5), Map.of())), System.nanoTime()));
        }
        assertFalse(cases().get(0).evidence().trigger().containsKey("seq"));
    }

    @Test
    void ownerAckForACaseOfAnotherCar_isRejectedWithItsReason() {
        f.processor.process(dtcs("P0AA6"));
        String number = cases().get(0).number();
        Outcome o = f.processor.process(new VehicleMessage.WarningAck(Vin.of("LRWSTGE0000000002"), "W-1", number,
                System.nanoTime()));
        assertEquals(RejectReason.OTHER_VEHICLES_CASE, o.reason());
    }

    @Test
    void ownerAckOfTheWarningSentToTheCar_isProcessedAlsoWhenRepeated_anInventedOneIsRejected() {
        f.processor.process(dtcs("P0AA6"));
        DiagnosticCase c = cases().get(0);
        String sent = f.delivered.get(0).warningId();
        f.all.workflow().ownerWarned(f.deliveredCases.get(0), sent, f.clock.instant()); // the broker took it
        assertEquals(Outcome.PROCESSED, ack(sent, c.number()));
        assertEquals(Outcome.PROCESSED, ack(sent, c.number()));
        assertEquals(RejectReason.UNKNOWN_WARNING, ack("W-invented", c.number()).reason());
        assertEquals(RejectReason.UNKNOWN_CASE, ack(sent, "SC-999999").reason());
        assertEquals(1, cases().get(0).events().stream()
                .filter(e -> e.type() == dev.telematics.cases.CaseEventType.OWNER_ACKNOWLEDGED).count());
    }

    private Outcome ack(String warningId, String caseNumber) {
        return f.processor.process(new VehicleMessage.WarningAck(VIN, warningId, caseNumber, System.nanoTime()));
    }

    @Test
    void ownerLanguageAndConsent_reachTheirServices() {
        assertTrue(f.processor.process(new VehicleMessage.OwnerLanguage(VIN, "zh-CN", System.nanoTime())).processed());
        assertEquals("zh-CN", f.settings.language(VIN.value()));
        assertTrue(f.processor.process(new VehicleMessage.OwnerConsent(VIN, true, System.nanoTime())).processed());
    }
}
