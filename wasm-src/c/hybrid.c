/* hybrid.c: the exports and wrappers declared in hybrid.h. */
#include "hybrid.h"

#include <stdlib.h>
#include <string.h>

__attribute__((export_name("alloc"))) void *hybrid_alloc(uint32_t size) {
    return malloc(size ? size : 1);
}

__attribute__((export_name("dealloc"))) void hybrid_dealloc(void *ptr, uint32_t size) {
    (void)size;
    free(ptr);
}

__attribute__((export_name("hybrid_abi_version"))) int32_t hybrid_abi_version(void) {
    return HYBRID_ABI_VERSION;
}

const char *hybrid_status_name(int32_t status) {
    static const char *const names[] = {"OK", "NETWORK_ERROR", "SERVICE_UNAVAILABLE", "BUFFER_TOO_SMALL",
                                        "NOT_ALLOWED", "UNKNOWN_SERVICE", "TIMEOUT", "UNAUTHENTICATED",
                                        "INVALID_ARGUMENT", "REMOTE_ERROR", "TOO_LARGE", "SESSION_EXPIRED"};
    return status <= 0 && status >= -11 ? names[-status] : "UNKNOWN";
}

int32_t hybrid_buf_reserve(hybrid_buf *buf, size_t extra) {
    if (extra <= buf->cap - buf->len) {
        return HYBRID_OK;
    }
    if (extra > SIZE_MAX / 2 - buf->len) {
        return HYBRID_TOO_LARGE;
    }
    size_t cap = buf->cap ? buf->cap : 64;
    while (cap < buf->len + extra) {
        cap *= 2;
    }
    uint8_t *grown = realloc(buf->data, cap);
    if (!grown) {
        return HYBRID_TOO_LARGE;
    }
    buf->data = grown;
    buf->cap = cap;
    return HYBRID_OK;
}

int32_t hybrid_buf_append(hybrid_buf *buf, const void *bytes, size_t len) {
    int32_t status = hybrid_buf_reserve(buf, len);
    if (status == HYBRID_OK && len) {
        memcpy(buf->data + buf->len, bytes, len);
        buf->len += len;
    }
    return status;
}

int32_t hybrid_buf_append_str(hybrid_buf *buf, const char *text) {
    return hybrid_buf_append(buf, text, strlen(text));
}

