package dev.telematics.processing;

import dev.telematics.archive.Archive;
import dev.telematics.cases.CaseListener;
import dev.telematics.cases.Cases;
import dev.telematics.cases.InMemoryCaseStore;
import dev.telematics.consent.InMemoryConsentStore;
import dev.telematics.consent.OwnerConsent;
import dev.telematics.dtc.KnowledgeBase;
import dev.telematics.handoff.OwnerWarning;
import dev.telematics.ingest.IngestStats;
import dev.telematics.notify.InMemoryOwnerSettings;
import dev.telematics.notify.OwnerMessages;
import dev.telematics.notify.OwnerNotifier;
import dev.telematics.notify.WarningPolicy;
import dev.telematics.rules.RuleEngine;
import dev.telematics.rules.RuleLoader;
import dev.telematics.testing.ManualClock;
import dev.telematics.vehicle.SignalCatalog;
import dev.telematics.vehicle.VehicleRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The processing tier built from plain in-memory parts and the shipped rules: no broker, no database. */
final class ProcessingFixture {
    final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T08:00:00Z"));
    final IngestStats stats = new IngestStats();
    final RuleEngine rules = new RuleEngine(new RuleLoader(SignalCatalog.standard()).loadDirectory(Path.of("rules")),
            KnowledgeBase.load(Path.of("rules")));
    final Cases all = Cases.of(new InMemoryCaseStore(), clock, CaseListener.NONE);
    final InMemoryOwnerSettings settings = new InMemoryOwnerSettings();
    final OwnerNotifier notifier = new OwnerNotifier(new WarningPolicy(Duration.ofDays(1)), clock,
            OwnerMessages.load(Path.of("rules")), settings);
    final List<OwnerWarning> delivered = new CopyOnWriteArrayList<>();
    final List<Long> deliveredCases = new CopyOnWriteArrayList<>();
    final VehicleRegistry vehicles = new VehicleRegistry(120, Duration.ofMinutes(10));
    final OwnerConsent consent = new OwnerConsent(new InMemoryConsentStore(), all.workflow(), clock);
    final VehicleProcessor processor = new VehicleProcessor(vehicles, rules, new DiagnosisStage(rules::knowledge),
            new CaseStage(all.intake(), stats), new WarningStage(notifier), new OutputStage((w, caseId) -> {
                delivered.add(w);
                deliveredCases.add(caseId);
            }, Archive.OFF), all.workflow(), settings, consent, Archive.OFF, stats, clock);
}
