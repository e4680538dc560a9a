package io.hybridwasm.examples.cli;

import org.junit.jupiter.api.Test;

import static io.hybridwasm.examples.cli.ThirdPartyPluginIT.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `hybrid bench nodes` prints what issue 12's acceptance needs; timings are printed, never asserted. */
class BenchNodesIT {

    @Test
    void reportsTheNextNodesTheirCostTheCompilationStateAndTheHeapPerIdleNode() {
        ThirdPartyPluginIT.Result r = run("bench", "nodes", "--nodes", "4", "--warmup", "0s");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("4 nodes of intelligent_vad.wasm (entry process, 1280 B input)"), r.out());
        assertTrue(r.out().contains("modules parsed: 1"), r.out());
        assertTrue(r.out().contains("next nodes  load + first call  p10 ") && r.out().contains("(n=3)"), r.out());
        assertTrue(r.out().contains("its CPU time on the loading thread  p10 ") && r.out().contains("KiB per node;"), r.out());
        assertTrue(r.out().matches("(?s).*guest compiled: (yes|partly|NO).*functions at Tier 2, \\d+ at Tier 1.*"), r.out());
        assertTrue(r.out().contains("heap per idle node "), r.out());
    }
}
