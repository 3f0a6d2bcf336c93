// The libxml2 calls live in C on purpose: a Swift file importing both Foundation and libxml2 fails
// to build in debug (`UErrorCode` is defined by both Foundation's ICU and the system's), so Swift
// sees only the small interface in CXMLValidation.h.
#include "CXMLValidation.h"

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlschemastypes.h>
#include <limits.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

// xmlInitParser does not set up the schema's built-in types in libxml2 2.9 (2.12 does):
// xmlSchemaParse does it on first use, unguarded, so the first chunks validated in parallel raced
// on it — a segfault, or "'{http://www.w3.org/2001/XMLSchema}string' does not resolve to a(n)
// simple type definition", in about 1 of 300 fresh processes (seen in CI on a small fixture).
void rr_xml_init(void) {
    xmlInitParser();
    xmlSchemaInitTypes();
}

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

// The document is validated while it is parsed (the same XSD validator as xmlSchemaValidateDoc,
// plugged into the parser's SAX events, as xmlSchemaValidateStream does, but with this parser's
// options), not after building its tree: on the 64 MB benchmark document inside the report process,
// tree building and freeing took 1.3 s against 0.4 s through libxml2's reader and about 0.3 s so.
/// Tells the validator where the parser is, so that schema errors carry their line.
static int locate(void *context, const char **file, unsigned long *line) {
    xmlParserCtxtPtr parser = context;
    if (file != NULL) *file = NULL;
    if (line != NULL) *line = (unsigned long)xmlSAX2GetLineNumber(parser);
    return 0;
}

// Character data is gathered between markup events and handed to the validator in one piece.
// libxml2 delivers a text in chunks split at every entity reference (`&lt;`), and its schema
// validator appends each chunk to what came before with xmlStrncat — a strlen of the whole text so
// far — so validating a text full of `<` was quadratic: a 400 KB stack trace of `<` took 0.8 s, a
// 5 MB one minutes (found by the hostile-input corpus). The coalescer is per thread (chunks are
// validated in parallel) and sits between the parser and the plugged-in validator.
typedef struct {
    xmlSAXHandler inner;  // the validator's handler, as plugged in
    xmlChar *text;
    size_t used, capacity;
} Coalescer;

static _Thread_local Coalescer *coalescer;

static void flush_text(void *ctx) {
    Coalescer *c = coalescer;
    if (c == NULL || c->used == 0) return;
    size_t offset = 0;
    while (offset < c->used) {  // libxml2 takes an int length
        size_t rest = c->used - offset;
        int n = rest > INT_MAX ? INT_MAX : (int)rest;
        if (c->inner.characters) c->inner.characters(ctx, c->text + offset, n);
        offset += (size_t)n;
    }
    c->used = 0;
}

static void gather_characters(void *ctx, const xmlChar *ch, int len) {
    Coalescer *c = coalescer;
    if (len <= 0) return;
    if (c->used + (size_t)len > c->capacity) {
        size_t capacity = c->capacity ? c->capacity : 4096;
        while (capacity < c->used + (size_t)len) capacity *= 2;
        xmlChar *grown = realloc(c->text, capacity);
        if (grown == NULL) {  // out of memory: hand over what there is, unbuffered
            flush_text(ctx);
            if (c->inner.characters) c->inner.characters(ctx, ch, len);
            return;
        }
        c->text = grown;
        c->capacity = capacity;
    }
    memcpy(c->text + c->used, ch, (size_t)len);
    c->used += (size_t)len;
}

static void flushing_start_element(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                                   int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
                                   const xmlChar **attributes) {
    flush_text(ctx);
    if (coalescer->inner.startElementNs)
        coalescer->inner.startElementNs(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes,
                                        nb_defaulted, attributes);
}

static void flushing_end_element(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri) {
    flush_text(ctx);
    if (coalescer->inner.endElementNs) coalescer->inner.endElementNs(ctx, localname, prefix, uri);
}

static void flushing_cdata(void *ctx, const xmlChar *value, int len) {
    flush_text(ctx);
    if (coalescer->inner.cdataBlock) coalescer->inner.cdataBlock(ctx, value, len);
}

static void flushing_whitespace(void *ctx, const xmlChar *ch, int len) {
    flush_text(ctx);
    if (coalescer->inner.ignorableWhitespace) coalescer->inner.ignorableWhitespace(ctx, ch, len);
}

static void flushing_comment(void *ctx, const xmlChar *value) {
    flush_text(ctx);
    if (coalescer->inner.comment) coalescer->inner.comment(ctx, value);
}

static void flushing_pi(void *ctx, const xmlChar *target, const xmlChar *data) {
    flush_text(ctx);
    if (coalescer->inner.processingInstruction) coalescer->inner.processingInstruction(ctx, target, data);
}

static void flushing_reference(void *ctx, const xmlChar *name) {
    flush_text(ctx);
    if (coalescer->inner.reference) coalescer->inner.reference(ctx, name);
}

static void flushing_end_document(void *ctx) {
    flush_text(ctx);
    if (coalescer->inner.endDocument) coalescer->inner.endDocument(ctx);
}

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
    xmlSchemaSAXPlugPtr plug = NULL;
    xmlParserCtxtPtr document = NULL;
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
    // The validator is plugged into a parser whose own SAX handler does nothing: no tree is built.
    document = xmlCreateMemoryParserCtxt(xml, (int)xml_length);
    if (document == NULL || document->sax == NULL) {
        result = 2;
        goto done;
    }
    memset(document->sax, 0, sizeof(xmlSAXHandler));
    document->sax->initialized = XML_SAX2_MAGIC;
    document->sax->serror = collect;
    document->userData = NULL;
    xmlCtxtUseOptions(document, XML_PARSE_NONET | XML_PARSE_HUGE);
    xmlSAXHandlerPtr sax = document->sax;
    void *user = document->userData;
    plug = xmlSchemaSAXPlug(valid, &sax, &user);
    if (plug == NULL) goto done;
    // The parser talks to the coalescer's handler, which forwards to the validator's.
    Coalescer gathered = {*sax, NULL, 0, 0};
    xmlSAXHandler outer = *sax;
    if (outer.characters) outer.characters = gather_characters;
    outer.startElementNs = flushing_start_element;
    outer.endElementNs = flushing_end_element;
    if (outer.cdataBlock) outer.cdataBlock = flushing_cdata;
    if (outer.ignorableWhitespace) outer.ignorableWhitespace = flushing_whitespace;
    if (outer.comment) outer.comment = flushing_comment;
    if (outer.processingInstruction) outer.processingInstruction = flushing_pi;
    if (outer.reference) outer.reference = flushing_reference;
    outer.endDocument = flushing_end_document;
    coalescer = &gathered;
    document->sax = &outer;
    document->userData = user;
    xmlSchemaValidateSetLocator(valid, locate, document);
    xmlParseDocument(document);
    int well_formed = document->wellFormed;
    coalescer = NULL;
    free(gathered.text);
    // Unplugging puts the parser's own handler and user data back into `sax` and `user`.
    xmlSchemaSAXUnplug(plug);
    plug = NULL;
    document->sax = sax;
    document->userData = user;
    if (!well_formed || collector.parse_errors > 0) {
        result = 2;
    } else {
        result = (xmlSchemaIsValid(valid) == 1 && collector.count == 0) ? 0 : 1;
    }

done:
    if (plug) xmlSchemaSAXUnplug(plug);
    if (document) xmlFreeParserCtxt(document);
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
