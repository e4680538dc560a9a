package io.hybridwasm.services;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token-file and environment sources of an {@link AccessPolicy}. Error messages carry
 * line numbers and never the text of a line, since every line holds a token.
 */
final class AccessPolicyFile {

    private static final Logger log = LoggerFactory.getLogger(AccessPolicyFile.class);
    private static final String FORMAT = "'<token> <service>[,<service>...]' or '<token> *'";

    private AccessPolicyFile() {
    }

    static AccessPolicy read(Path file) throws IOException {
        warnIfOthersCanRead(file);
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    }

    static Optional<AccessPolicy> fromEnvironment(Map<String, String> environment) {
        String token = environment.get(AccessPolicy.TOKEN_ENV);
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(AccessPolicy.singleToken(token.strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("$" + AccessPolicy.TOKEN_ENV + ": " + e.getMessage(), e);
        }
    }

    /** Parses the lines of a token file; {@code source} names it in errors. */
    static AccessPolicy parse(List<String> lines, String source) {
        AccessPolicy.Builder policy = AccessPolicy.builder();
        Map<String, Integer> lineOfToken = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int lineNumber = i + 1;
            String[] fields = line.split("\\s+", 2);
            if (fields.length < 2) {
                throw new IllegalArgumentException(source + ":" + lineNumber + ": expected " + FORMAT
                        + ", found a token without services");
            }
            List<String> services = new ArrayList<>();
            for (String name : fields[1].split(",", -1)) {
                services.add(name.strip());
            }
            Integer earlier = lineOfToken.putIfAbsent(HexFormat.of().formatHex(AccessPolicy.sha256(fields[0])),
                    lineNumber);
            if (earlier != null) {
                throw new IllegalArgumentException(source + ":" + lineNumber + ": repeats the token of line " + earlier);
            }
            try {
                policy.grant(fields[0], services);
            } catch (IllegalArgumentException e) {
                // The builder names the grant by position; a file's reader wants the line.
                throw new IllegalArgumentException(source + ":" + lineNumber + ": "
                        + e.getMessage().replaceFirst("grant #\\d+", "this line"), e);
            }
        }
        if (lineOfToken.isEmpty()) {
            throw new IllegalArgumentException(source + " grants no token; add lines " + FORMAT);
        }
        return policy.build();
    }

    private static void warnIfOthersCanRead(Path file) {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        try {
            Set<PosixFilePermission> permissions = view.readAttributes().permissions();
            if (permissions.contains(PosixFilePermission.OTHERS_READ)
                    || permissions.contains(PosixFilePermission.GROUP_READ)) {
                log.warn("Token file {} is readable by other users; restrict it (chmod 600)", file);
            }
        } catch (IOException e) {
            log.debug("Cannot read the permissions of {}", file, e);
        }
    }
}
