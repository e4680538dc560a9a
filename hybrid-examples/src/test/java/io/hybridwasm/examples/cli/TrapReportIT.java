package io.hybridwasm.examples.cli;

import static io.hybridwasm.examples.cli.ThirdPartyPluginIT.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridwasm.TrapException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A guest that traps is reported as a trap, not as a remote error it never had. */
class TrapReportIT {

    @Test
    void aGuestRunningOutOfMemoryMidCallIsReportedAsATrap(@TempDir Path dir) throws IOException {
        // 1.5 MB of input fits in 4 MiB, the guest's own working copy does not: Rust aborts (unreachable).
        Path input = Files.write(dir.resolve("big.f32"), new byte[1_500_000]);
        ThirdPartyPluginIT.Result result = run("run", CliIT.VAD, "--function", "process_with_remote",
                "--input", input.toString(), "--memory-limit", "4MiB");
        String err = result.err().strip();
        assertEquals(HybridCli.EXIT_HYBRID, result.exit(), err);
        assertTrue(err.startsWith("hybrid: guest trapped in 'process_with_remote': "), err);
        assertTrue(err.endsWith(" [trap]"), err);
        assertFalse(err.contains("REMOTE_ERROR"), err);
    }

    @Test
    void theOneLineDescriptionOfATrapNamesNoAbiStatus() {
        assertEquals("guest trapped in 'f': unreachable [trap]",
                HybridCli.describe(new TrapException("guest trapped in 'f': unreachable")));
    }
}
