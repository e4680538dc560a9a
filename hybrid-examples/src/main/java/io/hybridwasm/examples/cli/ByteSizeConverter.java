package io.hybridwasm.examples.cli;

import picocli.CommandLine;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads sizes like {@code 65536}, {@code 64KiB}, {@code 64MiB}, {@code 1GiB} (also KB/MB/GB, powers of 1000). */
final class ByteSizeConverter implements CommandLine.ITypeConverter<Long> {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmg]i?b?|b)?");

    @Override
    public Long convert(String value) {
        Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a size (e.g. 64MiB, 512KiB, 1048576)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        boolean binary = unit.contains("i") || unit.length() == 1;
        long base = binary ? 1024 : 1000;
        return switch (unit.charAt(0)) {
            case 'k' -> n * base;
            case 'm' -> n * base * base;
            case 'g' -> n * base * base * base;
            default -> n;
        };
    }
}
