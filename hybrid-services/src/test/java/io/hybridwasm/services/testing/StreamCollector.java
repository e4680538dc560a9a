package io.hybridwasm.services.testing;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.hybridwasm.proto.v1.StreamRequest;
import io.hybridwasm.proto.v1.StreamResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Client side of one {@code Stream} call for tests: keeps the request stream, collects every
 * response, and completes {@link #done} with null on success or with the failure.
 */
public final class StreamCollector implements ClientResponseObserver<StreamRequest, StreamResponse> {
    public final List<StreamResponse> responses = new CopyOnWriteArrayList<>();
    public final CompletableFuture<Throwable> done = new CompletableFuture<>();
    public ClientCallStreamObserver<StreamRequest> requests;

    @Override
    public void beforeStart(ClientCallStreamObserver<StreamRequest> requestStream) {
        requests = requestStream;
    }

    @Override
    public void onNext(StreamResponse value) {
        responses.add(value);
    }

    @Override
    public void onError(Throwable t) {
        done.complete(t);
    }

    @Override
    public void onCompleted() {
        done.complete(null);
    }
}
