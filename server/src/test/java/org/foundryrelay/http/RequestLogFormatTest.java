package org.foundryrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The request line's milliseconds read as {@code %.2f} did before it was replaced by plain arithmetic. */
class RequestLogFormatTest {
    @Test
    void millisecondsKeepTwoDecimals() {
        assertThat(HttpServer.millis(1.42f)).isEqualTo("1.42");
        assertThat(HttpServer.millis(0f)).isEqualTo("0.00");
        assertThat(HttpServer.millis(0.05f)).isEqualTo("0.05");
        assertThat(HttpServer.millis(17.1f)).isEqualTo("17.10");
        assertThat(HttpServer.millis(1234.567f)).isEqualTo("1234.57");
        assertThat(HttpServer.millis(Float.NaN)).isEqualTo("NaN");
    }

    @Test
    void agreesWithFormatAcrossTypicalValues() {
        for (int i = 0; i < 100_000; i += 7) {
            float ms = i / 997f;
            var expected = String.format(Locale.ROOT, "%.2f", ms);
            var actual = HttpServer.millis(ms);
            // %.2f rounds the float's exact decimal value; a tie can differ by one in the last digit
            assertThat(Math.abs(Double.parseDouble(actual) - Double.parseDouble(expected))).as("%s", ms).isLessThan(0.0101);
        }
    }
}
