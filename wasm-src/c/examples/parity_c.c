/* parity_c: the parity scenario (wasm-src/README.md, "Parity guests") in C. */
#include "../hybrid.h"

#include <stdlib.h>
#include <string.h>

/* Splits the next '\n'-terminated header off [*at, end); NULL when there is none. */
static const uint8_t *header(const uint8_t **at, const uint8_t *end, size_t *len) {
    const uint8_t *start = *at;
    const uint8_t *nl = memchr(start, '\n', end - start);
    if (!nl) {
        return NULL;
    }
    *len = nl - start;
    *at = nl + 1;
    return start;
}

static int parse_size(const uint8_t *text, size_t len, size_t *value) {
    *value = 0;
    if (!len) {
        return 0;
    }
    for (size_t i = 0; i < len; i++) {
        if (text[i] < '0' || text[i] > '9') {
            return 0;
        }
        *value = *value * 10 + (text[i] - '0');
    }
    return 1;
}

static void line(hybrid_buf *out, const char *what, int32_t status) {
    hybrid_buf_append_str(out, what);
    hybrid_buf_append_str(out, " ");
    hybrid_buf_append_int(out, status);
}

static void call_into(hybrid_buf *out, const uint8_t *service, size_t service_len, const uint8_t *data,
                      size_t data_len, size_t capacity) {
    uint8_t *buffer = malloc(capacity ? capacity : 1);
    uint32_t len = capacity;
    int32_t status = hybrid_raw_call_remote_service(service, service_len, data, data_len, buffer, &len);
    line(out, "call", status);
    if (status == HYBRID_OK || status == HYBRID_BUFFER_TOO_SMALL) {
        hybrid_buf_append_str(out, " ");
        hybrid_buf_append_int(out, len);
    }
    hybrid_buf_append_str(out, "\n");
    if (status == HYBRID_OK) {
        hybrid_buf_append(out, buffer, len);
    }
    free(buffer);
    if (status == HYBRID_BUFFER_TOO_SMALL) {
        call_into(out, service, service_len, data, data_len, len);
    }
}

static int32_t call(const uint8_t *in, size_t in_len, hybrid_buf *out) {
    const uint8_t *at = in, *end = in + in_len, *service, *cap, *rep;
    size_t service_len, cap_len, capacity, rep_len, repeat;
    if (!(service = header(&at, end, &service_len)) || !(cap = header(&at, end, &cap_len))
        || !parse_size(cap, cap_len, &capacity) || !(rep = header(&at, end, &rep_len))
        || !parse_size(rep, rep_len, &repeat)) {
        return HYBRID_INVALID_ARGUMENT;
    }
    hybrid_buf payload = {0};
    for (size_t i = 0; i < repeat; i++) {
        if (hybrid_buf_append(&payload, at, end - at) != HYBRID_OK) {
            hybrid_buf_free(&payload);
            return HYBRID_TOO_LARGE;
        }
    }
    call_into(out, service, service_len, payload.data ? payload.data : at, payload.len, capacity);
    hybrid_buf_free(&payload);
    return HYBRID_OK;
}

static int32_t stream(const uint8_t *in, size_t in_len, hybrid_buf *out) {
    const uint8_t *at = in, *end = in + in_len, *service, *chunk_text;
    size_t service_len, chunk_len, chunk;
    if (!(service = header(&at, end, &service_len)) || !(chunk_text = header(&at, end, &chunk_len))
        || !parse_size(chunk_text, chunk_len, &chunk)) {
        return HYBRID_INVALID_ARGUMENT;
    }
    if (chunk == 0) {
        chunk = 1;
    }
    int32_t status = HYBRID_OK;
    size_t sent = 0;
    for (; at < end; at += chunk) {
        size_t n = (size_t)(end - at) < chunk ? (size_t)(end - at) : chunk;
        status = hybrid_raw_stream_to_remote(service, service_len, at, n);
        if (status != HYBRID_OK) {
            break;
        }
        sent++;
    }
    line(out, "stream", status);
    hybrid_buf_append_str(out, " ");
    hybrid_buf_append_int(out, sent);
    hybrid_buf_append_str(out, "\n");
    return HYBRID_OK;
}

static char *text_copy(const uint8_t *text, size_t len) {
    char *copy = malloc(len + 1);
    memcpy(copy, text, len);
    copy[len] = 0;
    return copy;
}

