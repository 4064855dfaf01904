package dev.telematics.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @Test
    void parse_acceptsShortUnitsAndIso8601() {
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofSeconds(5), Durations.parse("5s"));
        assertEquals(Duration.ofMillis(1500), Durations.parse("1.5s"));
        assertEquals(Duration.ofMinutes(2), Durations.parse("2m"));
        assertEquals(Duration.ofHours(1), Durations.parse("1h"));
        assertEquals(Duration.ofSeconds(5), Durations.parse("PT5S"));
        assertEquals(Duration.ZERO, Durations.parse("0s"));
        assertEquals(Duration.ofDays(1), Durations.parse("1d"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "5 sec", "-5s", "five seconds", "PT", "PT-5S", "5w"})
    void parse_refusesAnythingElseWithAHelpfulMessage(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
        assertTrue(e.getMessage().contains("duration"), e.getMessage());
    }

    @Test
    void format_usesTheLargestWholeUnit() {
        assertEquals("500ms", Durations.format(Duration.ofMillis(500)));
        assertEquals("5s", Durations.format(Duration.ofSeconds(5)));
        assertEquals("2m", Durations.format(Duration.ofMinutes(2)));
        assertEquals("1h", Durations.format(Duration.ofHours(1)));
    }
}
