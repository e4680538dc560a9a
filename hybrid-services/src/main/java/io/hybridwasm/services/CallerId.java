package io.hybridwasm.services;

import io.grpc.Context;

/**
 * Who is calling, as far as sessions are concerned: a session can be reopened, used and
 * closed only by the caller that opened it.
 *
 * <p>Today nothing authenticates callers, so every caller is {@code ""} and sessions are
 * shared by anyone who knows their (random, unguessable) id. The authentication that comes
 * later plugs in here: a {@link io.grpc.ServerInterceptor} (see
 * {@link HybridServerBuilder#intercept}) that verifies the credentials puts the caller's
 * identity into the call's {@link Context} under {@link #CONTEXT_KEY}.
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
