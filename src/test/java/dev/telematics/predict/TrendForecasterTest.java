package dev.telematics.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The forecaster on synthetic series with known crossings, and on the NASA ageing cells (datasets/nasa-battery). */
class TrendForecasterTest {
    static double[][] nasa(String cell) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("datasets/nasa-battery/" + cell + "_capacity.csv"));
        double[] t = new double[lines.size() - 1];
        double[] y = new double[lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            t[i - 1] = Double.parseDouble(f[0]);
            y[i - 1] = Double.parseDouble(f[1]) * 50.0;
        }
        return new double[][] {t, y};
    }

    @Test
    void straightDeclineWithNoise_predictsTheKnownCrossingInsideTheInterval() {
        Random r = new Random(3);
        int n = 60;
        double[] t = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i + 1;
            y[i] = 100 - 0.5 * t[i] + r.nextGaussian() * 0.3; // crosses 50 at t = 100
        }
        TrendForecaster.Forecast f = TrendForecaster.forecast(t, y, n, 50, true, 2000);
        assertNotNull(f.crossing());
        assertTrue(f.intervalLow() <= 100 && 100 <= f.intervalHigh(), f.toString());
        assertTrue(Math.abs(f.crossing() - 100) <= 12, f.toString());
        assertTrue(f.r2() > 0.95 && f.slope() < -0.4, f.toString());
    }

    @Test
    void flatSeries_hasNoCrossingAndNoWarning() {
        double[] t = new double[50];
        double[] y = new double[50];
        for (int i = 0; i < 50; i++) {
            t[i] = i + 1;
            y[i] = 90 + ((i % 3) - 1) * 0.2;
        }
        TrendForecaster.Forecast f = TrendForecaster.forecast(t, y, 50, 70, true, 2000);
        assertNull(f.crossing());
        assertTrue(TrendForecaster.probabilityCrossedBy(t, y, 50, 70, true, 80) < 0.05);
    }

    @Test
    void tooFewPoints_giveNoForecast() {
        assertNull(TrendForecaster.forecast(new double[] {1, 2, 3}, new double[] {9, 8, 7}, 3, 0, true, 100));
    }

    @Test
    void nasaCells_intervalsContainTheTrueEndOfLife() throws IOException {
        for (Object[] c : new Object[][] {{"B0005", 125}, {"B0006", 109}}) {
            double[][] d = nasa((String) c[0]);
            int truth = (Integer) c[1];
            for (int at : new int[] {60, 80, 100}) {
                TrendForecaster.Forecast f = TrendForecaster.forecast(d[0], d[1], at, 70, true, 2000);
                assertNotNull(f.crossing(), c[0] + "@" + at);
                assertTrue(f.intervalLow() <= truth && (f.intervalHigh() == null || truth <= f.intervalHigh()),
                        c[0] + "@" + at + ": " + f);
                System.out.printf("%s @%d: crossing %.0f [%.0f, %s] truth %d%n", c[0], at, f.crossing(),
                        f.intervalLow(), f.intervalHigh(), truth);
            }
        }
    }

    @Test
    void nasaCells_b0005At80IsFarCloserThanAStraightLine() throws IOException {
        double[][] d = nasa("B0005");
        TrendForecaster.Forecast f = TrendForecaster.forecast(d[0], d[1], 80, 70, true, 2000);
        assertTrue(Math.abs(f.crossing() - 125) < 10, f.toString());
        assertEquals(80, f.points());
    }
}
