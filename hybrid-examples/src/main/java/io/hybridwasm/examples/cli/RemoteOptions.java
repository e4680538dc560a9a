package io.hybridwasm.examples.cli;

import io.hybridwasm.RemoteConfig;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Client-side remote settings shared by the commands that call services. The token comes from
 * {@code --token-file} or the {@code HYBRID_AUTH_TOKEN} environment variable, never from the
 * command line, where other users could read it.
 */
final class RemoteOptions {
    static final String TOKEN_ENV = "HYBRID_AUTH_TOKEN";

    @Option(names = "--remote", paramLabel = "TARGET",
            description = "Server for remote services: HOST:PORT, dns:///NAME:PORT or static:///H1:P1,H2:P2.")
    String remote;

    @Option(names = "--deadline", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
            description = "Longest a single remote call may take (default: ${DEFAULT-VALUE}).")
    Duration deadline;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File holding the bearer token (default: $" + TOKEN_ENV + ").")
    Path tokenFile;

    @Option(names = "--tls-ca", paramLabel = "PEM", description = "CA certificates to trust; enables TLS.")
    Path tlsCa;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "Client certificate chain, for mutual TLS.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "Client private key (PKCS#8), for mutual TLS.")
    Path tlsKey;

    @Option(names = "--descriptor-set", paramLabel = "FILE",
            description = "Schema of gRPC methods called by name (pkg.Service/Method), as written by "
                    + "protoc --include_imports --descriptor_set_out; repeatable. Without one, the server's reflection.")
    List<Path> descriptorSets = List.of();

    @Option(names = "--service-config", paramLabel = "FILE",
            description = "gRPC service config (JSON) for methods called by name: retries, hedging, timeouts, wait-for-ready.")
    Path serviceConfig;

    /** The remote configuration these options describe, with {@code fallbackTarget} when none was given. */
    RemoteConfig toConfig(Optional<String> fallbackTarget) {
        RemoteConfig.Builder b = RemoteConfig.builder().deadline(deadline);
        Optional.ofNullable(remote).or(() -> fallbackTarget).ifPresent(b::target);
        token().ifPresent(b::authToken);
        if (tlsCa != null || tlsCert != null || tlsKey != null) {
            b.tls(new RemoteConfig.Tls(Optional.ofNullable(tlsCa), Optional.ofNullable(tlsCert),
                    Optional.ofNullable(tlsKey), Optional.empty()));
        }
        descriptorSets.forEach(file -> b.descriptorSet(MethodCallFiles.descriptorSet("--descriptor-set", file)));
        if (serviceConfig != null) {
            b.serviceConfig(MethodCallFiles.serviceConfig("--service-config", serviceConfig));
        }
        return b.build();
    }

    Optional<String> token() {
        return readToken(tokenFile);
    }

    /** The token from {@code file}, else from the environment; blank counts as none. */
    static Optional<String> readToken(Path file) {
        String token;
        if (file != null) {
            try {
                token = Files.readString(file).strip();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read --token-file " + file, e);
            }
        } else {
            token = System.getenv(TOKEN_ENV);
        }
        return token == null || token.isBlank() ? Optional.empty() : Optional.of(token.strip());
    }
}
