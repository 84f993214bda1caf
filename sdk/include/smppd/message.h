/* smppd plugin ABI: messages (decoded PDUs) as opaque handles, read and written by field id and
 * TLV tag, so the message model grows without changing a struct. A message the host hands to a
 * hook is used on that hook's thread during the hook only; a message the plugin made
 * (upstream message_new) may be used on any thread, by one thread at a time, until it is handed
 * back or freed. */
#ifndef SMPPD_MESSAGE_H
#define SMPPD_MESSAGE_H

#include "smppd/common.h"
#include "smppd/fields.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct smppd_message smppd_message;

/* How the host read the text of a message. */
enum {
  SMPPD_TEXT_GSM7 = 0,
  SMPPD_TEXT_IA5 = 1,
  SMPPD_TEXT_LATIN1 = 2,
  SMPPD_TEXT_UCS2 = 3,
  SMPPD_TEXT_BINARY = 4
};

/* smppd_text.flags */
#define SMPPD_TEXT_LOSSY 0x1u        /* utf8 does not carry the octets exactly (binary, U+FFFD) */
#define SMPPD_TEXT_FROM_PAYLOAD 0x2u /* read from message_payload, not short_message */
#define SMPPD_TEXT_HAS_UDH 0x4u      /* a user data header preceded the text */

/* The text of one PDU decoded to UTF-8, with its concatenation info. The caller sets struct_size;
 * the host fills what fits. utf8 is host-owned (see smppd_host_view). */
typedef struct smppd_text {
  uint32_t struct_size;
  int32_t encoding;      /* SMPPD_TEXT_* */
  smppd_host_view utf8;
  uint32_t flags;        /* SMPPD_TEXT_* flags */
  uint16_t concat_ref;   /* reference number of a concatenated message */
  uint8_t concat_total;  /* number of parts; 0 when the message is not concatenated */
  uint8_t concat_seq;    /* this part's number, from 1 */
  uint8_t data_coding;
  uint8_t reserved0[7];
  /* ABI 1.0, appended. The SMS parts (segments) the PDU costs, counted once by the host for every
   * plugin that limits or bills by parts, by the rule of smppd/cxx/message_parts.hpp: 1 for a part
   * of a concatenated message, else the segments its whole text needs in its alphabet. 0 from a
   * host without this member: count it yourself then. */
  uint32_t parts;
  uint32_t reserved1;
} smppd_text;

typedef struct smppd_message_api {
  uint32_t struct_size;
  uint32_t reserved0;
  uint32_t (*command_id)(const smppd_message* message);
  /* String fields (system_id, destination_addr, short_message, ...). SMPPD_E_NOT_FOUND when this
   * command has no such field, SMPPD_E_INVALID when the field is not a string. */
  int32_t (*get_string)(const smppd_message* message, int32_t field, smppd_host_view* out);
  /* SMPPD_E_RANGE when the value is longer than the field allows. */
  int32_t (*set_string)(smppd_message* message, int32_t field, smppd_plugin_view value);
  /* Octet fields (esm_class, data_coding, ...) and the header's command_status and
   * sequence_number. */
  int32_t (*get_int)(const smppd_message* message, int32_t field, int64_t* out);
  int32_t (*set_int)(smppd_message* message, int32_t field, int64_t value);
  /* TLVs in wire order, unknown and vendor tags included. */
  int32_t (*tlv_count)(const smppd_message* message);
  int32_t (*tlv_at)(const smppd_message* message, uint32_t index, uint16_t* tag, smppd_host_view* value);
  /* The first TLV with this tag. */
  int32_t (*tlv_get)(const smppd_message* message, uint16_t tag, smppd_host_view* value);
  /* Replaces the first TLV with this tag or appends one. */
  int32_t (*tlv_set)(smppd_message* message, uint16_t tag, smppd_plugin_view value);
  /* Removes every TLV with this tag; SMPPD_E_NOT_FOUND when there was none. */
  int32_t (*tlv_remove)(smppd_message* message, uint16_t tag);
  /* The text of short_message (or message_payload) decoded to UTF-8. */
  int32_t (*text)(const smppd_message* message, smppd_text* out);
} smppd_message_api;

#ifdef __cplusplus
}
#endif

#endif /* SMPPD_MESSAGE_H */
