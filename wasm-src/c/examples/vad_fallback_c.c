/*
 * vad_fallback: the fallback pattern in C. A cheap local verdict on 16 kHz mono f32 PCM;
 * when it is unsure (confidence strictly between 0.3 and 0.7) it asks the remote
 * VoiceActivityDetector, and keeps its own verdict, with the call's status, if that fails.
 *
 *   {"is_speech":true,"confidence":0.881,"source":"local"}
 *   {"is_speech":false,"confidence":0.012,"source":"remote","local_confidence":0.470}
 *   {"is_speech":false,"confidence":0.470,"source":"local","remote_status":-1}
 */
#include "../hybrid.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FRAME 320

/* Mean over 20 ms frames of energy (dB mapped to 0..1) weighted by voicing (low zero crossings). */
static double local_confidence(const float *x, size_t n) {
    double sum = 0;
    size_t frames = 0;
    for (size_t start = 0; start < n; start += FRAME) {
        size_t len = n - start < FRAME ? n - start : FRAME;
        if (len < FRAME / 2 && frames > 0) {
            break;
        }
        double energy = 0;
        size_t crossings = 0;
        for (size_t i = 0; i < len; i++) {
            energy += (double)x[start + i] * x[start + i];
            if (i > 0 && (x[start + i] >= 0) != (x[start + i - 1] >= 0)) {
                crossings++;
            }
        }
        double db = 10 * log10(energy / len + 1e-10);
        double e = fmin(fmax((db + 50) / 30, 0), 1);
        double zcr = len > 1 ? (double)crossings / (len - 1) : 0;
        double z = fmin(fmax((0.5 - zcr) / 0.25, 0), 1);
        sum += e * (0.7 + 0.3 * z);
        frames++;
    }
    return frames ? sum / frames : 0;
}

/* Appends `value` with three decimals (0 <= value <= 1). */
static void append_fixed3(hybrid_buf *out, double value) {
    long thousandths = lround(value * 1000);
    hybrid_buf_append_int(out, thousandths / 1000);
    hybrid_buf_append_str(out, ".");
    char frac[4] = {(char)('0' + thousandths / 100 % 10), (char)('0' + thousandths / 10 % 10),
                    (char)('0' + thousandths % 10), 0};
    hybrid_buf_append_str(out, frac);
}

/* A JSON number (sign, digits, fraction, exponent); strtod would pull stdio into the module. */
static double parse_number(const char *at) {
    double sign = 1, value = 0, scale = 1;
    int exponent = 0, exponent_sign = 1;
    if (*at == '-') {
        sign = -1, at++;
    }
    for (; *at >= '0' && *at <= '9'; at++) {
        value = value * 10 + (*at - '0');
    }
    if (*at == '.') {
        for (at++; *at >= '0' && *at <= '9'; at++) {
            value += (*at - '0') * (scale /= 10);
        }
    }
    if (*at == 'e' || *at == 'E') {
        at++;
        if (*at == '-' || *at == '+') {
            exponent_sign = *at++ == '-' ? -1 : 1;
        }
        for (; *at >= '0' && *at <= '9'; at++) {
            exponent = exponent * 10 + (*at - '0');
        }
    }
    return sign * value * pow(10, exponent_sign * exponent);
}

/* The remote verdict's "is_speech" and "confidence"; 0 when the answer lacks them. */
static int parse_remote(const hybrid_buf *answer, int *is_speech, double *confidence) {
    char *text = malloc(answer->len + 1);
    if (!text) {
        return 0;
    }
    memcpy(text, answer->data, answer->len);
    text[answer->len] = 0;
    char *speech = strstr(text, "\"is_speech\":");
    char *conf = strstr(text, "\"confidence\":");
    int ok = speech && conf;
    if (ok) {
        *is_speech = strncmp(speech + 12, "true", 4) == 0;
        *confidence = parse_number(conf + 13);
    }
    free(text);
    return ok;
}

static void verdict(hybrid_buf *out, int is_speech, double confidence, const char *source) {
    hybrid_buf_append_str(out, is_speech ? "{\"is_speech\":true,\"confidence\":" : "{\"is_speech\":false,\"confidence\":");
    append_fixed3(out, confidence);
    hybrid_buf_append_str(out, ",\"source\":\"");
    hybrid_buf_append_str(out, source);
    hybrid_buf_append_str(out, "\"");
}

static int32_t process(const uint8_t *in, size_t len, hybrid_buf *out) {
    if (len % 4) {
        return HYBRID_INVALID_ARGUMENT;
    }
    float *pcm = malloc(len ? len : 1);
    memcpy(pcm, in, len);
    double confidence = local_confidence(pcm, len / 4);
    free(pcm);
    if (confidence <= 0.3 || confidence >= 0.7) {
        verdict(out, confidence >= 0.5, confidence, "local");
        return hybrid_buf_append_str(out, "}");
    }
    hybrid_buf answer = {0};
    int32_t status = hybrid_call("VoiceActivityDetector", in, len, &answer);
    int remote_speech;
    double remote_confidence;
    if (status == HYBRID_OK && !parse_remote(&answer, &remote_speech, &remote_confidence)) {
        status = HYBRID_REMOTE_ERROR;
    }
    hybrid_buf_free(&answer);
    if (status != HYBRID_OK) {
        verdict(out, confidence >= 0.5, confidence, "local");
        hybrid_buf_append_str(out, ",\"remote_status\":");
        hybrid_buf_append_int(out, status);
        return hybrid_buf_append_str(out, "}");
    }
    verdict(out, remote_speech, remote_confidence, "remote");
    hybrid_buf_append_str(out, ",\"local_confidence\":");
    append_fixed3(out, confidence);
    return hybrid_buf_append_str(out, "}");
}

HYBRID_ENTRY(process, process)
