// Live reload against the real binary: SIGHUP, a change of the file and POST /reload swap routes,
// clusters and listeners of a valid config; a broken one is refused and the running one serves on.
// Also SIGUSR1 (log file reopened).
#include <boost/json.hpp>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>

#include "host/codec/command_status.h"
#include "tests/integration/admin_proxy_test.h"
#include "tests/support/run_command.h"

namespace smppd::integration {
namespace {

namespace json = boost::json;
namespace status = codec::status;

std::string route_to(const std::string& cluster) { return "[[routes]]\nname = \"all\"\ncluster = \"" + cluster + "\"\n"; }

class ReloadTest : public AdminProxyTest {
 protected:
  // Two sinks: cluster "a" and cluster "b"; the first config routes everything to "a".
  void start_two_clusters(const std::string& admin_extra = "", const std::string& top_extra = "") {
    sink_a_ = &start_sink();
    sink_b_ = &start_sink();
    ASSERT_TRUE(sink_a_->listening() && sink_b_->listening());
    top_extra_ = top_extra;
    ASSERT_NO_FATAL_FAILURE(start_with_admin(clusters_and(route_to("a")), admin_extra));
    admin_extra_ = admin_extra;
  }

  std::string clusters_and(const std::string& rest) const {
    return top_extra_ + cluster_toml("a", {{"a1", sink_a_->port()}}) + cluster_toml("b", {{"b1", sink_b_->port()}}) + rest;
  }

  // Replaces the config file with these listeners (one without a port keeps the running one's),
  // the same admin server and `top`.
  void rewrite_config(const std::string& top, std::vector<ListenerSpec> listeners = {client_listener()}) {
    for (ListenerSpec& listener : listeners) {
      if (listener.port == 0) listener.port = port();
    }
    const std::string admin = "[admin]\naddress = \"127.0.0.1\"\nport = 0\n" + admin_extra_ + "\n";
    // Written beside, then renamed over: the watcher never reads half a file.
    const std::string temporary = smppd().config_path() + ".new";
    std::ofstream(temporary) << config_toml(listeners, admin + top);
    std::filesystem::rename(temporary, smppd().config_path());
  }

  // Waits for /config_dump's last_reload to name a reload newer than `before` reloads; its object.
  json::object wait_reload(int64_t reloads_before, Millis timeout = 15s) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
      if (stat("smppd.server.reload_success") + stat("smppd.server.reload_failure") > reloads_before) {
        return get_json("/config_dump").at("last_reload").as_object();
      }
      std::this_thread::sleep_for(20ms);
    }
    ADD_FAILURE() << "no reload happened";
    return {};
  }

  int64_t reloads() { return std::max<int64_t>(0, stat("smppd.server.reload_success")) + std::max<int64_t>(0, stat("smppd.server.reload_failure")); }

  int64_t successes(const std::string& cluster) {
    return cluster_json(cluster).at("endpoints").as_array()[0].at("rq_success").to_number<int64_t>();
  }

  // The ids of the cluster's binds in /clusters, once every one of them is bound.
  std::vector<uint64_t> bound_bind_ids(const std::string& cluster, Millis timeout = 10s) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      std::vector<uint64_t> ids;
      bool all_bound = true;
      const json::object listed = cluster_json(cluster);
      for (const json::value& endpoint : listed.at("endpoints").as_array()) {
        for (const json::value& bind : endpoint.at("binds").as_array()) {
          ids.push_back(bind.at("id").to_number<uint64_t>());
          all_bound = all_bound && bind.at("state").as_string() == "bound";
        }
      }
      if ((all_bound && !ids.empty()) || std::chrono::steady_clock::now() >= until) {
        EXPECT_TRUE(all_bound && !ids.empty()) << "cluster " << cluster << " is not bound";
        return ids;
      }
      std::this_thread::sleep_for(20ms);
    }
  }

  // Waits until `count` replaced generations of clusters have been freed (the log says so).
  bool wait_generations_freed(size_t count, Millis timeout = 10s) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
      if (occurrences(smppd().log(), "the clusters a reload replaced are freed") >= count) return true;
      std::this_thread::sleep_for(50ms);
    }
    return false;
  }

  static size_t occurrences(const std::string& text, const std::string& what) {
    size_t count = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++count;
    return count;
  }

  SinkProcess* sink_a_ = nullptr;
  SinkProcess* sink_b_ = nullptr;
  std::string admin_extra_;
  std::string top_extra_;
};

