/* xsd.h: the one XSD loader. A schema under the data directory is read the safe way
 * (tb_xml_read_file: no DTD, no network), compiled once and kept in the context, and
 * documents are checked against it with each error handed to the caller, who knows what
 * the file is and how to say what is wrong with it. */
#ifndef TB_CORE_XSD_H
#define TB_CORE_XSD_H
#include <libxml/xmlschemas.h>
#include "core/xml.h"

/* Called for each error (warnings are not passed on); `e` is never NULL. */
typedef void (*tb_xsd_error_fn)(void *user, tb_xml_error e);

/* The compiled schema at `rel` under the data directory (e.g. "templates/evidence.xsd"),
 * owned by the context. A schema that cannot be read or compiled is an installation problem:
 * schema.load, naming the file, and TB_EIO. */
TB_NODISCARD tb_status tb_xsd_load(tb_ctx *ctx, const char *rel, xmlSchemaPtr *out);

/* Check `doc`: TB_OK if valid, TB_ERROR if not (each error went to `fn`; libxml2 may also
 * give none, so a caller that counts them says something general when it got none),
 * TB_ENOMEM. */
TB_NODISCARD tb_status tb_xsd_validate(xmlSchemaPtr schema, xmlDocPtr doc, tb_xsd_error_fn fn,
                                       void *user);

#endif
