package dev.telematics.console;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.telematics.cases.CaseQuery;
import dev.telematics.cases.CaseStatus;
import dev.telematics.cases.DiagnosticCase;
import dev.telematics.engine.Engine;
import dev.telematics.engine.EngineDatabase;
import dev.telematics.testing.MqttTestClient;
import dev.telematics.testing.TestEngines;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The technician console in a real headless browser (Debian's chromium and chromedriver, driven by
 * Selenium): a case opened by a car over MQTT appears in the live queue without a reload, the case view
 * shows the decoded fault code with the knowledge base's text and the evidence as a chart, and the
 * technician acknowledges it with the workflow button; the API then says ACKNOWLEDGED.
 * {@code ./scripts/run-tests.sh} installs the browser and sets TELEMATICS_REQUIRE_BROWSER=1.
 */
class ConsoleBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final String VIN = "LRWCNSL0000000001";

    @TempDir
    Path profile;
    private Engine engine;
    private ChromeDriver browser;
    private final dev.telematics.security.InMemoryCredentialStore credentials =
            new dev.telematics.security.InMemoryCredentialStore();

    @BeforeEach
    void start() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            if ("1".equals(System.getenv("TELEMATICS_REQUIRE_BROWSER"))) {
                fail("TELEMATICS_REQUIRE_BROWSER=1 but chromium or chromedriver is missing");
            }
            Assumptions.abort("no chromium/chromedriver: run ./scripts/run-tests.sh, which installs them");
        }
        engine = TestEngines.started(Engine.builder(TestEngines.config().withSecurity(true))
                .database(EngineDatabase.inMemory(credentials)));
        ChromeOptions options = new ChromeOptions();
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL); // to see any Content-Security-Policy refusal
        options.setCapability("goog:loggingPrefs", logs);
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().withLogFile(new File(profile.toFile(), "chromedriver.log")).build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void caseOpenedByACar_appearsInTheQueue_andTheTechnicianAcknowledgesIt() throws Exception {
        browser.get("http://127.0.0.1:" + engine.httpPort() + "/console");
        // security is on: without a token the console asks for one, with a technician's token it signs in
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.id("who")).getText()
                .contains("paste your API token"));
        String token = engine.apiTokens().issue("ana", dev.telematics.security.ApiRole.TECHNICIAN, Duration.ofHours(1));
        browser.findElement(By.id("token")).sendKeys(token + "\t");
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.id("who")).getText()
                .equals("signed in as ana (technician)"));
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.id("status-line")).getText()
                .contains("active case"));
        assertTrue(browser.findElements(By.cssSelector("#queue tbody tr")).isEmpty());
        assertEquals("ana", browser.findElement(By.id("technician")).getAttribute("value"));

        dev.telematics.security.Provisioner.Issued carCredentials =
                new dev.telematics.security.Provisioner(credentials).provision(VIN, false);
        try (MqttTestClient car = new MqttTestClient(engine.mqttPort(), VIN, VIN, carCredentials.password())) {
            long now = System.currentTimeMillis();
            for (int i = 5; i >= 1; i--) { // some history for the evidence chart
                car.publish("vehicles/" + VIN + "/telemetry", "{\"ts\":" + (now - i * 1000L)
                        + ",\"signals\":{\"Vehicle.Powertrain.TractionBattery.IsolationResistance\":" + (900_000 - i * 100_000) + "}}");
            }
            car.publish("vehicles/" + VIN + "/dtc", "{\"ts\":" + now + ",\"ecu\":\"BMS\",\"dtcs\":[\"P0AA6\"]}");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> !casesOf(VIN).isEmpty());
        String number = casesOf(VIN).get(0).number();

        // the queue shows it without a reload
        await().atMost(Duration.ofSeconds(15)).until(() -> !browser.findElements(By.id("case-" + number)).isEmpty());
        WebElement row = browser.findElement(By.id("case-" + number));
        assertTrue(row.getText().contains(VIN), row.getText());
        assertTrue(row.getText().contains("critical"), row.getText());
        row.click();

        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.id("case-title")).getText()
                .contains(number));
        String dtcs = browser.findElement(By.id("dtcs")).getText();
        assertTrue(dtcs.contains("P0AA6") && dtcs.contains("Isolation"), dtcs);
        assertFalse(browser.findElements(By.cssSelector("#charts svg.chart polyline")).isEmpty(), "an evidence chart");
        assertTrue(browser.findElement(By.id("diagnosis")).getText().contains("Parts:"));
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.id("consent")).getText()
                .contains("has not granted access"));
        browser.findElement(By.cssSelector("#remote-actions button[data-command='SNAPSHOT']")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.id("action-error")).getText()
                .startsWith("CONSENT_REQUIRED"));

        browser.findElement(By.cssSelector("#actions button[data-to='ACKNOWLEDGED']")).click();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                engine.cases().workflow().get(number).status() == CaseStatus.ACKNOWLEDGED);
        DiagnosticCase acked = engine.cases().workflow().get(number);
        assertEquals("ana", acked.events().get(acked.events().size() - 1).actor());
        await().atMost(Duration.ofSeconds(10)).until(() ->
                browser.findElement(By.cssSelector("#case-" + number + " td.status")).getText().equals("ACKNOWLEDGED"));
        assertFalse(browser.findElements(By.cssSelector("#actions button[data-to='IN_DIAGNOSIS']")).isEmpty(),
                "the next step is offered");

        // all of that ran under the server's Content-Security-Policy: nothing of the console was refused,
        // its style sheet applies, and the policy is in force (an injected inline script does not run)
        List<String> refused = browser.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy")).toList();
        assertTrue(refused.isEmpty(), refused.toString());
        assertEquals(Boolean.TRUE, browser.executeScript("return Array.from(document.styleSheets).some("
                + "(s) => s.href && s.href.endsWith('/console/console.css') && s.cssRules.length > 0)"));
        assertEquals(Boolean.FALSE, browser.executeScript("const s = document.createElement('script');"
                + "s.textContent = 'window.injected = true'; document.head.append(s); return window.injected === true"));
    }

    private List<DiagnosticCase> casesOf(String vin) {
        return engine.cases().workflow().list(new CaseQuery(null, null, vin, 10));
    }
}