/* OPEN\nLOCAL_ID\nSERVICE\nPAYLOAD; OPEN "1" opens (or reuses) the session before the call in it. */
static int32_t session(const uint8_t *in, size_t in_len, hybrid_buf *out) {
    const uint8_t *at = in, *end = in + in_len, *open, *local, *name;
    size_t open_len, local_len, name_len;
    if (!(open = header(&at, end, &open_len)) || !(local = header(&at, end, &local_len))
        || !(name = header(&at, end, &name_len))) {
        return HYBRID_INVALID_ARGUMENT;
    }
    char *local_id = text_copy(local, local_len), *service = text_copy(name, name_len);
    int32_t status = HYBRID_OK;
    if (open_len == 1 && open[0] == '1') {
        hybrid_buf id = {0};
        status = hybrid_session(local_id, &id);
        line(out, "session", status);
        if (status == HYBRID_OK) {
            hybrid_buf_append_str(out, " ");
            hybrid_buf_append_int(out, id.len);
        }
        hybrid_buf_append_str(out, "\n");
        hybrid_buf_free(&id);
    }
    if (status == HYBRID_OK) {
        hybrid_buf result = {0};
        status = hybrid_call_in_session(local_id, service, at, end - at, &result);
        line(out, "in_session", status);
        if (status == HYBRID_OK) {
            hybrid_buf_append_str(out, " ");
            hybrid_buf_append_int(out, result.len);
        }
        hybrid_buf_append_str(out, "\n");
        hybrid_buf_append(out, result.data, result.len);
        hybrid_buf_free(&result);
    }
    free(local_id);
    free(service);
    return HYBRID_OK;
}

static int32_t batch(const uint8_t *in, size_t in_len, hybrid_buf *out) {
    /* Lines SERVICE\tCAPACITY\tPAYLOAD; the text is copied so names can be NUL-terminated. */
    char *text = malloc(in_len + 1);
    memcpy(text, in, in_len);
    text[in_len] = 0;
    size_t count = 0;
    for (size_t i = 0; i < in_len; i++) {
        count += text[i] == '\n';
    }
    count += in_len && text[in_len - 1] != '\n';
    hybrid_batch_call *calls = calloc(count ? count : 1, sizeof *calls);
    hybrid_batch_answer *answers = calloc(count ? count : 1, sizeof *answers);
    int32_t status = HYBRID_OK;
    char *at = text;
    for (size_t i = 0; i < count; i++) {
        char *nl = strchr(at, '\n');
        if (nl) {
            *nl = 0;
        }
        char *tab1 = strchr(at, '\t'), *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
        size_t capacity;
        if (!tab2 || !parse_size((const uint8_t *)tab1 + 1, tab2 - tab1 - 1, &capacity)) {
            status = HYBRID_INVALID_ARGUMENT;
            break;
        }
        *tab1 = 0;
        calls[i] = (hybrid_batch_call){at, (const uint8_t *)tab2 + 1, strlen(tab2 + 1), capacity};
        /* hybrid.h treats capacity 0 as "the default"; the scenario never asks for 0. */
        at = nl ? nl + 1 : at + strlen(at);
    }
    hybrid_buf results = {0};
    if (status == HYBRID_OK) {
        status = hybrid_call_batch(calls, count, answers, &results);
        line(out, "batch", status);
        hybrid_buf_append_str(out, "\n");
        for (size_t i = 0; status == HYBRID_OK && i < count; i++) {
            hybrid_buf_append_int(out, answers[i].status);
            hybrid_buf_append_str(out, " ");
            hybrid_buf_append_int(out, answers[i].len);
            hybrid_buf_append_str(out, " ");
            if (answers[i].bytes) {
                hybrid_buf_append(out, answers[i].bytes, answers[i].len);
            }
            hybrid_buf_append_str(out, "\n");
        }
        status = HYBRID_OK;
    }
    hybrid_buf_free(&results);
    free(calls);
    free(answers);
    free(text);
    return status;
}

static int32_t bad_pointer(const uint8_t *in, size_t in_len, hybrid_buf *out) {
    (void)in, (void)in_len;
    uint8_t result[16];
    uint32_t len = sizeof result;
    line(out, "bad_pointer",
         hybrid_raw_call_remote_service((const uint8_t *)(uintptr_t)0xFFFFFFF0u, 64, result, 0, result, &len));
    hybrid_buf_append_str(out, "\n");
    return HYBRID_OK;
}

static int32_t bad_utf8(const uint8_t *in, size_t in_len, hybrid_buf *out) {
    (void)in, (void)in_len;
    static const uint8_t name[] = {0xff, 0xfe};
    uint8_t result[16];
    uint32_t len = sizeof result;
    line(out, "bad_utf8", hybrid_raw_call_remote_service(name, sizeof name, result, 0, result, &len));
    hybrid_buf_append_str(out, "\n");
    return HYBRID_OK;
}

HYBRID_ENTRY(call, call)
HYBRID_ENTRY(stream, stream)
HYBRID_ENTRY(session, session)
HYBRID_ENTRY(batch, batch)
HYBRID_ENTRY(bad_pointer, bad_pointer)
HYBRID_ENTRY(bad_utf8, bad_utf8)
