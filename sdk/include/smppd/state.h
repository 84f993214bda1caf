/* smppd plugin ABI: the state store. What must outlive a connection or a node (message id
 * mappings, the receipt outbox, credits, rate-limit counters, consent lists) lives in one store
 * that every node of a deployment shares. Two sides of one vocabulary of operations:
 *   - filters call host->state->execute() to read and change it (credits, rate limits);
 *   - a state store backend (SMPPD_KIND_STATE_STORE: the embedded store, Redis) implements it.
 * Every call is asynchronous and a batch of operations is atomic. */
#ifndef SMPPD_STATE_H
#define SMPPD_STATE_H

#include "smppd/common.h"

#ifdef __cplusplus
extern "C" {
#endif

struct smppd_host_api;

/* Bytes inside an operation or a result, owned by whoever built it and valid during the call
 * that passes them (copy what you keep). Keys, values, list, set and channel names are bytes. */
typedef struct smppd_state_bytes {
  const char* data;
  uint64_t size;
} smppd_state_bytes;

/* The operations. Values are stable; new ones are appended. */
enum {
  /* The value under `key`, or NOT_FOUND. */
  SMPPD_STATE_GET = 1,
  /* Writes `value` under `key`, replacing any entry and its expiry; `ttl_ms` > 0 expires it. */
  SMPPD_STATE_SET = 2,
  /* As SET, only where no live entry is; EXISTS otherwise. */
  SMPPD_STATE_SET_IF_ABSENT = 3,
  /* Removes the entry: count 1, or NOT_FOUND (which does not stop a batch). */
  SMPPD_STATE_DELETE = 4,
  /* Writes `value` only where the live value equals `expected`; MISMATCH otherwise, with the
   * current value in the result (has_value 0 when absent). */
  SMPPD_STATE_COMPARE_AND_SET = 5,
  /* Adds `amount` to the decimal integer under `key` (absent counts as 0) unless the result would
   * leave [floor, ceiling]: then WOULD_CROSS with the unchanged current value in `number`.
   * `ttl_ms` applies only when this creates the entry. Answers the new value in `number`. */
  SMPPD_STATE_INCREMENT = 6,
  /* Appends `value` to the list `key` and answers its `item_id` (ids grow within a list and are
   * never reused while it exists). `ttl_ms` expires this item alone; `list_ttl_ms` > 0 makes the
   * whole list expire that long after this append. */
  SMPPD_STATE_LIST_APPEND = 7,
  /* Up to `max_items` live items with ids above `after_id`, oldest first. */
  SMPPD_STATE_LIST_RANGE = 8,
  /* Removes and answers up to `max_items` live items from the front. */
  SMPPD_STATE_LIST_POP_FRONT = 9,
  /* Removes the items whose ids are in `ids`; answers how many were there in `count`. */
  SMPPD_STATE_LIST_REMOVE = 10,
  /* GCRA (a token bucket without a refill timer): takes `amount` units from the limit under `key`
   * that allows one unit per `interval_us` and bursts of up to `burst` units. OK when taken, with
   * the units still available now in `number`; WOULD_CROSS when not (nothing taken), with the
   * milliseconds until `amount` units would be in `number` (-1 when `amount` exceeds `burst`:
   * never). An `amount` of 0 only reports what is left. The store's own clock decides, so nodes
   * with skewed clocks share one limit. The entry expires by itself once full again. */
  SMPPD_STATE_GCRA_TAKE = 11,
  /* Adds `value` to the set `key`: count 1 when it was new, 0 when it was there. `ttl_ms` > 0 makes
   * the whole set expire that long after this add. */
  SMPPD_STATE_SET_ADD = 12,
  /* Removes `value` from the set `key`: count 1 when it was there, 0 when not. */
  SMPPD_STATE_SET_REMOVE = 13,
  /* Whether `value` is in the set `key`: count 1 or 0. */
  SMPPD_STATE_SET_CONTAINS = 14,
  /* Up to `max_items` members of the set `key` as items (ids 0), in no particular order. */
  SMPPD_STATE_SET_MEMBERS = 15,
  /* Sends `value` to the subscribers of channel `key` on every node, once the batch has been
   * applied (fire and forget: a node that is not subscribed at that moment never sees it). */
  SMPPD_STATE_PUBLISH = 16
};

/* How an operation or a batch ended. Only OK and NOT_FOUND leave a batch standing. */
enum {
  SMPPD_STATE_OK = 0,
  SMPPD_STATE_NOT_FOUND = 1,
  SMPPD_STATE_EXISTS = 2,
  SMPPD_STATE_MISMATCH = 3,
  SMPPD_STATE_WOULD_CROSS = 4,
  SMPPD_STATE_ABORTED = 5,     /* an earlier operation stopped the batch; this one did not run */
  SMPPD_STATE_BUSY = 6,        /* the store's queue is full; nothing was done */
  SMPPD_STATE_UNAVAILABLE = 7, /* the store is closed or cannot be reached; nothing was done */
  SMPPD_STATE_ERROR = 8        /* the backend failed, or a stored value has the wrong shape */
};

/* One operation. Fields an operation does not name are ignored. */
typedef struct smppd_state_op {
  uint32_t struct_size;
  int32_t type;               /* SMPPD_STATE_* operation */
  smppd_state_bytes key;      /* the key, list, set or channel */
  smppd_state_bytes value;    /* SET, SET_IF_ABSENT, the desired value of COMPARE_AND_SET,
                                 LIST_APPEND, the member of SET_*, PUBLISH's message */
  smppd_state_bytes expected; /* COMPARE_AND_SET */
  int64_t amount;             /* INCREMENT's delta, GCRA_TAKE's units */
  int64_t floor;              /* INCREMENT; INT64_MIN for none */
  int64_t ceiling;            /* INCREMENT; INT64_MAX for none */
  int64_t ttl_ms;             /* 0: never expires */
  int64_t list_ttl_ms;        /* LIST_APPEND */
  int64_t interval_us;        /* GCRA_TAKE: one unit per this many microseconds (> 0) */
  int64_t burst;              /* GCRA_TAKE: units available at once (>= 1) */
  uint64_t after_id;          /* LIST_RANGE */
  uint32_t max_items;         /* LIST_RANGE, LIST_POP_FRONT, SET_MEMBERS */
  uint32_t id_count;          /* LIST_REMOVE */
  const uint64_t* ids;        /* LIST_REMOVE */
} smppd_state_op;

typedef struct smppd_state_item {
  uint64_t id;
  smppd_state_bytes value;
} smppd_state_item;

/* What one operation answered. Which fields carry meaning depends on the operation. */
typedef struct smppd_state_result {
  uint32_t struct_size;
  int32_t status;            /* SMPPD_STATE_OK ... */
  int32_t has_value;         /* GET; COMPARE_AND_SET on MISMATCH (the current value) */
  uint32_t item_count;
  smppd_state_bytes value;
  int64_t number;            /* INCREMENT, GCRA_TAKE */
  uint64_t item_id;          /* LIST_APPEND */
  uint64_t count;            /* DELETE, LIST_REMOVE, SET_ADD, SET_REMOVE, SET_CONTAINS */
  const smppd_state_item* items; /* LIST_RANGE, LIST_POP_FRONT, SET_MEMBERS */
} smppd_state_result;

/* A batch's end: `status` is OK when every operation ran; otherwise the answer that stopped it (or
 * BUSY, UNAVAILABLE, ERROR for the whole call, with `message` saying why), and nothing of the
 * batch was written. `results` has one entry per operation, valid during the callback only. */
typedef struct smppd_state_batch_result {
  uint32_t struct_size;
  int32_t status;
  uint32_t result_count;
  uint32_t reserved0;
  smppd_state_bytes message;
  const smppd_state_result* results;
} smppd_state_batch_result;

/* Called once per batch, on a host thread that is not a worker's hook (never inside execute()):
 * resume the paused call from here. */
typedef void (*smppd_state_done_fn)(void* user_data, const smppd_state_batch_result* result);

/* Called for each message published on a subscribed channel, on one thread at a time. */
typedef void (*smppd_state_message_fn)(void* user_data, smppd_state_bytes channel, smppd_state_bytes message);

/* A batch handed to a backend; ends with host->state->complete(). Opaque. */
typedef struct smppd_state_completion smppd_state_completion;

typedef struct smppd_state_api {
  uint32_t struct_size;
  uint32_t reserved0;
  /* Any thread. Applies `count` (1..256) operations in order as one atomic step: a later one sees
   * the earlier ones' writes, and either every write happens or none. The ops are copied before
   * this returns. SMPPD_OK: `done` will be called exactly once. SMPPD_E_INVALID (a bad op),
   * SMPPD_E_BUSY, SMPPD_E_STATE (stopping): it will not. */
  int32_t (*execute)(const smppd_state_op* ops, uint32_t count, smppd_state_done_fn done, void* user_data);
  /* For backends: ends a batch handed to execute(). Any thread, exactly once per completion, also
   * from inside execute(). `result` is copied before this returns. */
  void (*complete)(smppd_state_completion* completion, const smppd_state_batch_result* result);
  /* 1 while the store answers, 0 while it cannot be reached (calls answer UNAVAILABLE then). */
  int32_t (*available)(void);
  /* ABI 1.0, appended (check struct_size, SMPPD_HAS). Any thread: 1 when other nodes share the
   * store, so a count kept there (a global limit, a balance) is seen by all of them; 0 when it is
   * this node's alone (a backend without subscribe), where a plugin may keep such counts in its
   * own process instead, exactly and without a store round trip per message. 1 while a hot
   * restart waits for the store of the process before. */
  int32_t (*shared)(void);
} smppd_state_api;

/* A backend (SMPPD_KIND_STATE_STORE). `[state] backend = "<factory name>"` picks it, and the
 * table `[state.<factory name>]` is its config. The host opens one store per process. */
typedef struct smppd_state_store_vtable {
  uint32_t struct_size;
  uint32_t reserved0;
  /* Control thread. Opens the store (connects, replays its log, ...): it may block. `node_dir` is
   * a folder of this node's own (a local store's files). Non-zero refuses it with a reason. */
  int32_t (*open)(const struct smppd_host_api* host, const smppd_plugin_ref* plugin,
                  smppd_host_view config_json, smppd_host_view node_dir, void** store_out,
                  smppd_error_buffer* error);
  /* Any thread, never blocking: starts a batch (as smppd_state_api.execute; the host checked the
   * ops). The ops are valid during this call only. Batches from one thread are applied in the
   * order made. A store that cannot take it completes it at once with BUSY or UNAVAILABLE. */
  void (*execute)(void* store, const smppd_state_op* ops, uint32_t count, smppd_state_completion* completion);
  /* Optional (NULL: one node only, PUBLISH reaches this process's own subscribers). Control
   * thread: delivers every message later published on `channel`, from any node, to fn, until
   * close. A subscription survives reconnects; messages published while disconnected are lost. */
  int32_t (*subscribe)(void* store, smppd_state_bytes channel, smppd_state_message_fn fn, void* user_data);
  /* Optional (NULL: always 1). Any thread: 1 while the store answers, 0 while it is unreachable. */
  int32_t (*available)(void* store);
  /* Control thread: finishes the batches already started, completes later ones UNAVAILABLE, and
   * releases files and connections. Then frees the store; it is not used again. */
  void (*close)(void* store);
  /* ABI 1.0, appended. Optional (NULL: 1 with subscribe, 0 without). Control thread, once after
   * open (a property of the store, not of the moment): 1 when other nodes use this store too, 0
   * when it is this node's alone (smppd_state_api.shared answers it). */
  int32_t (*shared)(void* store);
} smppd_state_store_vtable;

#ifdef __cplusplus
}
#endif

#endif /* SMPPD_STATE_H */
