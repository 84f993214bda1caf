#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "plugins/filter/firewall/time_window.h"

namespace smppd::plugins::firewall {

enum class Action { allow, deny, tag };
enum class UrlMatch { none, any, shortener };

struct EsmClassMatch {
  uint8_t mask = 0;
  uint8_t value = 0;
};

// Bounds on the whole message: characters (code points of the decoded text) and parts.
struct LengthMatch {
  std::optional<uint32_t> min_chars;
  std::optional<uint32_t> max_chars;
  std::optional<uint32_t> min_parts;
  std::optional<uint32_t> max_parts;
};

// The same content (normalized text fingerprint) to more than `destinations` distinct
// destinations within the window.
struct FloodMatch {
  uint32_t destinations = 0;
  int64_t window_ms = 0;
};

// More than `messages` messages to one destination, or to one destination prefix of
// `prefix_length` digits (0: the whole destination), within the window.
struct PumpingMatch {
  uint32_t messages = 0;
  int64_t window_ms = 0;
  uint32_t prefix_length = 0;
};

// One rule as the operator wrote it, checked. Conditions left empty always hold; every condition
// that is set must hold. Lists are referred to by their index in FirewallConfig::lists.
struct RuleSpec {
  std::string name;
  Action action = Action::deny;
  uint32_t status = 0;    // deny: the command_status answered
  std::string tag_key;    // tag: the attribute's whole key, "firewall.<key>"
  std::string tag_value;  // tag: its value
  bool monitor = false;   // only log and count what the rule would do

  // Content: holds when any keyword (inline or from a words list) or any pattern matches.
  std::vector<std::string> keywords;
  std::vector<uint32_t> keyword_lists;
  std::vector<std::string> patterns;
  UrlMatch urls = UrlMatch::none;

  // Sender: holds when source_addr equals one of source_addr, starts with one of source_prefix,
  // or is in one of source_lists.
  std::vector<std::string> source_addr;
  std::vector<std::string> source_prefix;
  std::vector<uint32_t> source_lists;
  // Destination: starts with one of destination_prefix or is in one of destination_lists.
  std::vector<std::string> destination_prefix;
  std::vector<uint32_t> destination_lists;

  std::vector<std::string> system_id;  // the client's bound system_id, one of these
  std::vector<uint8_t> data_coding;    // one of these
  std::optional<EsmClassMatch> esm_class;
  std::optional<LengthMatch> length;
  std::optional<TimeCondition> time;
  std::optional<FloodMatch> flood;
  std::optional<PumpingMatch> pumping;

  bool has_content() const noexcept { return !keywords.empty() || !keyword_lists.empty() || !patterns.empty(); }
  bool has_sender() const noexcept { return !source_addr.empty() || !source_prefix.empty() || !source_lists.empty(); }
  bool has_destination() const noexcept { return !destination_prefix.empty() || !destination_lists.empty(); }
};

const char* action_name(Action action) noexcept;

}  // namespace smppd::plugins::firewall
