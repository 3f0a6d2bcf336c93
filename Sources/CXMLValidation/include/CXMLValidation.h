#ifndef RUNREPORT_CXMLVALIDATION_H
#define RUNREPORT_CXMLVALIDATION_H

#include <stddef.h>

/// Sets libxml2 up once; call before any concurrent validation (concurrent first use deadlocked).
void rr_xml_init(void);

/// Validates `xml` against the XSD `xsd`, both in memory, streaming (no tree is built); never reads
/// the network or the disk.
/// Returns 0 when valid, 1 when invalid, 2 when `xml` is not well-formed, 3 when the schema itself
/// fails to load. On a non-zero result `message` receives the first errors, one per line
/// (`line N: text`), NUL-terminated and cut to `capacity`.
int rr_xml_validate(const char *xsd, size_t xsd_length, const char *xml, size_t xml_length,
                    char *message, size_t capacity);

#endif
