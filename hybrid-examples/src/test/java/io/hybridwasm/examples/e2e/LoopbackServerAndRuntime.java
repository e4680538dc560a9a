package io.hybridwasm.examples.e2e;

import io.hybridwasm.Hybrid;
import io.hybridwasm.WasmRuntime;
import io.hybridwasm.services.HybridServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A real services server on a free loopback port and a real runtime, shared by a test class.
 * Diagnostics are on: the tests call Sleep and Fail.
 */
abstract class LoopbackServerAndRuntime {
    static HybridServer server;
    static WasmRuntime runtime;
    static String target;

    @BeforeAll
    static void start() throws Exception {
        server = HybridServer.builder().port(0).diagnostics(true).build().start();
        target = "127.0.0.1:" + server.port();
        runtime = Hybrid.newRuntime();
    }

    @AfterAll
    static void stop() {
        runtime.close();
        server.close();
    }
}