int32_t hybrid_buf_append_int(hybrid_buf *buf, int64_t value) {
    char digits[24];
    size_t n = sizeof digits;
    uint64_t magnitude = value < 0 ? 0 - (uint64_t)value : (uint64_t)value;
    do {
        digits[--n] = (char)('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude);
    if (value < 0) {
        digits[--n] = '-';
    }
    return hybrid_buf_append(buf, digits + n, sizeof digits - n);
}

void hybrid_buf_free(hybrid_buf *buf) {
    free(buf->data);
    buf->data = NULL;
    buf->len = buf->cap = 0;
}

typedef int32_t (*receive_fn)(const void *arg, uint8_t *out, uint32_t *out_len);

/* The length-slot protocol: one attempt, and one more with the size needed on BUFFER_TOO_SMALL. */
static int32_t receive(receive_fn call, const void *arg, hybrid_buf *into) {
    uint32_t capacity = HYBRID_INITIAL_RESULT_CAPACITY;
    for (int attempt = 0; attempt < 2; attempt++) {
        if (hybrid_buf_reserve(into, capacity) != HYBRID_OK) {
            return HYBRID_BUFFER_TOO_SMALL;
        }
        uint32_t len = capacity;
        int32_t status = call(arg, into->data + into->len, &len);
        if (status == HYBRID_OK) {
            if (len > capacity) {
                return HYBRID_BUFFER_TOO_SMALL;
            }
            into->len += len;
            return HYBRID_OK;
        }
        if (status != HYBRID_BUFFER_TOO_SMALL) {
            return status;
        }
        capacity = len;
    }
    return HYBRID_BUFFER_TOO_SMALL;
}

typedef struct {
    const char *name;
    const uint8_t *data;
    size_t data_len;
} named_data;

static int32_t call_once(const void *arg, uint8_t *out, uint32_t *out_len) {
    const named_data *c = arg;
    return hybrid_raw_call_remote_service((const uint8_t *)c->name, strlen(c->name), c->data, c->data_len, out,
                                          out_len);
}

static int32_t session_once(const void *arg, uint8_t *out, uint32_t *out_len) {
    const char *local_id = arg;
    return hybrid_raw_get_remote_session((const uint8_t *)local_id, strlen(local_id), out, out_len);
}

typedef struct {
    const char *local_id;
    named_data call;
} session_call;

static int32_t in_session_once(const void *arg, uint8_t *out, uint32_t *out_len) {
    const session_call *c = arg;
    return hybrid_raw_call_remote_in_session((const uint8_t *)c->local_id, strlen(c->local_id),
                                             (const uint8_t *)c->call.name, strlen(c->call.name), c->call.data,
                                             c->call.data_len, out, out_len);
}

int32_t hybrid_call(const char *service, const uint8_t *data, size_t data_len, hybrid_buf *result) {
    named_data c = {service, data, data_len};
    return receive(call_once, &c, result);
}

int32_t hybrid_call_in_session(const char *local_id, const char *service, const uint8_t *data, size_t data_len,
                               hybrid_buf *result) {
    session_call c = {local_id, {service, data, data_len}};
    return receive(in_session_once, &c, result);
}

int32_t hybrid_stream(const char *service, const uint8_t *data, size_t data_len) {
    return hybrid_raw_stream_to_remote((const uint8_t *)service, strlen(service), data, data_len);
}

int32_t hybrid_session(const char *local_id, hybrid_buf *session_id) {
    return receive(session_once, local_id, session_id);
}

static void put_u32(uint8_t *at, uint32_t v) {
    at[0] = (uint8_t)v;
    at[1] = (uint8_t)(v >> 8);
    at[2] = (uint8_t)(v >> 16);
    at[3] = (uint8_t)(v >> 24);
}

static uint32_t get_u32(const uint8_t *at) {
    return (uint32_t)at[0] | (uint32_t)at[1] << 8 | (uint32_t)at[2] << 16 | (uint32_t)at[3] << 24;
}

int32_t hybrid_call_batch(const hybrid_batch_call *calls, size_t count, hybrid_batch_answer *answers,
                          hybrid_buf *results) {
    hybrid_buf requests = {0};
    size_t room = 0;
    uint8_t word[4];
    put_u32(word, count);
    int32_t status = hybrid_buf_append(&requests, word, 4);
    for (size_t i = 0; i < count && status == HYBRID_OK; i++) {
        size_t name_len = strlen(calls[i].service);
        size_t capacity = calls[i].capacity ? calls[i].capacity : HYBRID_INITIAL_RESULT_CAPACITY;
        room += 8 + capacity;
        put_u32(word, name_len);
        status |= hybrid_buf_append(&requests, word, 4);
        status |= hybrid_buf_append(&requests, calls[i].service, name_len);
        put_u32(word, calls[i].data_len);
        status |= hybrid_buf_append(&requests, word, 4);
        status |= hybrid_buf_append(&requests, calls[i].data, calls[i].data_len);
        put_u32(word, capacity);
        status |= hybrid_buf_append(&requests, word, 4);
    }
    if (status != HYBRID_OK || hybrid_buf_reserve(results, room) != HYBRID_OK) {
        hybrid_buf_free(&requests);
        return HYBRID_TOO_LARGE;
    }
    uint8_t *start = results->data + results->len;
    uint32_t written = room;
    status = hybrid_raw_call_remote_batch(requests.data, requests.len, start, &written);
    hybrid_buf_free(&requests);
    if (status != HYBRID_OK) {
        return status;
    }
    results->len += written;
    const uint8_t *at = start, *end = start + written;
    for (size_t i = 0; i < count; i++) {
        if (end - at < 8) {
            return HYBRID_INVALID_ARGUMENT;
        }
        answers[i].status = (int32_t)get_u32(at);
        answers[i].len = get_u32(at + 4);
        at += 8;
        answers[i].bytes = answers[i].status == HYBRID_OK ? at : NULL;
        if (answers[i].status == HYBRID_OK) {
            if ((size_t)(end - at) < answers[i].len) {
                return HYBRID_INVALID_ARGUMENT;
            }
            at += answers[i].len;
        }
    }
    return HYBRID_OK;
}

int32_t hybrid_run_entry(const uint8_t *input, uint32_t input_len, uint8_t *output, uint32_t *output_len,
                         hybrid_handler handler) {
    if (!output_len || (!input && input_len)) {
        return HYBRID_INVALID_ARGUMENT;
    }
    hybrid_buf out = {0};
    int32_t status = handler(input, input_len, &out);
    if (status == HYBRID_OK) {
        if (out.len > *output_len) {
            *output_len = out.len;
            status = HYBRID_BUFFER_TOO_SMALL;
        } else {
            if (out.len) {
                memcpy(output, out.data, out.len);
            }
            *output_len = out.len;
        }
    }
    hybrid_buf_free(&out);
    return status;
}
