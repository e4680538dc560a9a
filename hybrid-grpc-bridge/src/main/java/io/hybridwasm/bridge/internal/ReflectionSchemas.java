package io.hybridwasm.bridge.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.ClientCall;
import io.grpc.Deadline;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.hybridwasm.HostStatus;
import io.hybridwasm.RemoteCallException;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The schemas one channel's server describes through its reflection service,
 * {@code grpc.reflection.v1}, or {@code v1alpha} when the server has only that one (the two are
 * the same messages under another name, so one client speaks both). Each service is asked for at
 * most once per {@link #TTL} (concurrent first calls may each ask), in one reflection stream that
 * also fetches any import the first answer lacks. Failures are not cached.
 *
 * <p>Thread-safe; one per {@link PooledChannel}.
 */
public final class ReflectionSchemas {
    /** How long a fetched schema is used before the server is asked again. */
    public static final Duration TTL = Duration.ofMinutes(10);

    private static final MethodDescriptor<ServerReflectionRequest, ServerReflectionResponse> V1 =
            ServerReflectionGrpc.getServerReflectionInfoMethod();
    private static final MethodDescriptor<ServerReflectionRequest, ServerReflectionResponse> V1ALPHA = V1.toBuilder()
            .setFullMethodName("grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo").build();
    private static final int MAX_DESCRIPTOR_BYTES = 16 << 20;

    private final PooledChannel channel;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
    private volatile boolean onlyV1alpha;

    ReflectionSchemas(PooledChannel channel, LongSupplier nanoClock) {
        this.channel = channel;
        this.nanoClock = nanoClock;
    }

    /**
     * The schema of {@code service}, from the cache or the server.
     *
     * @throws RemoteCallException {@link HostStatus#UNKNOWN_SERVICE} when the server does not know
     *                             the service or offers no reflection; otherwise the mapped status
     *                             of the failed reflection call
     */
    public ServiceSchema service(String service, Deadline deadline) {
        Cached cached = cache.get(service);
        long now = nanoClock.getAsLong();
        if (cached != null && now - cached.expiresAt() < 0) {
            return cached.schema();
        }
        ServiceSchema schema = fetch(service, deadline);
        cache.put(service, new Cached(schema, now + TTL.toNanos()));
        return schema;
    }

    private ServiceSchema fetch(String service, Deadline deadline) {
        String what = "server reflection at " + channel.target() + " for " + service;
        if (!onlyV1alpha) {
            try {
                return new Exchange(V1, deadline, what).schemaOf(service);
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
                    throw StatusTable.toException(e, deadline, what);
                }
                onlyV1alpha = true;
            }
        }
        try {
            return new Exchange(V1ALPHA, deadline, what).schemaOf(service);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                onlyV1alpha = false; // the server may gain v1 later; ask it first next time
                throw new RemoteCallException(HostStatus.UNKNOWN_SERVICE, "no descriptor set describes service "
                        + service + " and the server at " + channel.target() + " offers no reflection service"
                        + " (grpc.reflection.v1 or v1alpha); give the node a descriptor set", e);
            }
            throw StatusTable.toException(e, deadline, what);
        }
    }

    private record Cached(ServiceSchema schema, long expiresAt) {
    }

    /** One reflection stream: the file that defines the service, then any import missing from the answers. */
    private final class Exchange implements StreamObserver<ServerReflectionResponse> {
        private static final Object COMPLETED = new Object();

        private final BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
        private final ClientCall<ServerReflectionRequest, ServerReflectionResponse> call;
        private final Deadline deadline;
        private final String what;

        Exchange(MethodDescriptor<ServerReflectionRequest, ServerReflectionResponse> method, Deadline deadline,
                 String what) {
            this.call = channel.channel().newCall(method, channel.unaryOptions(deadline, MAX_DESCRIPTOR_BYTES));
            this.deadline = deadline;
            this.what = what;
        }

        ServiceSchema schemaOf(String service) {
            StreamObserver<ServerReflectionRequest> requests = ClientCalls.asyncBidiStreamingCall(call, this);
            try {
                Map<String, FileDescriptorProto> files = new LinkedHashMap<>();
                ServerReflectionResponse first = ask(requests,
                        ServerReflectionRequest.newBuilder().setFileContainingSymbol(service).build());
                if (first.hasErrorResponse()) {
                    throw new RemoteCallException(HostStatus.UNKNOWN_SERVICE, "the server at " + channel.target()
                            + " does not know service " + service + " (reflection: "
                            + first.getErrorResponse().getErrorMessage() + ")");
                }
                addAll(first, files);
                Deque<String> missing = new ArrayDeque<>();
                files.values().forEach(f -> f.getDependencyList().forEach(missing::add));
                while (!missing.isEmpty()) {
                    String name = missing.pop();
                    if (files.containsKey(name)) {
                        continue;
                    }
                    ServerReflectionResponse answer = ask(requests,
                            ServerReflectionRequest.newBuilder().setFileByFilename(name).build());
                    if (answer.hasErrorResponse()) {
                        throw new RemoteCallException(HostStatus.UNKNOWN_SERVICE, what + ": the server does not"
                                + " provide " + name + ", which service " + service + " needs");
                    }
                    addAll(answer, files).forEach(f -> f.getDependencyList().forEach(missing::add));
                }
                requests.onCompleted();
                return schemaFrom(service, files);
            } catch (RuntimeException e) {
                call.cancel("reflection abandoned", null);
                throw e;
            }
        }

        private ServiceSchema schemaFrom(String service, Map<String, FileDescriptorProto> files) {
            Map<String, Descriptors.FileDescriptor> linked;
            try {
                linked = ProtoFiles.link(files, name -> what);
            } catch (IllegalArgumentException e) {
                throw new RemoteCallException(HostStatus.REMOTE_ERROR, e.getMessage(), e);
            }
            for (Descriptors.FileDescriptor file : linked.values()) {
                Descriptors.ServiceDescriptor found = file.findServiceByName(
                        service.substring(service.lastIndexOf('.') + 1));
                if (found != null && found.getFullName().equals(service)) {
                    return new ServiceSchema(found);
                }
            }
            throw new RemoteCallException(HostStatus.UNKNOWN_SERVICE, "the server at " + channel.target() + " has no"
                    + " service " + service + " (reflection names the symbol, but not as a service)");
        }

        private Iterable<FileDescriptorProto> addAll(ServerReflectionResponse answer,
                                                     Map<String, FileDescriptorProto> files) {
            List<FileDescriptorProto> added = new ArrayList<>();
            for (ByteString bytes : answer.getFileDescriptorResponse().getFileDescriptorProtoList()) {
                try {
                    FileDescriptorProto file = FileDescriptorProto.parseFrom(bytes);
                    if (files.putIfAbsent(file.getName(), file) == null) {
                        added.add(file);
                    }
                } catch (InvalidProtocolBufferException e) {
                    throw new RemoteCallException(HostStatus.REMOTE_ERROR, what + ": a file descriptor does not"
                            + " parse (" + e.getMessage() + ")", e);
                }
            }
            return added;
        }

        private ServerReflectionResponse ask(StreamObserver<ServerReflectionRequest> requests,
                                             ServerReflectionRequest request) {
            requests.onNext(request);
            Object answer;
            try {
                answer = answers.poll(Math.max(0, deadline.timeRemaining(TimeUnit.NANOSECONDS)), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RemoteCallException(HostStatus.TIMEOUT, what + ": interrupted", e);
            }
            if (answer == null) {
                throw new RemoteCallException(HostStatus.TIMEOUT, what + ": no answer before the deadline");
            }
            if (answer instanceof StatusRuntimeException failure) {
                throw failure;
            }
            if (answer == COMPLETED) {
                throw new RemoteCallException(HostStatus.REMOTE_ERROR, what + ": the server ended the stream early");
            }
            return (ServerReflectionResponse) answer;
        }

        @Override
        public void onNext(ServerReflectionResponse value) {
            answers.add(value);
        }

        @Override
        public void onError(Throwable t) {
            answers.add(Status.fromThrowable(t).asRuntimeException());
        }

        @Override
        public void onCompleted() {
            answers.add(COMPLETED);
        }
    }
}
