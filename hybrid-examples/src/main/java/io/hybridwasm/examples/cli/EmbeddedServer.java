package io.hybridwasm.examples.cli;

import io.hybridwasm.services.HybridServer;

import java.io.IOException;
import java.io.PrintStream;

/** The built-in services on a free loopback port, for commands run without {@code --remote}. */
final class EmbeddedServer {
    private EmbeddedServer() {
    }

    interface Body {
        void run(String target) throws IOException;
    }

    /** Runs {@code body} against {@code remote}, or against an embedded server when it is null. */
    static void with(String remote, PrintStream out, Body body) throws IOException {
        if (remote != null) {
            body.run(remote);
            return;
        }
        try (HybridServer server = HybridServer.builder().port(0).build().start()) {
            String target = "127.0.0.1:" + server.port();
            out.println("Embedded services server on " + target);
            body.run(target);
        }
    }
}
