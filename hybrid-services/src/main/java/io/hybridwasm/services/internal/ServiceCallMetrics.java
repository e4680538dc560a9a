package io.hybridwasm.services.internal;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.hybridwasm.proto.v1.ExecuteRequest;
import io.hybridwasm.proto.v1.RemoteExecutionGrpc;

import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Records every {@code Execute} call in {@code hybrid.server.call.duration} under the hosted
 * service it asked for (read from the request, which gRPC's own per-method metrics cannot see:
 * all services share the one method) and the status it ended with. A call that never sent its
 * request (refused, cancelled early) is not recorded here.
 */
final class ServiceCallMetrics implements ServerInterceptor {
    private static final String EXECUTE = RemoteExecutionGrpc.getExecuteMethod().getFullMethodName();

    private final ServerMetrics metrics;
    private final Set<String> services;

    ServiceCallMetrics(ServerMetrics metrics, Set<String> services) {
        this.metrics = metrics;
        this.services = services;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        if (!EXECUTE.equals(call.getMethodDescriptor().getFullMethodName())) {
            return next.startCall(call, headers);
        }
        Observation observation = new Observation(System.nanoTime());
        ServerCall.Listener<Q> listener = next.startCall(new SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                observation.end(status.getCode());
                super.close(status, trailers);
            }
        }, headers);
        return new SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onMessage(Q message) {
                if (message instanceof ExecuteRequest request) {
                    observation.service = services.contains(request.getService()) ? request.getService() : "other";
                }
                super.onMessage(message);
            }

            @Override
            public void onCancel() {
                observation.end(Status.Code.CANCELLED);
                super.onCancel();
            }
        };
    }

    /** One call: when it started, which service it named, and whether it was recorded. */
    private final class Observation {
        private final long start;
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile String service;

        Observation(long start) {
            this.start = start;
        }

        void end(Status.Code status) {
            String named = service;
            if (named != null && ended.compareAndSet(false, true)) {
                metrics.serviceCall(named, status, System.nanoTime() - start);
            }
        }
    }
}
