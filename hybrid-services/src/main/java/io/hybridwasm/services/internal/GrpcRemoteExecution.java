package io.hybridwasm.services.internal;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.proto.v1.CloseSessionRequest;
import io.hybridwasm.proto.v1.CloseSessionResponse;
import io.hybridwasm.proto.v1.ExecuteRequest;
import io.hybridwasm.proto.v1.ExecuteResponse;
import io.hybridwasm.proto.v1.ListServicesRequest;
import io.hybridwasm.proto.v1.ListServicesResponse;
import io.hybridwasm.proto.v1.OpenSessionRequest;
import io.hybridwasm.proto.v1.OpenSessionResponse;
import io.hybridwasm.proto.v1.RemoteExecutionGrpc;
import io.hybridwasm.proto.v1.ServiceInfo;
import io.hybridwasm.proto.v1.StreamRequest;
import io.hybridwasm.proto.v1.StreamResponse;
import io.hybridwasm.services.CallerId;
import io.hybridwasm.services.spi.HostedService;
import io.hybridwasm.services.spi.HostedServiceRegistry;
import io.hybridwasm.services.spi.ServiceCall;
import io.hybridwasm.services.spi.ServiceResult;
import io.hybridwasm.services.spi.ServiceSession;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of {@code hybrid.v1.RemoteExecution}: runs hosted services for
 * {@code Execute} and {@code Stream}, and manages sessions. Handlers run on the server's
 * worker executor, where services may block. Thread-safe.
 */
public final class GrpcRemoteExecution extends RemoteExecutionGrpc.RemoteExecutionImplBase {

    private static final Logger log = LoggerFactory.getLogger(GrpcRemoteExecution.class);

    private final ServiceResolver resolver;
    private final SessionStore sessions;
    private final StatsCounters stats;

    /** Serves the services in {@code registry} with sessions from {@code sessions}. */
    public GrpcRemoteExecution(HostedServiceRegistry registry, SessionStore sessions, StatsCounters stats) {
        this.resolver = new ServiceResolver(registry, sessions);
        this.sessions = sessions;
        this.stats = stats;
    }

    @Override
    public void execute(ExecuteRequest request, StreamObserver<ExecuteResponse> response) {
        String name = request.getService();
        stats.callStarted();
        try {
            HostedService service = resolver.service(name, request.getNodeType());
            stats.executeCall(service.name());
            Optional<ServiceSession> session = resolver.session(request.getSessionId(), service);
            ServiceCall call = ProtoPayloads.call(request.getInput(), request.getConfigMap(), session,
                    ContextCancellation.current());
            ServiceResolver.checkAccepts(service, call.encoding());
            ServiceResult result = ServiceSpans.execute(service, call);
            if (Context.current().isCancelled()) {
                log.debug("Dropping the result of cancelled call to {}", name);
                return;
            }
            response.onNext(ExecuteResponse.newBuilder()
                    .setOutput(ProtoPayloads.payload(result))
                    .putAllMetadata(result.metadata())
                    .build());
            response.onCompleted();
        } catch (RuntimeException e) {
            response.onError(GrpcStatuses.of(e, name));
        } finally {
            stats.callFinished();
        }
    }

    @Override
    public StreamObserver<StreamRequest> stream(StreamObserver<StreamResponse> response) {
        return new GrpcStreamCall(resolver, stats, (ServerCallStreamObserver<StreamResponse>) response)
                .start();
    }

    @Override
    public void openSession(OpenSessionRequest request, StreamObserver<OpenSessionResponse> response) {
        try {
            SessionStore.Opened opened = sessions.open(CallerId.current(), request.getClientSessionId());
            response.onNext(OpenSessionResponse.newBuilder()
                    .setSessionId(opened.sessionId())
                    .setExisting(opened.existing())
                    .build());
            response.onCompleted();
        } catch (SessionStore.LimitExceededException e) {
            response.onError(Status.RESOURCE_EXHAUSTED.withDescription(e.getMessage()).asRuntimeException());
        }
    }

    @Override
    public void closeSession(CloseSessionRequest request, StreamObserver<CloseSessionResponse> response) {
        boolean closed = sessions.close(request.getSessionId(), CallerId.current());
        response.onNext(CloseSessionResponse.newBuilder().setClosed(closed).build());
        response.onCompleted();
    }

    @Override
    public void listServices(ListServicesRequest request, StreamObserver<ListServicesResponse> response) {
        ListServicesResponse.Builder list = ListServicesResponse.newBuilder();
        for (HostedService service : resolver.visibleServices()) {
            ServiceInfo.Builder info = ServiceInfo.newBuilder()
                    .setName(service.name())
                    .setNodeType(service.nodeType())
                    .setDescription(service.description())
                    .setIdempotent(service.idempotent())
                    .setCacheable(service.cacheable());
            for (PayloadEncoding encoding : service.accepts()) {
                info.addAccepts(ProtoPayloads.encoding(encoding));
            }
            list.addServices(info);
        }
        response.onNext(list.build());
        response.onCompleted();
    }
}
