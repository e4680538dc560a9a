package io.hybridwasm.services;

import io.grpc.Context;

/**
 * Who is calling, as far as sessions are concerned: a session can be reopened, used and
 * closed only by the caller that opened it (another caller gets NOT_FOUND, and its close
 * closes nothing).
 *
 * <p>With an {@link AccessPolicy} the identity is the caller id of the token's grant
 * ({@link AccessPolicy.Grant#callerId()}: a digest, never the token), set by the server for
 * every authenticated call. Without one nothing authenticates callers, so every caller is
 * {@code ""} and sessions are shared by anyone who knows their (random, unguessable) id. A
 * custom {@link io.grpc.ServerInterceptor} (see {@link HybridServerBuilder#intercept}) may
 * set its own identity in the call's {@link Context} under {@link #CONTEXT_KEY}, but the
 * access policy, which runs after it, overrides it.
 */
public final class CallerId {

    /** Where an authenticating interceptor stores the caller's identity. */
    public static final Context.Key<String> CONTEXT_KEY = Context.key("io.hybridwasm.caller-id");

    private CallerId() {
    }

    /** The current call's caller identity, {@code ""} when none was set. */
    public static String current() {
        String id = CONTEXT_KEY.get();
        return id == null ? "" : id;
    }
}