TEST_F(ReloadTest, SighupSwapsTheRoutesWhileTheClientStaysBound) {
  ASSERT_NO_FATAL_FAILURE(start_two_clusters());
  auto client = bound_as("acme");
  ASSERT_TRUE(client);
  ASSERT_EQ(client->submit()->command_status, status::kOk);
  EXPECT_EQ(successes("a"), 1);

  const int64_t before = reloads();
  rewrite_config(clusters_and(route_to("b")));
  ASSERT_TRUE(smppd().send_signal(SIGHUP));
  const json::object last = wait_reload(before);
  ASSERT_TRUE(last.at("ok").as_bool()) << json::serialize(last);
  EXPECT_EQ(last.at("trigger").as_string(), "SIGHUP");
  EXPECT_EQ(stat("smppd.server.reload_success"), 1);

  // The same session: its listener did not change, so it was not asked to rebind.
  for (int i = 0; i < 3; ++i) {
    const auto response = client->submit();
    ASSERT_TRUE(response && response->command_status == status::kOk) << testing::describe(response);
  }
  EXPECT_EQ(successes("a"), 1);
  EXPECT_EQ(successes("b"), 3);
  EXPECT_NE(json::serialize(get_json("/config_dump").at("config").at("routes")).find("\"cluster\":\"b\""), std::string::npos);
}

TEST_F(ReloadTest, ABrokenConfigIsRefusedAndTheRunningOneServesOn) {
  ASSERT_NO_FATAL_FAILURE(start_two_clusters());
  auto client = bound_as("acme");
  ASSERT_TRUE(client);

  // A route to a cluster nobody defined: found by the loader, with the file and the key.
  const int64_t before = reloads();
  rewrite_config(clusters_and(route_to("nowhere")));
  ASSERT_TRUE(smppd().send_signal(SIGHUP));
  const json::object last = wait_reload(before);
  EXPECT_FALSE(last.at("ok").as_bool());
  const std::string error(last.at("error").as_string());
  EXPECT_NE(error.find("smppd.toml"), std::string::npos) << error;
  EXPECT_NE(error.find("routes[0].cluster"), std::string::npos) << error;
  EXPECT_NE(error.find("nowhere"), std::string::npos) << error;
  EXPECT_EQ(stat("smppd.server.reload_failure"), 1);
  EXPECT_EQ(stat("smppd.server.reload_success"), 0);
  EXPECT_NE(smppd().log().find("reload refused, the running config stays"), std::string::npos);

  // Not TOML at all, through the admin API this time: 409 with the reason.
  rewrite_config("[[routes]\nname = ");
  const testing::HttpReply refused = post("/reload");
  EXPECT_EQ(refused.status, 409);
  EXPECT_FALSE(parse_json(refused).at("ok").as_bool());
  EXPECT_EQ(stat("smppd.server.reload_failure"), 2);

  const auto response = client->submit();
  ASSERT_TRUE(response && response->command_status == status::kOk) << testing::describe(response);
  EXPECT_EQ(successes("a"), 1);
  EXPECT_NE(json::serialize(get_json("/config_dump").at("config").at("routes")).find("\"cluster\":\"a\""), std::string::npos);
}

TEST_F(ReloadTest, AChangedFileIsReloadedWhenWatched) {
  ASSERT_NO_FATAL_FAILURE(start_two_clusters("", "[reload]\nwatch = true\nwatch_interval_ms = 100\n"));
  auto client = bound_as("acme");
  ASSERT_TRUE(client);
  const int64_t before = reloads();
  rewrite_config(clusters_and(route_to("b")));
  const json::object last = wait_reload(before);
  ASSERT_TRUE(last.at("ok").as_bool()) << json::serialize(last);
  EXPECT_EQ(last.at("trigger").as_string(), "file change");
  ASSERT_EQ(client->submit()->command_status, status::kOk);
  EXPECT_EQ(successes("b"), 1);
}

