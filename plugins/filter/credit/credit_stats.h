#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace smppd::plugins::credit {

// The filter's counters. Operators see them as smppd.plugin.credit.<name>.
enum class Stat : size_t {
  reserved,                       // reservations made (the balance went down by the cost)
  committed,                      // reservations kept: the message was accepted
  refunded,                       // reservations given back: an error resp, no resp, a cancel
  refund_skipped,                 // refunds the store refused: already refunded or committed
  refund_retries,                 // refunds tried again after the store failed them
  refund_failures,                // refunds given up on (the cost stays charged: see the log)
  commit_failures,                // commits the store failed (the reservation expires charged)
  refused_insufficient,           // submits refused: the balance is below the cost
  refused_no_account,             // submits refused: no account (the tenant attribute is missing)
  refused_no_price,               // submits refused: no price for the destination
  refused_bad_price,              // submits refused: the price attribute is not a usable integer
  refused_command,                // submit_multi and broadcast_sm: refused, they cannot be priced
  free_messages,                  // submits that cost 0 (a price of 0)
  store_unavailable_allowed,      // submits let through uncharged: the store could not be reached
  store_unavailable_denied,       // submits refused: the store could not be reached
  cancelled_while_reserving,      // calls that ended while their reservation was in flight
  low_balance_events,             // accounts that went below their low-balance threshold
  admin_changes,                  // top-ups and sets through the admin API
  audit_file_failures,            // audit lines the audit file could not take (the log has them)
  grants_taken,                   // grant mode: blocks of a balance this node took
  grants_refused,                 // grant mode: takes the balance could not give in full
  grant_flushes,                  // grant mode: local spends written to the store
  grant_give_backs,               // grant mode: unused grants given back to their balance
  grants_recovered,               // grant mode: dead nodes' grants given back by this node's janitor
  count_
};

struct StatInfo {
  std::string_view name;
  std::string_view help;
};

inline constexpr std::array<StatInfo, static_cast<size_t>(Stat::count_)> kStats = {{
    {"reserved", "Reservations made: the balance went down by the message's cost"},
    {"committed", "Reservations kept: the message was accepted (ESME_ROK)"},
    {"refunded", "Reservations given back: an error resp, no resp, or the call ended first"},
    {"refund_skipped", "Refunds the store refused because the reservation was refunded or committed already"},
    {"refund_retries", "Refunds tried again after the store failed them"},
    {"refund_failures", "Refunds given up on after retries: the cost stays charged (logged at error)"},
    {"commit_failures", "Commits the store failed: the reservation expires, still charged"},
    {"refused_insufficient", "Submits refused: the balance is below the cost"},
    {"refused_no_account", "Submits refused: no account (the account attribute is missing)"},
    {"refused_no_price", "Submits refused: nothing prices the destination"},
    {"refused_bad_price", "Submits refused: the price attribute is not a usable integer"},
    {"refused_command", "submit_multi and broadcast_sm refused: they cannot be priced"},
    {"free_messages", "Submits that cost 0"},
    {"store_unavailable_allowed", "Submits let through uncharged: the state store could not be reached"},
    {"store_unavailable_denied", "Submits refused: the state store could not be reached"},
    {"cancelled_while_reserving", "Calls that ended while their reservation was in flight"},
    {"low_balance_events", "Accounts that went below their low-balance threshold"},
    {"admin_changes", "Top-ups and sets through the admin API"},
    {"audit_file_failures", "Audit lines the audit file could not take (the audit log has them)"},
    {"grants_taken", "Grant mode: blocks of an account's balance this node took to spend locally"},
    {"grants_refused", "Grant mode: grants the balance could not give in full (WOULD_CROSS)"},
    {"grant_flushes", "Grant mode: batches writing this node's local spends to the store"},
    {"grant_give_backs", "Grant mode: unused grants given back to their balance (idle, or the config going)"},
    {"grants_recovered", "Grant mode: grants of dead nodes (no lease) given back to their balance by this node"},
}};

// The gauge of accounts this node last saw below their low-balance threshold.
inline constexpr StatInfo kAccountsBelowThreshold = {"accounts_below_threshold",
                                                     "Accounts this node last saw below their low-balance threshold"};

}  // namespace smppd::plugins::credit
