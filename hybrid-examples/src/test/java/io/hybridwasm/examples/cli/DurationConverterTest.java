package io.hybridwasm.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DurationConverterTest {
    private final DurationConverter converter = new DurationConverter();

    @Test
    void readsWholeAndFractionalUnitsAndIso8601() {
        assertEquals(Duration.ofMillis(500), converter.convert("0.5s"));
        assertEquals(Duration.ofMillis(500), converter.convert("500ms"));
        assertEquals(Duration.ofMillis(2500), converter.convert(" 2.5 S "));
        assertEquals(Duration.ofSeconds(90), converter.convert("1.5m"));
        assertEquals(Duration.ofMinutes(30), converter.convert("0.5h"));
        assertEquals(Duration.ofNanos(1500), converter.convert("0.0015ms"));
        assertEquals(Duration.ofSeconds(2), converter.convert("PT2S"));
    }

    @Test
    void refusesWhatIsNotADurationNamingIt() {
        for (String bad : new String[] {"0.5", "half a second", "-1s", ".5s", "0.0000000001s", "PT-1S", "3000000000h"}) {
            CommandLine.TypeConversionException e = assertThrows(CommandLine.TypeConversionException.class,
                    () -> converter.convert(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }
}