TEST_F(ReloadTest, AnAddedListenerOpensAndARemovedOneDrainsItsSessions) {
  ASSERT_NO_FATAL_FAILURE(start_two_clusters());
  auto client = bound_as("acme");
  ASSERT_TRUE(client);

  ListenerSpec second = client_listener();
  second.name = "second";
  second.port = testing::free_port();
  const int64_t before = reloads();
  rewrite_config(clusters_and(route_to("a")), {client_listener(), second});
  ASSERT_EQ(post("/reload").status, 200);
  ASSERT_GT(reloads(), before);
  testing::SmppTestClient on_second(second.port);
  ASSERT_TRUE(on_second.connected()) << on_second.error();
  ASSERT_TRUE(on_second.bind(CommandId::bind_transceiver, "beta"));
  EXPECT_EQ(on_second.submit()->command_status, status::kOk);
  EXPECT_EQ(get_json("/listeners").at("listeners").as_array().size(), 2u);

  // Only the second listener is left: the first stops accepting and unbinds its client.
  rewrite_config(clusters_and(route_to("a")), {second});
  ASSERT_EQ(post("/reload").status, 200);
  const testing::ReadResult unbind = client->read(5s);
  ASSERT_TRUE(unbind.ok()) << read_status_name(unbind.status);
  EXPECT_EQ(unbind.pdu.command_id, CommandId::unbind);
  testing::SmppTestClient refused(port());
  EXPECT_FALSE(refused.connected()) << "the removed listener still accepts";
  EXPECT_EQ(on_second.submit()->command_status, status::kOk) << "the remaining listener's session was disturbed";
  EXPECT_EQ(get_json("/listeners").at("listeners").as_array().size(), 1u);
}

TEST_F(ReloadTest, ASubmitInFlightFinishesOnTheClustersItStartedOn) {
  // Cluster "a" is an SMSC that answers after 1.5 s; the reload to "b" happens meanwhile.
  FakeSmsc& slow = start_fake_smsc();
  slow.set_submit_handler([](FakeSmsc& smsc, const FakeSmsc::Submit& submit) {
    smsc.respond(submit, status::kOk, smsc.next_message_id(), Millis(1500));
  });
  SinkProcess& fast = start_sink();
  ASSERT_TRUE(fast.listening());
  const std::string clusters = cluster_toml("a", {{"a1", slow.port()}}) + cluster_toml("b", {{"b1", fast.port()}});
  ASSERT_NO_FATAL_FAILURE(start_with_admin(clusters + route_to("a")));
  auto client = bound_as("acme");
  ASSERT_TRUE(client);

  codec::Pdu submit = submit_with_receipt("4915112345678", "in flight across a reload");
  submit.sequence_number = client->next_sequence();
  ASSERT_TRUE(client->send(submit));
  ASSERT_TRUE(slow.wait_submits(1, 5s));
  rewrite_config(clusters + route_to("b"));
  std::thread reloader([&] { EXPECT_EQ(post("/reload").status, 200); });
  const auto response = client->wait_response(submit.sequence_number, 5s);
  reloader.join();
  ASSERT_TRUE(response) << "the submit in flight got no resp";
  EXPECT_EQ(response->command_status, status::kOk);
  EXPECT_EQ(slow.submits().size(), 1u);
  // New messages go to "b"; the slow SMSC's bind is let go once nothing is in flight on it.
  ASSERT_EQ(client->submit()->command_status, status::kOk);
  EXPECT_EQ(slow.submits().size(), 1u);
}

