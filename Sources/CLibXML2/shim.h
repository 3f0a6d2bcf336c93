// Only the C validation target includes this; Swift never imports libxml2 (see CXMLValidation).
#include <libxml/xmlschemas.h>
