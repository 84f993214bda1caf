#pragma once

#include <boost/json/value.hpp>

#include <optional>
#include <string>

namespace smppd::tools::ctl {

// Readable text for the admin API's JSON answers (shapes in docs/admin-api.md). A key the server
// leaves out shows as "-"; nothing comes back when the answer lacks the array a view is built
// from, because then we are not talking to the API we know.

// GET /server_info plus the status and body of GET /ready, as "key  value" lines.
std::optional<std::string> render_status(const boost::json::value& server_info, unsigned ready_status,
                                         const std::string& ready_body);
// GET /stats?format=json: counters and gauges, then histograms.
std::optional<std::string> render_stats(const boost::json::value& stats);
// GET /clusters?format=json: one row per endpoint, then one per upstream bind.
std::optional<std::string> render_clusters(const boost::json::value& clusters);
// GET /sessions: one row per client session.
std::optional<std::string> render_sessions(const boost::json::value& sessions);

// How a JSON value reads in a table cell: strings bare, whole numbers without ".0", at most three
// decimals otherwise, booleans yes/no, null or missing "-", objects and arrays as JSON.
std::string cell_text(const boost::json::value* value);
// "3d 4h 5m 6s", "42s".
std::string duration_text(const boost::json::value* seconds);

}  // namespace smppd::tools::ctl