TEST_F(ReloadTest, ARouteChangeKeepsTheBindsOfTheUnchangedClusters) {
  FakeSmsc& smsc_a = start_fake_smsc();
  FakeSmsc& smsc_b = start_fake_smsc();
  const std::string clusters = cluster_toml("a", {{"a1", smsc_a.port()}}) + cluster_toml("b", {{"b1", smsc_b.port()}});
  ASSERT_NO_FATAL_FAILURE(start_with_admin(clusters + route_to("a")));
  const std::vector<uint64_t> ids_a = bound_bind_ids("a");
  const std::vector<uint64_t> ids_b = bound_bind_ids("b");
  const size_t binds_a = smsc_a.binds_accepted();
  const size_t binds_b = smsc_b.binds_accepted();
  auto client = bound_as("acme");
  ASSERT_TRUE(client);
  ASSERT_EQ(client->submit()->command_status, status::kOk);

  rewrite_config(clusters + route_to("b"));
  ASSERT_EQ(post("/reload").status, 200);
  // Once the replaced generation is gone, the carried clusters are still bound with the same binds.
  ASSERT_TRUE(wait_generations_freed(1));
  EXPECT_EQ(bound_bind_ids("a"), ids_a);
  EXPECT_EQ(bound_bind_ids("b"), ids_b);
  EXPECT_EQ(smsc_a.binds_accepted(), binds_a) << "the unchanged cluster a bound again";
  EXPECT_EQ(smsc_b.binds_accepted(), binds_b) << "the unchanged cluster b bound again";
  EXPECT_EQ(smsc_a.bound_connections().size(), ids_a.size()) << "the retired generation unbound a carried cluster";
  const auto response = client->submit();
  ASSERT_TRUE(response && response->command_status == status::kOk) << testing::describe(response);
  EXPECT_EQ(smsc_a.submits().size(), 1u);
  EXPECT_EQ(smsc_b.submits().size(), 1u);
}

