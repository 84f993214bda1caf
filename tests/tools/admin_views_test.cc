// smppctl's views of the admin API's JSON (docs/admin-api.md shapes): what each table shows, and
// that an answer of another shape is refused rather than shown empty.
#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

#include "tools/smppctl/admin_views.h"

namespace smppd::tools::ctl {
namespace {

namespace json = boost::json;

TEST(AdminViewsTest, CellTextOfEachJsonKind) {
  const json::value values = json::parse(R"({"s":"x","i":-3,"u":18446744073709551615,"d":2.5,"w":4.0,
      "p":0.12345,"t":true,"f":false,"n":null,"o":{"a":1}})");
  const json::object& object = values.as_object();
  EXPECT_EQ(cell_text(object.if_contains("s")), "x");
  EXPECT_EQ(cell_text(object.if_contains("i")), "-3");
  EXPECT_EQ(cell_text(object.if_contains("u")), "18446744073709551615");
  EXPECT_EQ(cell_text(object.if_contains("d")), "2.5");
  EXPECT_EQ(cell_text(object.if_contains("w")), "4");
  EXPECT_EQ(cell_text(object.if_contains("p")), "0.123");
  EXPECT_EQ(cell_text(object.if_contains("t")), "yes");
  EXPECT_EQ(cell_text(object.if_contains("f")), "no");
  EXPECT_EQ(cell_text(object.if_contains("n")), "-");
  EXPECT_EQ(cell_text(object.if_contains("missing")), "-");
  EXPECT_EQ(cell_text(object.if_contains("o")), R"({"a":1})");
}

TEST(AdminViewsTest, DurationsInDaysHoursMinutesSeconds) {
  const json::value values = json::parse(R"([0, 42, 3600, 93784, 61.9, "soon"])");
  const json::array& list = values.as_array();
  EXPECT_EQ(duration_text(&list[0]), "0s");
  EXPECT_EQ(duration_text(&list[1]), "42s");
  EXPECT_EQ(duration_text(&list[2]), "1h 0m 0s");
  EXPECT_EQ(duration_text(&list[3]), "1d 2h 3m 4s");
  EXPECT_EQ(duration_text(&list[4]), "1m 1s");
  EXPECT_EQ(duration_text(&list[5]), "soon");
}

TEST(AdminViewsTest, StatsShowValuesThenHistograms) {
  const json::value stats = json::parse(R"({"stats":[
      {"name":"smppd.cluster.sms.upstream_rq_total","type":"counter","value":1500},
      {"name":"smppd.listener.main.active","type":"gauge","value":3},
      {"name":"smppd.cluster.sms.upstream_rq_time","type":"histogram","count":10,"sum":52.5,
       "p50":4.2,"p90":9,"p99":12.25,"p999":13}]})");
  EXPECT_EQ(render_stats(stats).value_or("(refused)"),
            "NAME                                 TYPE     VALUE\n"
            "smppd.cluster.sms.upstream_rq_total  counter   1500\n"
            "smppd.listener.main.active           gauge        3\n"
            "\n"
            "HISTOGRAM                           COUNT   SUM  P50  P90    P99  P999\n"
            "smppd.cluster.sms.upstream_rq_time     10  52.5  4.2    9  12.25    13\n");
  EXPECT_EQ(render_stats(json::parse(R"({"stats":[]})")).value_or("(refused)"), "no stats\n");
}

TEST(AdminViewsTest, ClustersShowOneRowPerEndpointThenTheirBinds) {
  const json::value clusters = json::parse(R"({"clusters":[
      {"name":"sms","lb_policy":"round_robin","endpoints":[
        {"name":"smsc-a","address":"127.0.0.1:2775","suspended":false,"ejected":false,
         "rq_success":120,"rq_error":2,"rq_timeout":0,
         "binds":[{"id":"sms/smsc-a/0","bind_type":"trx","state":"bound","in_flight":3,"window":10},
                  {"id":"sms/smsc-a/1","bind_type":"trx","state":"connecting","in_flight":0,"window":10}]},
        {"name":"smsc-b","address":"127.0.0.1:2776","suspended":true,"ejected":false,
         "rq_success":7,"rq_error":0,"rq_timeout":1,"binds":[]}]},
      {"name":"empty","lb_policy":"least_request","endpoints":[]}]})");
  EXPECT_EQ(render_clusters(clusters).value_or("(refused)"),
            "CLUSTER  LB             ENDPOINT  ADDRESS         STATE      BINDS  SUCCESS  ERROR  TIMEOUT\n"
            "sms      round_robin    smsc-a    127.0.0.1:2775  active         2      120      2        0\n"
            "sms      round_robin    smsc-b    127.0.0.1:2776  suspended      0        7      0        1\n"
            "empty    least_request  -         -               -              0        -      -        -\n"
            "\n"
            "CLUSTER  ENDPOINT  BIND          TYPE  STATE       IN FLIGHT  WINDOW\n"
            "sms      smsc-a    sms/smsc-a/0  trx   bound               3      10\n"
            "sms      smsc-a    sms/smsc-a/1  trx   connecting          0      10\n");
}

TEST(AdminViewsTest, SessionsShowOneRowEach) {
  const json::value sessions = json::parse(R"({"sessions":[
      {"id":17,"listener":"main","system_id":"shop","bind_type":"trx","peer":"127.0.0.1:40000","worker":1,
       "connected_s":3725,"window":10,"in_flight":2,"requests":900,"responses":898}]})");
  EXPECT_EQ(render_sessions(sessions).value_or("(refused)"),
            "ID  LISTENER  SYSTEM_ID  BIND  PEER             WORKER  CONNECTED  WINDOW  IN FLIGHT  REQUESTS  "
            "RESPONSES\n"
            "17  main      shop       trx   127.0.0.1:40000       1   1h 2m 5s      10          2       900        "
            "898\n");
  EXPECT_EQ(render_sessions(json::parse(R"({"sessions":[]})")).value_or("(refused)"), "no sessions\n");
}

TEST(AdminViewsTest, StatusShowsStateReadinessAndEveryServerInfoKey) {
  const json::value info = json::parse(R"({"version":"0.4.0","state":"DRAINING","uptime_s":90,"node":"sms-1",
      "workers":2,"config_file":"smppd.toml","base_id":0,"restart_epoch":1,"abi":"1.2","extra":"new"})");
  EXPECT_EQ(render_status(info, 503, "DRAINING\n").value_or("(refused)"),
            "state          DRAINING\n"
            "ready          503 DRAINING\n"
            "version        0.4.0\n"
            "uptime         1m 30s\n"
            "node           sms-1\n"
            "workers        2\n"
            "config_file    smppd.toml\n"
            "base_id        0\n"
            "restart_epoch  1\n"
            "abi            1.2\n"
            "extra          new\n");
}

TEST(AdminViewsTest, AnswersOfAnotherShapeAreRefused) {
  EXPECT_FALSE(render_stats(json::parse(R"({"clusters":[]})")).has_value());
  EXPECT_FALSE(render_clusters(json::parse(R"({"clusters":{}})")).has_value());
  EXPECT_FALSE(render_sessions(json::parse(R"([1,2])")).has_value());
  EXPECT_FALSE(render_status(json::parse(R"("LIVE")"), 200, "LIVE").has_value());
}

}  // namespace
}  // namespace smppd::tools::ctl
