#ifndef RUNREPORT_CHTTP_H
#define RUNREPORT_CHTTP_H

#include <stddef.h>

/// Receives response bytes (a body chunk, or one header line) as they arrive; returns how many it
/// took. Returning fewer than `length` aborts the transfer at once: that is how a size limit stops
/// a response while it streams.
typedef size_t (*rr_http_sink)(void *context, const char *data, size_t length);

/// One request, as libcurl performs it. libcurl never follows a redirect here, never inflates a
/// body (the caller asks for gzip itself and inflates with its own limit), and speaks only http and
/// https.
typedef struct {
    const char *method;
    const char *url;
    /// `Name: value` lines.
    const char *const *headers;
    size_t header_count;
    /// The whole request, connection to last byte.
    long timeout_ms;
    /// 0: no proxy at all, whatever the environment says. 1: libcurl's rules for `https_proxy`,
    /// `all_proxy` and `no_proxy`.
    int use_proxy;
    /// A response announcing a larger Content-Length is refused before its body is read.
    long long max_body_bytes;
    rr_http_sink on_body;
    rr_http_sink on_header;
    void *context;
} rr_http_request;

enum {
    RR_HTTP_OK = 0,
    RR_HTTP_TIMEOUT = 1,
    RR_HTTP_CONNECT = 2,   // refused, reset, cut short, nothing received: worth a retry
    RR_HTTP_RESOLVE = 3,   // the host name does not resolve
    RR_HTTP_TLS = 4,       // certificate or handshake: final
    RR_HTTP_ABORTED = 5,   // a sink refused the bytes (the caller knows why)
    RR_HTTP_TOO_LARGE = 6, // Content-Length over max_body_bytes
    RR_HTTP_PROXY = 7,     // the proxy could not be used
    RR_HTTP_OTHER = 8,
};

typedef struct {
    int code;
    /// The final response's status (0 when none arrived).
    long status;
    /// libcurl's own words, for the codes it explains.
    char message[256];
} rr_http_result;

/// Sets libcurl up once (thread-safe; every perform calls it too).
void rr_http_init(void);

/// Performs one request on the calling thread, blocking until the response has ended or failed.
/// Handles are pooled, so connections are reused between requests to the same host.
int rr_http_perform(const rr_http_request *request, rr_http_result *result);

#endif
