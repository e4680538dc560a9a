package io.hybridwasm.examples.soak;

import io.hybridwasm.services.AccessPolicy;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens by generation, for rotation: the client presents generation {@code k} during
 * restart period {@code k}. A server's access policy is fixed when it starts, so a replica
 * restarted in period {@code j} accepts generations {@code j-1} (the old token, for calls
 * still in flight: the grace window) up to {@code j+replicas-1} (the tokens the client will
 * switch to before this replica's next restart). A replica's next restart drops the old ones.
 */
final class TokenRing {
    private final SecureRandom random = new SecureRandom();
    private final Map<Integer, String> tokens = new ConcurrentHashMap<>();
    private final int replicas;
    private final boolean rotating;

    /** With {@code rotating} false there is one token, generation 0, accepted by every replica. */
    TokenRing(int replicas, boolean rotating) {
        this.replicas = replicas;
        this.rotating = rotating;
    }

    /** The token of generation {@code generation}, made up on first use. */
    String token(int generation) {
        return tokens.computeIfAbsent(generation, g -> {
            byte[] bytes = new byte[24];
            random.nextBytes(bytes);
            return "soak-" + HexFormat.of().formatHex(bytes);
        });
    }

    /** The policy of a replica (re)started in period {@code period}: see the class documentation. */
    AccessPolicy policyForPeriod(int period) {
        AccessPolicy.Builder policy = AccessPolicy.builder();
        if (!rotating) {
            return policy.grant(token(0), AccessPolicy.ALL_SERVICES).build();
        }
        for (int g = Math.max(0, period - 1); g <= period + replicas - 1; g++) {
            policy.grant(token(g), AccessPolicy.ALL_SERVICES);
        }
        return policy.build();
    }
}
