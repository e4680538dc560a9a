package io.hybridwasm.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {

    private static final String ECHO_TOKEN = "echo-7f3a9c1d2b4e";
    private static final String ADMIN_TOKEN = "admin-5e8d0c6b2a1f";

    private final AccessPolicy policy = AccessPolicy.builder()
            .grant(ECHO_TOKEN, "Echo", "Sleep")
            .grant(ADMIN_TOKEN, AccessPolicy.ALL_SERVICES)
            .build();

    @Test
    void aKnownTokenGetsItsGrant() {
        AccessPolicy.Grant echo = policy.authenticate(ECHO_TOKEN).orElseThrow();
        assertEquals(Set.of("Echo", "Sleep"), echo.services());
        assertTrue(echo.allows("Echo"));
        assertFalse(echo.allows("VoiceActivityDetector"));
        AccessPolicy.Grant admin = policy.authenticate(ADMIN_TOKEN).orElseThrow();
        assertTrue(admin.allows("VoiceActivityDetector"));
        assertTrue(admin.allows("AnythingAtAll"));
    }

    @Test
    void tokensThatDifferInLengthPrefixOrCaseAreAllRejectedTheSameWay() {
        List<String> nearMisses = List.of("", "e", "echo", "echo-7f3a9c1d2b4", ECHO_TOKEN + "0", ECHO_TOKEN + ECHO_TOKEN,
                "ECHO-7F3A9C1D2B4E", "echo-7f3a9c1d2b4f", " " + ECHO_TOKEN, "x".repeat(100_000));
        for (String candidate : nearMisses) {
            assertEquals(Optional.empty(), policy.authenticate(candidate), "length " + candidate.length());
        }
    }

    @Test
    void everyGrantIsFoundWhereverItIsInTheList() {
        AccessPolicy.Builder builder = AccessPolicy.builder();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            tokens.add("token-" + i + "-" + "k".repeat(i));
            builder.grant(tokens.get(i), "Service" + i);
        }
        AccessPolicy many = builder.build();
        for (int i = 0; i < 20; i++) {
            assertEquals(Set.of("Service" + i), many.authenticate(tokens.get(i)).orElseThrow().services());
        }
    }

    @Test
    void callerIdsAreStableDigestsThatDoNotRevealTheToken() {
        String id = policy.authenticate(ECHO_TOKEN).orElseThrow().callerId();
        assertTrue(id.matches("caller-[0-9a-f]{16}"), id);
        assertEquals(id, AccessPolicy.singleToken(ECHO_TOKEN).grants().getFirst().callerId());
        assertNotEquals(id, policy.authenticate(ADMIN_TOKEN).orElseThrow().callerId());
        assertFalse(id.contains(ECHO_TOKEN));
    }

    @Test
    void toStringNamesCallersAndServicesButNoToken() {
        String text = policy.toString();
        assertFalse(text.contains(ECHO_TOKEN) || text.contains(ADMIN_TOKEN), text);
        assertTrue(text.contains("Echo,Sleep") && text.contains(": *"), text);
        assertTrue(text.contains(policy.grants().get(0).callerId()), text);
    }

    @Test
    void badGrantsAreRefusedWithoutEchoingTheToken() {
        String spaced = "secret with spaces";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AccessPolicy.builder().grant(spaced, "Echo"));
        assertTrue(e.getMessage().contains("grant #1") && e.getMessage().contains("visible ASCII"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());

        assertThrows(IllegalArgumentException.class, () -> AccessPolicy.builder().grant("", "Echo"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AccessPolicy.builder().grant("t", List.of()))
                .getMessage().contains("names no service"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AccessPolicy.builder().grant("t", "*", "Echo"))
                .getMessage().contains("mixes"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AccessPolicy.builder().grant("t", "Ec ho"))
                .getMessage().contains("'Ec ho'"));
        IllegalArgumentException duplicate = assertThrows(IllegalArgumentException.class,
                () -> AccessPolicy.builder().grant("dup-token", "Echo").grant("dup-token", "Sleep"));
        assertTrue(duplicate.getMessage().startsWith("grant #2 repeats the token of caller-"), duplicate.getMessage());
        assertFalse(duplicate.getMessage().contains("dup-token"));
        assertThrows(IllegalStateException.class, () -> AccessPolicy.builder().build());
    }

    @Test
    void theEnvironmentGivesOneTokenAllowedEverything() {
        assertEquals(Optional.empty(), AccessPolicyFile.fromEnvironment(Map.of()));
        assertEquals(Optional.empty(), AccessPolicyFile.fromEnvironment(Map.of(AccessPolicy.TOKEN_ENV, "  ")));
        AccessPolicy fromEnv = AccessPolicyFile.fromEnvironment(Map.of(AccessPolicy.TOKEN_ENV, " env-token\n"))
                .orElseThrow();
        assertTrue(fromEnv.authenticate("env-token").orElseThrow().allows("VoiceActivityDetector"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> AccessPolicyFile.fromEnvironment(Map.of(AccessPolicy.TOKEN_ENV, "two words")));
        assertTrue(bad.getMessage().startsWith("$HYBRID_AUTH_TOKEN: "), bad.getMessage());
        assertFalse(bad.getMessage().contains("words"), bad.getMessage());
    }
}
