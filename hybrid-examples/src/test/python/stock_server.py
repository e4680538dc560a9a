#!/usr/bin/python3
"""inventory.v1.Stock served by Python's grpcio from a descriptor set alone.

A gRPC server written in another language, with no generated code and no reflection: the
method-by-name tests can only know its schema from the descriptor set they are given.

Usage: stock_server.py DESCRIPTOR_SET
Binds 127.0.0.1 on a free port, prints the port on stdout, serves until stdin closes.

Stock at start: A-1: 10, B-2: 0. Reserve answers NOT_FOUND for an unknown SKU,
FAILED_PRECONDITION when fewer are left than asked, INVALID_ARGUMENT for a quantity below 1.
SKU "FLAKY" stands for a warehouse behind a bad link: UNAVAILABLE on the first two attempts
of each customer, then a reservation (for retry-policy tests).
"""
import sys
import threading
import uuid
from concurrent import futures

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

SERVICE = "inventory.v1.Stock"


def message_classes(descriptor_set_path):
    with open(descriptor_set_path, "rb") as f:
        files = descriptor_pb2.FileDescriptorSet.FromString(f.read())
    pool = descriptor_pool.DescriptorPool()
    for file in files.file:
        pool.Add(file)
    method = pool.FindServiceByName(SERVICE).methods_by_name["Reserve"]
    if hasattr(message_factory, "GetMessageClass"):
        return (message_factory.GetMessageClass(method.input_type),
                message_factory.GetMessageClass(method.output_type))
    factory = message_factory.MessageFactory(pool)
    return factory.GetPrototype(method.input_type), factory.GetPrototype(method.output_type)


class Stock:
    def __init__(self, reservation_class):
        self.reservation_class = reservation_class
        self.levels = {"A-1": 10, "B-2": 0, "FLAKY": 1000}
        self.flaky_attempts = {}
        self.lock = threading.Lock()

    def reserve(self, request, context):
        with self.lock:
            if request.sku == "FLAKY":
                attempt = self.flaky_attempts.get(request.customer_id, 0) + 1
                self.flaky_attempts[request.customer_id] = attempt
                if attempt <= 2:
                    context.abort(grpc.StatusCode.UNAVAILABLE,
                                  "warehouse unreachable (attempt %d)" % attempt)
            if request.sku not in self.levels:
                context.abort(grpc.StatusCode.NOT_FOUND, "unknown sku %r" % request.sku)
            if request.quantity < 1:
                context.abort(grpc.StatusCode.INVALID_ARGUMENT,
                              "quantity must be at least 1, got %d" % request.quantity)
            left = self.levels[request.sku]
            if left < request.quantity:
                context.abort(grpc.StatusCode.FAILED_PRECONDITION,
                              "only %d of %s left, asked for %d" % (left, request.sku, request.quantity))
            self.levels[request.sku] = left - request.quantity
            reservation = self.reservation_class(
                reservation_id=str(uuid.uuid4()), sku=request.sku, quantity=request.quantity,
                remaining=left - request.quantity)
            reservation.labels.update(request.labels)
            return reservation


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: stock_server.py DESCRIPTOR_SET")
    request_class, reservation_class = message_classes(sys.argv[1])
    stock = Stock(reservation_class)
    handlers = {
        "Reserve": grpc.unary_unary_rpc_method_handler(
            stock.reserve,
            request_deserializer=request_class.FromString,
            response_serializer=reservation_class.SerializeToString),
    }
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler(SERVICE, handlers),))
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print(port, flush=True)
    sys.stdin.read()
    server.stop(0)


if __name__ == "__main__":
    main()
