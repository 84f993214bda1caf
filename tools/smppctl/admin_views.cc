#include "tools/smppctl/admin_views.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <string_view>
#include <utility>
#include <vector>

#include "tools/smppctl/text_table.h"

namespace smppd::tools::ctl {

namespace json = boost::json;

namespace {

using Align = TextTable::Align;

const json::value* field(const json::object& object, std::string_view key) { return object.if_contains(key); }

// The array under `key` of a JSON object, or nothing.
const json::array* array_field(const json::value& root, std::string_view key) {
  const json::object* object = root.if_object();
  if (object == nullptr) return nullptr;
  const json::value* value = object->if_contains(key);
  return value != nullptr ? value->if_array() : nullptr;
}

std::string number_text(double value) {
  if (std::isfinite(value) && value == std::trunc(value) && std::fabs(value) < 1e15) {
    return std::to_string(static_cast<int64_t>(value));
  }
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.3f", value);
  std::string text = buffer;
  if (text.find('.') != std::string::npos) {
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.') text.pop_back();
  }
  return text;
}

bool truthy(const json::value* value) { return value != nullptr && value->is_bool() && value->get_bool(); }

// A row's cells for `keys` of `object`.
std::vector<std::string> cells(const json::object& object, std::initializer_list<std::string_view> keys) {
  std::vector<std::string> out;
  out.reserve(keys.size());
  for (const std::string_view key : keys) out.push_back(cell_text(field(object, key)));
  return out;
}

std::string endpoint_state(const json::object& endpoint) {
  const bool suspended = truthy(field(endpoint, "suspended"));
  const bool ejected = truthy(field(endpoint, "ejected"));
  if (suspended && ejected) return "suspended,ejected";
  if (suspended) return "suspended";
  if (ejected) return "ejected";
  return "active";
}

}  // namespace

std::string cell_text(const json::value* value) {
  if (value == nullptr || value->is_null()) return "-";
  switch (value->kind()) {
    case json::kind::string:
      return std::string(value->get_string());
    case json::kind::int64:
      return std::to_string(value->get_int64());
    case json::kind::uint64:
      return std::to_string(value->get_uint64());
    case json::kind::double_:
      return number_text(value->get_double());
    case json::kind::bool_:
      return value->get_bool() ? "yes" : "no";
    default:
      return json::serialize(*value);
  }
}

std::string duration_text(const json::value* seconds) {
  if (seconds == nullptr || !seconds->is_number()) return cell_text(seconds);
  boost::system::error_code error;
  const double value = seconds->to_number<double>(error);
  if (error || !std::isfinite(value) || value < 0) return cell_text(seconds);
  auto rest = static_cast<uint64_t>(value);
  constexpr std::array<std::pair<uint64_t, const char*>, 4> kUnits = {
      {{86400, "d"}, {3600, "h"}, {60, "m"}, {1, "s"}}};
  std::string text;
  for (const auto& [unit_seconds, unit] : kUnits) {
    const uint64_t count = rest / unit_seconds;
    rest %= unit_seconds;
    // Leading zero units say nothing; the seconds always show.
    if (count == 0 && text.empty() && unit_seconds != 1) continue;
    if (!text.empty()) text += ' ';
    text += std::to_string(count) + unit;
  }
  return text;
}

std::optional<std::string> render_status(const json::value& server_info, unsigned ready_status,
                                         const std::string& ready_body) {
  const json::object* info = server_info.if_object();
  if (info == nullptr) return std::nullopt;
  TextTable table({{"", Align::left}, {"", Align::left}});
  std::string ready = ready_body;
  ready.erase(ready.find_last_not_of(" \r\n") + 1);
  table.add_row({"state", cell_text(field(*info, "state"))});
  table.add_row({"ready", std::to_string(ready_status) + " " + ready});
  table.add_row({"version", cell_text(field(*info, "version"))});
  table.add_row({"uptime", duration_text(field(*info, "uptime_s"))});
  // The rest in the contract's order, then whatever a newer server adds.
  constexpr std::array<std::string_view, 6> kKnown = {"node", "workers", "config_file", "base_id", "restart_epoch",
                                                      "abi"};
  for (const std::string_view key : kKnown) table.add_row({std::string(key), cell_text(field(*info, key))});
  for (const auto& [key, value] : *info) {
    const bool shown = key == "state" || key == "version" || key == "uptime_s" ||
                       std::find(kKnown.begin(), kKnown.end(), std::string_view(key)) != kKnown.end();
    if (!shown) table.add_row({std::string(key), cell_text(&value)});
  }
  return table.render_rows();
}

std::optional<std::string> render_stats(const json::value& stats) {
  const json::array* entries = array_field(stats, "stats");
  if (entries == nullptr) return std::nullopt;
  TextTable values({{"NAME", Align::left}, {"TYPE", Align::left}, {"VALUE", Align::right}});
  TextTable histograms({{"HISTOGRAM", Align::left},
                        {"COUNT", Align::right},
                        {"SUM", Align::right},
                        {"P50", Align::right},
                        {"P90", Align::right},
                        {"P99", Align::right},
                        {"P999", Align::right}});
  for (const json::value& entry : *entries) {
    const json::object* stat = entry.if_object();
    if (stat == nullptr) continue;
    const json::value* type = field(*stat, "type");
    if (type != nullptr && type->is_string() && type->get_string() == "histogram") {
      histograms.add_row(cells(*stat, {"name", "count", "sum", "p50", "p90", "p99", "p999"}));
    } else {
      values.add_row(cells(*stat, {"name", "type", "value"}));
    }
  }
  if (values.row_count() == 0 && histograms.row_count() == 0) return std::string("no stats\n");
  std::string out;
  if (values.row_count() > 0) out += values.render();
  if (histograms.row_count() > 0) {
    if (!out.empty()) out += '\n';
    out += histograms.render();
  }
  return out;
}

std::optional<std::string> render_clusters(const json::value& clusters) {
  const json::array* entries = array_field(clusters, "clusters");
  if (entries == nullptr) return std::nullopt;
  TextTable endpoints({{"CLUSTER", Align::left},
                       {"LB", Align::left},
                       {"ENDPOINT", Align::left},
                       {"ADDRESS", Align::left},
                       {"STATE", Align::left},
                       {"BINDS", Align::right},
                       {"SUCCESS", Align::right},
                       {"ERROR", Align::right},
                       {"TIMEOUT", Align::right}});
  TextTable binds({{"CLUSTER", Align::left},
                   {"ENDPOINT", Align::left},
                   {"BIND", Align::left},
                   {"TYPE", Align::left},
                   {"STATE", Align::left},
                   {"IN FLIGHT", Align::right},
                   {"WINDOW", Align::right}});
  for (const json::value& entry : *entries) {
    const json::object* cluster = entry.if_object();
    if (cluster == nullptr) continue;
    const std::string name = cell_text(field(*cluster, "name"));
    const std::string lb_policy = cell_text(field(*cluster, "lb_policy"));
    const json::value* endpoint_list = field(*cluster, "endpoints");
    const bool has_endpoints = endpoint_list != nullptr && endpoint_list->is_array() &&
                               !endpoint_list->get_array().empty();
    if (!has_endpoints) {
      endpoints.add_row({name, lb_policy, "-", "-", "-", "0", "-", "-", "-"});
      continue;
    }
    for (const json::value& endpoint_value : endpoint_list->get_array()) {
      const json::object* endpoint = endpoint_value.if_object();
      if (endpoint == nullptr) continue;
      const std::string endpoint_name = cell_text(field(*endpoint, "name"));
      const json::value* bind_list = field(*endpoint, "binds");
      const json::array* bind_array = bind_list != nullptr ? bind_list->if_array() : nullptr;
      endpoints.add_row({name, lb_policy, endpoint_name, cell_text(field(*endpoint, "address")),
                         endpoint_state(*endpoint), std::to_string(bind_array != nullptr ? bind_array->size() : 0),
                         cell_text(field(*endpoint, "rq_success")), cell_text(field(*endpoint, "rq_error")),
                         cell_text(field(*endpoint, "rq_timeout"))});
      if (bind_array == nullptr) continue;
      for (const json::value& bind_value : *bind_array) {
        const json::object* bind = bind_value.if_object();
        if (bind == nullptr) continue;
        std::vector<std::string> row = {name, endpoint_name};
        for (std::string& cell : cells(*bind, {"id", "bind_type", "state", "in_flight", "window"})) {
          row.push_back(std::move(cell));
        }
        binds.add_row(std::move(row));
      }
    }
  }
  if (endpoints.row_count() == 0) return std::string("no clusters\n");
  std::string out = endpoints.render();
  if (binds.row_count() > 0) out += '\n' + binds.render();
  return out;
}

std::optional<std::string> render_sessions(const json::value& sessions) {
  const json::array* entries = array_field(sessions, "sessions");
  if (entries == nullptr) return std::nullopt;
  TextTable table({{"ID", Align::left},
                   {"LISTENER", Align::left},
                   {"SYSTEM_ID", Align::left},
                   {"BIND", Align::left},
                   {"PEER", Align::left},
                   {"WORKER", Align::right},
                   {"CONNECTED", Align::right},
                   {"WINDOW", Align::right},
                   {"IN FLIGHT", Align::right},
                   {"REQUESTS", Align::right},
                   {"RESPONSES", Align::right}});
  for (const json::value& entry : *entries) {
    const json::object* session = entry.if_object();
    if (session == nullptr) continue;
    std::vector<std::string> row = cells(*session, {"id", "listener", "system_id", "bind_type", "peer", "worker"});
    row.push_back(duration_text(field(*session, "connected_s")));
    for (std::string& cell : cells(*session, {"window", "in_flight", "requests", "responses"})) {
      row.push_back(std::move(cell));
    }
    table.add_row(std::move(row));
  }
  if (table.row_count() == 0) return std::string("no sessions\n");
  return table.render();
}

}  // namespace smppd::tools::ctl
