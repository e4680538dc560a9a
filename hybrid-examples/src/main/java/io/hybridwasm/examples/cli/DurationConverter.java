package io.hybridwasm.examples.cli;

import picocli.CommandLine;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations like {@code 2s}, {@code 0.5s}, {@code 500ms}, {@code 1m}, or ISO-8601
 * {@code PT2S}; a fraction finer than a nanosecond is refused rather than rounded.
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern SHORT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT.matcher(v);
        if (m.matches()) {
            long nanosPerUnit = switch (m.group(2)) {
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            try {
                return Duration.ofNanos(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(nanosPerUnit))
                        .longValueExact());
            } catch (ArithmeticException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a whole number of nanoseconds or is too long");
            }
        }
        Duration iso;
        try {
            iso = Duration.parse(value.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (e.g. 2s, 0.5s, 500ms, 1m)");
        }
        if (iso.isNegative()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is negative: expected a duration such as 2s");
        }
        return iso;
    }
}
