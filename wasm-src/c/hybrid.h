/*
 * hybrid.h: the Hybrid guest ABI v1 (docs/abi.md) for C, on clang's wasm32 target.
 *
 * Link hybrid.c into the module and it exports `alloc`, `dealloc` and `hybrid_abi_version`.
 * HYBRID_ENTRY(name, handler) exports an entry function; the host imports of module `env`
 * are declared below raw (hybrid_raw_*) and wrapped (hybrid_call, hybrid_stream,
 * hybrid_session, hybrid_call_in_session, hybrid_call_batch). Every wrapper returns an enum
 * hybrid_status. The optional imports (call_remote_batch, call_remote_in_session) are imported
 * only by modules that call them.
 *
 *   static int32_t process(const uint8_t *in, size_t len, hybrid_buf *out) {
 *       return hybrid_call("Echo", in, len, out);
 *   }
 *   HYBRID_ENTRY(process, process)
 */
#ifndef HYBRID_H
#define HYBRID_H

#include <stddef.h>
#include <stdint.h>

#define HYBRID_ABI_VERSION 1
/* First result capacity offered by hybrid_call, hybrid_session, hybrid_call_in_session and
 * hybrid_call_batch. */
#define HYBRID_INITIAL_RESULT_CAPACITY 1024

/* The ABI's status codes (docs/abi.md, "Status codes"). */
enum hybrid_status {
    HYBRID_OK = 0,
    HYBRID_NETWORK_ERROR = -1,
    HYBRID_SERVICE_UNAVAILABLE = -2,
    HYBRID_BUFFER_TOO_SMALL = -3,
    HYBRID_NOT_ALLOWED = -4,
    HYBRID_UNKNOWN_SERVICE = -5,
    HYBRID_TIMEOUT = -6,
    HYBRID_UNAUTHENTICATED = -7,
    HYBRID_INVALID_ARGUMENT = -8,
    HYBRID_REMOTE_ERROR = -9,
    HYBRID_TOO_LARGE = -10,
    /* The session the call carried is gone; open a new one with hybrid_session (abi.md, "Sessions"). */
    HYBRID_SESSION_EXPIRED = -11
};

/* The ABI name of a status, e.g. "BUFFER_TOO_SMALL"; "UNKNOWN" for other codes. */
const char *hybrid_status_name(int32_t status);

/* ---- the raw imports, exactly as docs/abi.md declares them ---- */
#define HYBRID_IMPORT(name) __attribute__((import_module("env"), import_name(#name)))

HYBRID_IMPORT(call_remote_service)
int32_t hybrid_raw_call_remote_service(const uint8_t *service, uint32_t service_len, const uint8_t *data,
                                       uint32_t data_len, uint8_t *result, uint32_t *result_len);
HYBRID_IMPORT(stream_to_remote)
int32_t hybrid_raw_stream_to_remote(const uint8_t *service, uint32_t service_len, const uint8_t *data,
                                    uint32_t data_len);
HYBRID_IMPORT(get_remote_session)
int32_t hybrid_raw_get_remote_session(const uint8_t *session_id, uint32_t session_id_len, uint8_t *session,
                                      uint32_t *session_len);
/* Optional: only modules that call it import it. */
HYBRID_IMPORT(call_remote_batch)
int32_t hybrid_raw_call_remote_batch(const uint8_t *requests, uint32_t requests_len, uint8_t *results,
                                     uint32_t *results_len);
/* Optional: only modules that call it import it, and then only these calls carry a session. */
HYBRID_IMPORT(call_remote_in_session)
int32_t hybrid_raw_call_remote_in_session(const uint8_t *session_id, uint32_t session_id_len, const uint8_t *service,
                                          uint32_t service_len, const uint8_t *data, uint32_t data_len,
                                          uint8_t *result, uint32_t *result_len);

/* ---- a growable byte buffer (malloc'd), for outputs and results ---- */
typedef struct {
    uint8_t *data;
    size_t len;
    size_t cap;
} hybrid_buf;

/* Room for `extra` more bytes; HYBRID_TOO_LARGE when memory is exhausted. */
int32_t hybrid_buf_reserve(hybrid_buf *buf, size_t extra);
int32_t hybrid_buf_append(hybrid_buf *buf, const void *bytes, size_t len);
int32_t hybrid_buf_append_str(hybrid_buf *buf, const char *text);
int32_t hybrid_buf_append_int(hybrid_buf *buf, int64_t value);
void hybrid_buf_free(hybrid_buf *buf);

/* ---- safe wrappers ---- */

/* Calls `service` with `data`; appends the result to `result`. Offers
 * HYBRID_INITIAL_RESULT_CAPACITY bytes, then once more exactly the size the host asked for on
 * BUFFER_TOO_SMALL (the host kept the result, so the service runs once). */
int32_t hybrid_call(const char *service, const uint8_t *data, size_t data_len, hybrid_buf *result);
/* Streams `data` as the next chunk to `service`. */
int32_t hybrid_stream(const char *service, const uint8_t *data, size_t data_len);
/* The server session for `local_id` (opened on first use), appended to `session_id`. */
int32_t hybrid_session(const char *local_id, hybrid_buf *session_id);
/* Calls `service` with `data` in the session hybrid_session opened for `local_id` (the guest's
 * own id); buffers as hybrid_call. Calling it makes the module import call_remote_in_session,
 * and then hybrid_call, streams and batches carry no session (they keep retries and the cache).
 * HYBRID_SESSION_EXPIRED: the server-side state is gone and the host forgot the session;
 * rebuild what it held and call hybrid_session again, which opens a fresh one. */
int32_t hybrid_call_in_session(const char *local_id, const char *service, const uint8_t *data, size_t data_len,
                               hybrid_buf *result);

/* One call of a batch. */
typedef struct {
    const char *service;
    const uint8_t *data;
    size_t data_len;
    size_t capacity; /* result bytes offered; 0 means HYBRID_INITIAL_RESULT_CAPACITY */
} hybrid_batch_call;

/* One answer: on HYBRID_BUFFER_TOO_SMALL `len` is the size needed and `bytes` NULL. */
typedef struct {
    int32_t status;
    size_t len;
    const uint8_t *bytes; /* points into the batch's `results` buffer */
} hybrid_batch_answer;

/* Sends `count` calls at once (env.call_remote_batch) and fills `answers[count]` in order.
 * `results` holds the bytes the answers point into. Returns the batch's own status: 0, or -8
 * (malformed) / -10 (over the limits) when nothing was sent. */
int32_t hybrid_call_batch(const hybrid_batch_call *calls, size_t count, hybrid_batch_answer *answers,
                          hybrid_buf *results);

/* ---- entry functions ---- */
typedef int32_t (*hybrid_handler)(const uint8_t *input, size_t input_len, hybrid_buf *output);

/* Runs `handler` as an ABI entry: copies its output to the host's buffer, or answers
 * BUFFER_TOO_SMALL with the size needed; a negative return becomes the status. */
int32_t hybrid_run_entry(const uint8_t *input, uint32_t input_len, uint8_t *output, uint32_t *output_len,
                         hybrid_handler handler);

#define HYBRID_ENTRY(name, handler)                                                                 \
    __attribute__((export_name(#name))) int32_t hybrid_entry_##name(const uint8_t *input,           \
                                                                     uint32_t input_len,            \
                                                                     uint8_t *output,               \
                                                                     uint32_t *output_len) {        \
        return hybrid_run_entry(input, input_len, output, output_len, handler);                     \
    }

#endif
