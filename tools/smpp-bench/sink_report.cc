#include "tools/smpp-bench/sink_report.h"

#include <fmt/format.h>

namespace smppd::tools::bench {

std::string format_sink_line(std::chrono::duration<double> elapsed, const SinkTotals& now, const SinkTotals& before,
                             std::chrono::duration<double> interval) {
  const double rate =
      interval.count() > 0 ? static_cast<double>(now.submits - before.submits) / interval.count() : 0.0;
  return fmt::format(
      "[{:8.1f} s] sessions {} submits {} ({:.0f}/s) ok {} throttled {} failed {} dropped {} receipts {} sent {} "
      "acked\n",
      elapsed.count(), now.sessions_active(), now.submits, rate, now.submit_ok, now.throttled, now.failed,
      now.dropped, now.receipts_sent, now.receipt_resps);
}

std::string format_sink_summary(std::chrono::duration<double> elapsed, const SinkTotals& t) {
  std::string out = fmt::format("smpp-bench sink: stopped after {:.1f} s\n", elapsed.count());
  out += fmt::format("sessions            {} opened, {} still open\n", t.sessions_opened, t.sessions_active());
  out += fmt::format("binds               {}\n", t.binds);
  out += fmt::format("submits             {}\n", t.submits);
  out += fmt::format("  ESME_ROK          {}\n", t.submit_ok);
  out += fmt::format("  ESME_RTHROTTLED   {}\n", t.throttled);
  out += fmt::format("  --fail-status     {}\n", t.failed);
  out += fmt::format("  dropped           {}\n", t.dropped);
  out += fmt::format("  refused           {}\n", t.refused);
  out += fmt::format("receipts sent       {}  ({} deliver_sm_resp, {} errors, {} refused for now and sent again)\n",
                     t.receipts_sent, t.receipt_resps, t.receipt_errors, t.receipts_retried);
  out += fmt::format("receipts not sent   {} unroutable, {} dropped on close\n", t.receipts_unroutable,
                     t.receipts_dropped);
  out += fmt::format("enquire_links       {}\n", t.enquire_links);
  out += fmt::format("unbinds             {}\n", t.unbinds);
  out += fmt::format("malformed PDUs      {}\n", t.malformed);
  return out;
}

}  // namespace smppd::tools::bench
