package io.hybridwasm.examples.cli;

import io.hybridwasm.services.HybridServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/** {@code hybrid serve}: the built-in services (and any on the class path) over gRPC until interrupted. */
@Command(name = "serve", description = "Serve the remote services over gRPC until stopped (Ctrl-C drains gracefully).")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "50051", description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
            description = "Address to bind (default: ${DEFAULT-VALUE}, loopback only).")
    String bind;

    private final PrintStream out;

    ServeCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        HybridServer server = HybridServer.builder().bindAddress(bind).port(port).build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "hybrid-serve-shutdown"));
        out.println("hybrid: serving " + server.registry().names() + " on " + bind + ":" + server.port());
        out.flush();
        server.awaitTermination();
        return 0;
    }
}
