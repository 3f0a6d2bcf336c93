// The libcurl calls, in C: curl_easy_setopt is variadic, which Swift cannot call. Swift sees only
// CHTTP.h. Every policy decision (what a redirect means, how large a body may be, where a key may
// go) is the Swift caller's; this file only makes libcurl do exactly what it is told and nothing
// it would do by default on its own (follow redirects, inflate bodies, read a proxy for plain http).

#include "CHTTP.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init_curl(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

void rr_http_init(void) { pthread_once(&init_once, init_curl); }

// A small pool of easy handles: a handle keeps its connections open, so the next request to the
// same host reuses one (a fetch of 1,000 instances would otherwise make 1,000 TLS handshakes).
#define POOL_SIZE 64
static CURL *pool[POOL_SIZE];
static int pool_count = 0;
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;

static CURL *take_handle(void) {
    CURL *handle = NULL;
    pthread_mutex_lock(&pool_lock);
    if (pool_count > 0) handle = pool[--pool_count];
    pthread_mutex_unlock(&pool_lock);
    if (handle) {
        curl_easy_reset(handle);
        return handle;
    }
    return curl_easy_init();
}

static void return_handle(CURL *handle) {
    pthread_mutex_lock(&pool_lock);
    if (pool_count < POOL_SIZE) {
        pool[pool_count++] = handle;
        handle = NULL;
    }
    pthread_mutex_unlock(&pool_lock);
    if (handle) curl_easy_cleanup(handle);
}

static size_t write_body(char *data, size_t size, size_t count, void *user) {
    const rr_http_request *request = user;
    size_t length = size * count;
    if (!request->on_body) return length;
    return request->on_body(request->context, data, length);
}

static size_t write_header(char *data, size_t size, size_t count, void *user) {
    const rr_http_request *request = user;
    size_t length = size * count;
    if (!request->on_header) return length;
    return request->on_header(request->context, data, length);
}

static int classify(CURLcode code) {
    switch (code) {
    case CURLE_OK: return RR_HTTP_OK;
    case CURLE_OPERATION_TIMEDOUT: return RR_HTTP_TIMEOUT;
    case CURLE_COULDNT_RESOLVE_HOST: return RR_HTTP_RESOLVE;
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_PROXY: return RR_HTTP_PROXY;
    case CURLE_WRITE_ERROR: return RR_HTTP_ABORTED;
    case CURLE_FILESIZE_EXCEEDED: return RR_HTTP_TOO_LARGE;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_USE_SSL_FAILED: return RR_HTTP_TLS;
    case CURLE_COULDNT_CONNECT:
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_WEIRD_SERVER_REPLY: return RR_HTTP_CONNECT;
    default: return RR_HTTP_OTHER;
    }
}

int rr_http_perform(const rr_http_request *request, rr_http_result *result) {
    rr_http_init();
    memset(result, 0, sizeof *result);
    CURL *handle = take_handle();
    if (!handle) {
        result->code = RR_HTTP_OTHER;
        snprintf(result->message, sizeof result->message, "libcurl could not start");
        return result->code;
    }
    char error[CURL_ERROR_SIZE];
    error[0] = 0;
    struct curl_slist *headers = NULL;
    for (size_t i = 0; i < request->header_count; i++) headers = curl_slist_append(headers, request->headers[i]);
    // A body-less PUT must not carry the form Content-Type libcurl adds for POSTFIELDS.
    if (strcmp(request->method, "GET") != 0) headers = curl_slist_append(headers, "Content-Type:");

    curl_easy_setopt(handle, CURLOPT_URL, request->url);
    curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
    // The caller encodes every path segment itself (`.` and `..` too): send the path as it is.
    curl_easy_setopt(handle, CURLOPT_PATH_AS_IS, 1L);
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, request->timeout_ms);
    curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, request->timeout_ms);
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, write_body);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, (void *)request);
    curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, write_header);
    curl_easy_setopt(handle, CURLOPT_HEADERDATA, (void *)request);
    // No CURLOPT_ACCEPT_ENCODING: libcurl would inflate the body before the caller's limit sees it.
    curl_easy_setopt(handle, CURLOPT_HTTP_CONTENT_DECODING, 0L);
    if (request->max_body_bytes > 0) curl_easy_setopt(handle, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)request->max_body_bytes);
    // An empty string turns proxies off, the environment's included.
    if (!request->use_proxy) curl_easy_setopt(handle, CURLOPT_PROXY, "");
    if (strcmp(request->method, "GET") != 0) {
        curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request->method);
        // An empty body with its Content-Length: 0, so that no server waits for one.
        curl_easy_setopt(handle, CURLOPT_POSTFIELDS, "");
        curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE, 0L);
    }

    CURLcode code = curl_easy_perform(handle);
    long status = 0;
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
    result->status = status;
    result->code = classify(code);
    if (code != CURLE_OK) {
        const char *text = error[0] ? error : curl_easy_strerror(code);
        snprintf(result->message, sizeof result->message, "%s", text);
    }
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, NULL);
    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, NULL);
    curl_slist_free_all(headers);
    return_handle(handle);
    return result->code;
}
