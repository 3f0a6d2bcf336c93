// The libxml2 calls live in C on purpose: a Swift file importing both Foundation and libxml2 fails
// to build in debug (`UErrorCode` is defined by both Foundation's ICU and the system's), so Swift
// sees only the small interface in CXMLValidation.h.
#include "CXMLValidation.h"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

void rr_xml_init(void) { xmlInitParser(); }

typedef struct {
    char *buffer;
    size_t capacity;
    size_t used;
    int count;
    /// Errors of the XML parser itself (the document is not well-formed), as opposed to the schema's.
    int parse_errors;
} Collector;

enum { MAX_ERRORS = 5 };

static void collect(void *context, xmlErrorPtr error) {
    Collector *c = context;
    if (c == NULL || error == NULL || c->capacity == 0) return;
    if (error->domain == XML_FROM_PARSER || error->domain == XML_FROM_IO || error->domain == XML_FROM_MEMORY) c->parse_errors++;
    c->count++;
    if (c->count > MAX_ERRORS) return;
    char line[600];
    const char *text = error->message ? error->message : "unknown error";
    int n = snprintf(line, sizeof line, "%sline %d: %s", c->used > 0 ? "\n" : "", error->line, text);
    if (n < 0) return;
    size_t len = (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
    // libxml2 messages end in a newline; the caller wants one error per line.
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) len--;
    if (c->used + len + 1 > c->capacity) len = c->capacity - c->used - 1;
    memcpy(c->buffer + c->used, line, len);
    c->used += len;
    c->buffer[c->used] = '\0';
}

// The document is validated while it streams through libxml2's reader (the same XSD validator as
// xmlSchemaValidateDoc, fed by the parser's events), not after building its tree: on the 64 MB
// benchmark document inside the report process, tree building and freeing took 1.3 s against
// 0.4 s streamed, most of it in malloc on a heap already full of the analysed run.
int rr_xml_validate(const char *xsd, size_t xsd_length, const char *xml, size_t xml_length,
                    char *message, size_t capacity) {
    Collector collector = {message, capacity, 0, 0, 0};
    if (capacity > 0) message[0] = '\0';
    // Errors go to the collector, never to stderr. The handler is per thread in libxml2.
    xmlSetStructuredErrorFunc(&collector, collect);

    if (xml_length > INT_MAX || xsd_length > INT_MAX) {
        if (capacity > 0) snprintf(message, capacity, "the document is larger than libxml2 can read (2 GiB)");
        xmlSetStructuredErrorFunc(NULL, NULL);
        return 2;
    }
    int result = 3;
    xmlSchemaValidCtxtPtr valid = NULL;
    xmlTextReaderPtr reader = NULL;
    xmlSchemaParserCtxtPtr parser = xmlSchemaNewMemParserCtxt(xsd, (int)xsd_length);
    xmlSchemaPtr schema = parser ? xmlSchemaParse(parser) : NULL;
    if (schema == NULL) goto done;

    collector.used = 0;
    collector.count = 0;
    collector.parse_errors = 0;
    if (capacity > 0) message[0] = '\0';
    valid = xmlSchemaNewValidCtxt(schema);
    if (valid == NULL) goto done;
    xmlSchemaSetValidStructuredErrors(valid, collect, &collector);
    reader = xmlReaderForMemory(xml, (int)xml_length, "junit.xml", NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
    if (reader == NULL) {
        result = 2;
        goto done;
    }
    xmlTextReaderSetStructuredErrorHandler(reader, collect, &collector);
    if (xmlTextReaderSchemaValidateCtxt(reader, valid, 0) != 0) goto done;
    int status;
    while ((status = xmlTextReaderRead(reader)) == 1) {
    }
    if (status < 0 || collector.parse_errors > 0) {
        result = 2;
    } else {
        result = (xmlTextReaderIsValid(reader) == 1 && collector.count == 0) ? 0 : 1;
    }

done:
    if (reader) xmlFreeTextReader(reader);
    if (valid) xmlSchemaFreeValidCtxt(valid);
    if (schema) xmlSchemaFree(schema);
    if (parser) xmlSchemaFreeParserCtxt(parser);
    xmlSetStructuredErrorFunc(NULL, NULL);
    if (collector.count > MAX_ERRORS && capacity > collector.used + 40) {
        collector.used += (size_t)snprintf(message + collector.used, capacity - collector.used, "\n… and %d more",
                                           collector.count - MAX_ERRORS);
    }
    return result;
}
