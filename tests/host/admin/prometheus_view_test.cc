#include "host/admin/prometheus_view.h"

#include <gtest/gtest.h>

#include <fstream>

#include "host/stats/stats_scope.h"
#include "tests/support/run_command.h"

namespace smppd::admin {
namespace {

TEST(PrometheusView, ScopedStatsBecomeLabelledFamiliesWithOneHeaderEach) {
  stats::StatsStore store;
  stats::cluster_scope("sms-a", store).counter("upstream_rq_total", "messages sent").add(3);
  stats::cluster_scope("sms.b", store).counter("upstream_rq_total", "messages sent").add(4);
  stats::cluster_scope("sms-a", store).nested("endpoint", "e1").counter("rq_success").add(2);
  stats::listener_scope("smpp", store).gauge("downstream_cx_active").set(5);
  const std::string text = prometheus_text(store.snapshot());
  EXPECT_NE(text.find("# HELP smppd_cluster_upstream_rq_total messages sent\n"
                      "# TYPE smppd_cluster_upstream_rq_total counter\n"
                      "smppd_cluster_upstream_rq_total{cluster=\"sms-a\"} 3\n"
                      "smppd_cluster_upstream_rq_total{cluster=\"sms.b\"} 4\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("smppd_cluster_endpoint_rq_success_total{cluster=\"sms-a\",endpoint=\"e1\"} 2\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("# TYPE smppd_listener_downstream_cx_active gauge\nsmppd_listener_downstream_cx_active{listener=\"smpp\"} 5\n"),
            std::string::npos)
      << text;
}

TEST(PrometheusView, UnscopedNamesAreSanitizedAndLabelValuesEscaped) {
  stats::StatsStore store;
  store.counter("smppd.receipts.matched").add(1);
  store.counter("smppd.x", "", {"smppd_x", {{"route", "a\"b\\c\nd"}}}).add(1);
  const std::string text = prometheus_text(store.snapshot());
  EXPECT_NE(text.find("smppd_receipts_matched_total 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("# HELP smppd_receipts_matched_total smppd stat smppd.receipts.matched\n"), std::string::npos);
  EXPECT_NE(text.find(R"(smppd_x_total{route="a\"b\\c\nd"} 1)"), std::string::npos) << text;
}

TEST(PrometheusView, MicrosecondHistogramsAreExportedInSeconds) {
  stats::StatsStore store;
  stats::Metric& time = stats::cluster_scope("c", store).histogram("upstream_rq_time_us");
  time.record(0);
  time.record(1000);  // 1 ms: bucket below 1024 us
  const std::string text = prometheus_text(store.snapshot());
  EXPECT_NE(text.find("# TYPE smppd_cluster_upstream_rq_time_seconds histogram\n"), std::string::npos) << text;
  EXPECT_NE(text.find("smppd_cluster_upstream_rq_time_seconds_bucket{cluster=\"c\",le=\"1e-06\"} 1\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("smppd_cluster_upstream_rq_time_seconds_bucket{cluster=\"c\",le=\"0.001024\"} 2\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("smppd_cluster_upstream_rq_time_seconds_bucket{cluster=\"c\",le=\"+Inf\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("smppd_cluster_upstream_rq_time_seconds_sum{cluster=\"c\"} 0.001\n"), std::string::npos) << text;
  EXPECT_NE(text.find("smppd_cluster_upstream_rq_time_seconds_count{cluster=\"c\"} 2\n"), std::string::npos);
}

TEST(PrometheusView, PromtoolAcceptsTheExposition) {
  stats::StatsStore store;
  stats::cluster_scope("sms-a", store).counter("upstream_rq_total", "messages sent").add(3);
  stats::cluster_scope("sms-a", store).counter("health_check.failure").add(1);
  stats::cluster_scope("sms-a", store).histogram("upstream_rq_time_us").record(1234);
  stats::listener_scope("smpp", store).gauge("downstream_cx_active").set(5);
  stats::plugin_scope("credit", store).counter("reserved").add(1);
  store.histogram("smppd.state.batch_size", "operations per commit").record(12);
  const std::string file = testing::make_temp_dir("prometheus") + "/metrics.txt";
  std::ofstream(file) << prometheus_text(store.snapshot());
  const testing::CommandResult check = testing::run_command("promtool check metrics < " + file + " 2>&1");
  EXPECT_EQ(check.exit_code, 0) << check.output;
}

}  // namespace
}  // namespace smppd::admin
