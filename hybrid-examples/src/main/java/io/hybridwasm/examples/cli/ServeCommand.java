package io.hybridwasm.examples.cli;

import io.hybridwasm.services.AccessPolicy;
import io.hybridwasm.services.HybridServer;
import io.hybridwasm.services.HybridServerBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code hybrid serve}: the built-in services (and any on the class path) over gRPC until
 * stopped. Authentication comes from {@code --access-file}, {@code --token-file} or
 * {@code $HYBRID_AUTH_TOKEN}; with none of them the server is open, which is why it binds to
 * loopback unless told otherwise.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve the remote services over gRPC until stopped (Ctrl-C drains gracefully).")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "50051", description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
            description = "Address to bind (default: ${DEFAULT-VALUE}, loopback only).")
    String bind;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File holding the one bearer token callers must present (default: $" + RemoteOptions.TOKEN_ENV + ").")
    Path tokenFile;

    @Option(names = "--access-file", paramLabel = "FILE",
            description = "Tokens and the services each may call, one '<token> <svc>,<svc>|*' per line.")
    Path accessFile;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "Server certificate chain; enables TLS.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "Server private key (PKCS#8).")
    Path tlsKey;

    @Option(names = "--tls-ca", paramLabel = "PEM", description = "CA whose client certificates are required (mutual TLS).")
    Path tlsCa;

    @Option(names = "--max-queued-calls", paramLabel = "N",
            defaultValue = "" + HybridServerBuilder.DEFAULT_MAX_QUEUED_CALLS,
            description = "Calls that may wait for a busy worker; more are refused at once as busy (default: ${DEFAULT-VALUE}).")
    int maxQueuedCalls;

    @Option(names = "--diagnostics",
            description = "Also host the diagnostic services (Sleep, Fail), for testing clients; never in production.")
    boolean diagnostics;

    @Mixin
    TelemetryOptions telemetry;

    private final PrintStream out;

    ServeCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        Telemetry metrics = telemetry.start();
        try {
            HybridServer server = start();
            metrics.metricsUrl().ifPresent(url -> out.println("hybrid: metrics at " + url));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                metrics.close();
            }, "hybrid-serve-shutdown"));
            server.awaitTermination();
        } finally {
            metrics.close();
        }
        return 0;
    }

    /** Starts the server these options describe and says so on stdout; the caller closes it. */
    HybridServer start() throws java.io.IOException {
        if (maxQueuedCalls < 0) {
            throw new IllegalArgumentException("--max-queued-calls " + maxQueuedCalls + ": must be 0 or more");
        }
        HybridServerBuilder builder = HybridServer.builder().bindAddress(bind).port(port).diagnostics(diagnostics)
                .maxQueuedCalls(maxQueuedCalls);
        Optional<AccessPolicy> policy = accessPolicy();
        policy.ifPresent(builder::accessPolicy);
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
        if (tlsCert != null) {
            builder.tls(tlsCert, tlsKey);
            if (tlsCa != null) {
                builder.clientAuth(tlsCa);
            }
        } else if (tlsCa != null) {
            throw new IllegalArgumentException("--tls-ca needs --tls-cert and --tls-key");
        }
        HybridServer server = builder.build().start();
        out.println("hybrid: serving " + server.registry().names() + " on " + bind + ":" + server.port()
                + (tlsCert != null ? " (TLS" + (tlsCa != null ? ", client certificates required" : "") + ")" : " (plaintext)")
                + (policy.isPresent() ? ", bearer token required" : ", no authentication"));
        out.flush();
        return server;
    }

    private Optional<AccessPolicy> accessPolicy() throws java.io.IOException {
        if (accessFile != null && tokenFile != null) {
            throw new IllegalArgumentException("give --access-file or --token-file, not both");
        }
        if (accessFile != null) {
            return Optional.of(AccessPolicy.fromFile(accessFile));
        }
        return RemoteOptions.readToken(tokenFile).map(AccessPolicy::singleToken);
    }
}