TEST_F(ReloadTest, AChangedEndpointRebindsOnlyItsCluster) {
  FakeSmsc& smsc_a = start_fake_smsc();
  FakeSmsc& smsc_b = start_fake_smsc();
  FakeSmsc& moved_b = start_fake_smsc();
  const std::string cluster_a = cluster_toml("a", {{"a1", smsc_a.port()}});
  ASSERT_NO_FATAL_FAILURE(start_with_admin(cluster_a + cluster_toml("b", {{"b1", smsc_b.port()}}) + route_to("b")));
  const std::vector<uint64_t> ids_a = bound_bind_ids("a");
  const std::vector<uint64_t> ids_b = bound_bind_ids("b");
  const size_t binds_a = smsc_a.binds_accepted();

  rewrite_config(cluster_a + cluster_toml("b", {{"b1", moved_b.port()}}) + route_to("b"));
  ASSERT_EQ(post("/reload").status, 200);
  // The replaced generation unbinds the old b once no request holds it.
  const auto until = std::chrono::steady_clock::now() + 10s;
  while (!smsc_b.bound_connections().empty() && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(20ms);
  EXPECT_TRUE(smsc_b.bound_connections().empty()) << "the old endpoint of b is still bound";
  EXPECT_EQ(bound_bind_ids("a"), ids_a);
  EXPECT_EQ(smsc_a.binds_accepted(), binds_a) << "the unchanged cluster a bound again";
  const std::vector<uint64_t> new_ids_b = bound_bind_ids("b");
  for (const uint64_t id : new_ids_b) EXPECT_EQ(std::count(ids_b.begin(), ids_b.end(), id), 0) << "bind " << id << " was kept";
  EXPECT_GE(moved_b.binds_accepted(), 1u);
  EXPECT_EQ(smsc_a.bound_connections().size(), ids_a.size()) << "the retired generation unbound the carried cluster a";
  auto client = bound_as("acme");
  ASSERT_TRUE(client);
  ASSERT_EQ(client->submit()->command_status, status::kOk);
  EXPECT_EQ(moved_b.submits().size(), 1u);
}

TEST_F(ReloadTest, ASubmitInFlightOnACarriedClusterGetsItsResp) {
  FakeSmsc& slow = start_fake_smsc();
  slow.set_submit_handler([](FakeSmsc& smsc, const FakeSmsc::Submit& submit) {
    smsc.respond(submit, status::kOk, smsc.next_message_id(), Millis(1500));
  });
  const std::string clusters = cluster_toml("a", {{"a1", slow.port()}});
  ASSERT_NO_FATAL_FAILURE(start_with_admin(clusters + route_to("a")));
  const std::vector<uint64_t> ids = bound_bind_ids("a");
  const size_t binds = slow.binds_accepted();
  auto client = bound_as("acme");
  ASSERT_TRUE(client);

  codec::Pdu submit = submit_with_receipt("4915112345678", "in flight across a reload");
  submit.sequence_number = client->next_sequence();
  ASSERT_TRUE(client->send(submit));
  ASSERT_TRUE(slow.wait_submits(1, 5s));
  // Only the route's name changes: cluster a is carried on with the submit in flight on its bind.
  rewrite_config(clusters + "[[routes]]\nname = \"renamed\"\ncluster = \"a\"\n");
  ASSERT_EQ(post("/reload").status, 200);
  const auto response = client->wait_response(submit.sequence_number, 5s);
  ASSERT_TRUE(response) << "the submit in flight got no resp";
  EXPECT_EQ(response->command_status, status::kOk);
  ASSERT_TRUE(wait_generations_freed(1));
  EXPECT_EQ(bound_bind_ids("a"), ids);
  EXPECT_EQ(slow.binds_accepted(), binds);
  const auto next = client->submit();
  ASSERT_TRUE(next && next->command_status == status::kOk) << testing::describe(next);
  EXPECT_EQ(slow.submits().size(), 2u);
}

TEST_F(ReloadTest, RepeatedReloadsFreeEveryReplacedGeneration) {
  FakeSmsc& smsc_a = start_fake_smsc();
  FakeSmsc& smsc_b = start_fake_smsc();
  const std::string clusters = cluster_toml("a", {{"a1", smsc_a.port()}}) + cluster_toml("b", {{"b1", smsc_b.port()}});
  ASSERT_NO_FATAL_FAILURE(start_with_admin(clusters + route_to("a")));
  const std::vector<uint64_t> ids_a = bound_bind_ids("a");
  const std::vector<uint64_t> ids_b = bound_bind_ids("b");
  const size_t binds = smsc_a.binds_accepted() + smsc_b.binds_accepted();
  auto client = bound_as("acme");
  ASSERT_TRUE(client);
  constexpr int kReloads = 5;
  for (int i = 1; i <= kReloads; ++i) {
    rewrite_config(clusters + route_to(i % 2 == 1 ? "b" : "a"));
    ASSERT_EQ(post("/reload").status, 200) << "reload " << i;
    const auto response = client->submit();
    ASSERT_TRUE(response && response->command_status == status::kOk) << "reload " << i << ": " << testing::describe(response);
  }
  EXPECT_TRUE(wait_generations_freed(kReloads)) << "a replaced generation was not freed";
  EXPECT_EQ(smsc_a.submits().size() + smsc_b.submits().size(), static_cast<size_t>(kReloads));
  EXPECT_EQ(smsc_a.binds_accepted() + smsc_b.binds_accepted(), binds);
  EXPECT_EQ(bound_bind_ids("a"), ids_a);
  EXPECT_EQ(bound_bind_ids("b"), ids_b);
  // TearDown stops smppd with SIGTERM and checks exit 0 and no sanitizer report.
}

TEST_F(ReloadTest, SigusrOneReopensTheLogFile) {
  const std::string dir = testing::make_temp_dir("logs");
  const std::string log_file = dir + "/smppd.log";
  options_.extra_arguments = {"--log-path", log_file};
  SinkProcess& sink = start_sink();
  ASSERT_TRUE(sink.listening());
  ASSERT_NO_FATAL_FAILURE(start_proxy(cluster_toml("a", {{"a1", sink.port()}}) + route_to("a")));
  ASSERT_TRUE(std::filesystem::exists(log_file));
  // logrotate's move, then its postrotate signal.
  std::filesystem::rename(log_file, log_file + ".1");
  ASSERT_TRUE(smppd().send_signal(SIGUSR1));
  const auto until = std::chrono::steady_clock::now() + 5s;
  while (!std::filesystem::exists(log_file) && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(20ms);
  ASSERT_TRUE(std::filesystem::exists(log_file)) << "SIGUSR1 did not open a new log file";
  auto client = bound_as("acme");
  ASSERT_TRUE(client);
  std::string text;
  while (text.find("bound as acme") == std::string::npos && std::chrono::steady_clock::now() < until + 5s) {
    std::ifstream in(log_file);
    text.assign(std::istreambuf_iterator<char>(in), {});
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_NE(text.find("bound as acme"), std::string::npos) << "the new log file did not get the new lines:\n" << text;
}

}  // namespace
}  // namespace smppd::integration
