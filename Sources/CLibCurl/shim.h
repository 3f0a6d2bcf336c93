// Only the C HTTP target includes this: curl_easy_setopt is variadic, which Swift cannot call.
#include <curl/curl.h>
