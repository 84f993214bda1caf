#include "tools/smpp-bench/load_report.h"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <cmath>

#include "tools/smpp/response.h"

namespace smppd::tools::bench {

namespace {

double milliseconds(std::chrono::nanoseconds value) { return static_cast<double>(value.count()) / 1e6; }

double per_second(uint64_t count, std::chrono::duration<double> period) {
  return period.count() > 0 ? static_cast<double>(count) / period.count() : 0.0;
}

struct Quantile {
  const char* name;
  double value;
};

constexpr Quantile kResponseQuantiles[] = {{"p50", 0.50}, {"p90", 0.90}, {"p99", 0.99}, {"p99.9", 0.999}};
constexpr Quantile kReceiptQuantiles[] = {{"p50", 0.50}, {"p99", 0.99}};

template <size_t N>
std::string latency_line(const LatencyHistogram& histogram, const Quantile (&quantiles)[N]) {
  std::string line;
  for (const Quantile& q : quantiles) line += fmt::format("{} {:.3f} ms  ", q.name, milliseconds(histogram.percentile(q.value)));
  line += fmt::format("max {:.3f} ms", milliseconds(histogram.max()));
  return line;
}

int64_t microseconds(std::chrono::nanoseconds value) {
  return std::chrono::duration_cast<std::chrono::microseconds>(value).count();
}

// Whole microseconds: plain integers in the JSON, where fractions of milliseconds would print in
// exponent notation.
template <size_t N>
boost::json::object latency_object(const LatencyHistogram& histogram, const Quantile (&quantiles)[N]) {
  boost::json::object object;
  for (const Quantile& q : quantiles) object[q.name] = microseconds(histogram.percentile(q.value));
  object["max"] = microseconds(histogram.max());
  object["mean"] = microseconds(histogram.mean());
  return object;
}

std::string pacing(const LoadOptions& options) {
  return options.rate ? fmt::format("{:.0f}/s", *options.rate) : std::string("flat out");
}

}  // namespace

std::string format_load_report(const LoadOptions& options, const LoadResult& result) {
  const LoadStats& t = result.totals;
  std::string out = fmt::format(
      "smpp-bench load: {}:{} as {}, {} sessions on {} threads, window {}, {}, {:.1f} s after {:.1f} s warmup, "
      "mix {}\n",
      options.session.host, options.session.port, options.session.system_id, options.connections, options.threads,
      options.session.window, pacing(options), std::chrono::duration<double>(options.duration).count(),
      std::chrono::duration<double>(options.warmup).count(), describe(options.mix));
  out += fmt::format("sessions bound    {} of {}\n", result.sessions_bound, options.connections);
  out += fmt::format("sent              {}\n", t.sent());
  out += fmt::format("acknowledged      {}  ({:.1f}/s)\n", t.acknowledged, per_second(t.acknowledged, result.measured));
  out += fmt::format("  ESME_ROK        {}\n", t.ok);
  for (const auto& [status, count] : t.errors) out += fmt::format("  {:<15} {}\n", status_text(status), count);
  if (t.generic_nacks > 0) out += fmt::format("  generic_nack    {}\n", t.generic_nacks);
  out += fmt::format("unanswered        {}  (timeouts {}, closed {})\n", t.unanswered(), t.timeouts, t.closed);
  if (options.rebind) {
    out += fmt::format("rebinds           {}  (connections refused {}, failed attempts {})\n", t.rebinds,
                       t.connections_refused, t.rebind_failures);
  }
  out += fmt::format("latency           {}\n", latency_line(t.latency, kResponseQuantiles));
  if (options.registered_delivery) {
    out += fmt::format("receipts          {} expected, {} received, {} matched, {} missing, {} unmatched\n",
                       t.receipts_expected, t.receipts_received, t.receipts_matched, result.receipts_missing,
                       result.receipts_unmatched);
    out += fmt::format("receipt latency   {}\n", latency_line(t.receipt_latency, kReceiptQuantiles));
  } else if (t.receipts_received > 0) {
    out += fmt::format("receipts          {} received (none requested)\n", t.receipts_received);
  }
  if (t.mo_received > 0) out += fmt::format("mo messages       {}\n", t.mo_received);
  if (t.unexpected_responses > 0) out += fmt::format("late resps        {}\n", t.unexpected_responses);
  if (!result.error.empty()) out += fmt::format("error             {}\n", result.error);
  out += fmt::format("result            {}\n", result.success(options) ? "OK" : "FAILED");
  return out;
}

std::string format_load_json(const LoadOptions& options, const LoadResult& result) {
  const LoadStats& t = result.totals;
  boost::json::object root;
  root["mode"] = "load";
  root["host"] = options.session.host;
  root["port"] = options.session.port;
  root["connections"] = options.connections;
  root["threads"] = options.threads;
  root["window"] = options.session.window;
  if (options.rate) {
    root["rate_target"] = *options.rate;
  } else {
    root["rate_target"] = nullptr;
  }
  root["duration_ms"] = options.duration.count();
  root["warmup_ms"] = options.warmup.count();
  root["mix"] = describe(options.mix);
  root["sessions_bound"] = result.sessions_bound;
  root["sent"] = t.sent();
  root["acknowledged"] = t.acknowledged;
  root["acknowledged_per_s"] = std::llround(per_second(t.acknowledged, result.measured));
  root["ok"] = t.ok;
  boost::json::object errors;
  for (const auto& [status, count] : t.errors) errors[status_text(status)] = count;
  if (t.generic_nacks > 0) errors["generic_nack"] = t.generic_nacks;
  root["errors"] = std::move(errors);
  root["timeouts"] = t.timeouts;
  root["closed"] = t.closed;
  root["unanswered"] = t.unanswered();
  root["latency_us"] = latency_object(t.latency, kResponseQuantiles);
  boost::json::object receipts;
  receipts["requested"] = options.registered_delivery;
  receipts["expected"] = t.receipts_expected;
  receipts["received"] = t.receipts_received;
  receipts["matched"] = t.receipts_matched;
  receipts["missing"] = result.receipts_missing;
  receipts["unmatched"] = result.receipts_unmatched;
  receipts["duplicate"] = result.receipts_duplicate;
  receipts["latency_us"] = latency_object(t.receipt_latency, kReceiptQuantiles);
  root["receipts"] = std::move(receipts);
  root["mo_received"] = t.mo_received;
  root["late_responses"] = t.unexpected_responses;
  root["sessions_lost"] = t.sessions_lost;
  if (options.rebind) {
    root["rebinds"] = t.rebinds;
    root["connections_refused"] = t.connections_refused;
    root["rebind_failures"] = t.rebind_failures;
  }
  if (!result.error.empty()) root["error"] = result.error;
  root["success"] = result.success(options);
  return boost::json::serialize(root) + "\n";
}

}  // namespace smppd::tools::bench
