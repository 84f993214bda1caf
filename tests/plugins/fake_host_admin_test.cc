// The fake host's admin table (host->admin) and the C++ wrapper over it (smppd/cxx/admin.hpp):
// paths, immediate and deferred answers, smppd's 504 for an answer that does not come, the
// request's peer and query, and the plugin's own named logger.
#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

#include "fake_host.h"
#include "smppd/cxx/admin.hpp"

namespace smppd::testing {
namespace {

using namespace std::chrono_literals;
using cxx::AdminMethod;
using cxx::AdminRequest;
using cxx::AdminResponder;

class FakeHostAdminTest : public ::testing::Test {
 protected:
  cxx::Host host() { return cxx::Host(host_.api(), host_.plugin("demo")); }

  FakeHost host_;
};

TEST_F(FakeHostAdminTest, AnImmediateAnswerWithTheQueryAndThePeer) {
  const cxx::Admin admin(host());
  ASSERT_TRUE(admin.supported());
  ASSERT_TRUE(admin.can_defer());
  ASSERT_EQ(admin.register_handler(AdminMethod::get, "echo", "echoes", [](const AdminRequest& request, AdminResponder& responder) {
    responder.respond(200, std::string(request.path) + " " + request.param("who").value_or("?") + " " +
                               std::string(request.peer) + " " + (request.param("flag") ? "flag" : "-"),
                      "text/plain");
  }),
            SMPPD_OK);
  const AdminAnswer answer = host_.admin().request(SMPPD_ADMIN_GET, "/plugins/demo/echo?who=a%20b+c&flag", {}, "10.0.0.1:99");
  EXPECT_EQ(answer.status, 200u);
  EXPECT_FALSE(answer.deferred);
  EXPECT_EQ(answer.content_type, "text/plain");
  EXPECT_EQ(answer.body, "/plugins/demo/echo a b c 10.0.0.1:99 flag");
}

TEST_F(FakeHostAdminTest, PathsMethodsAndRefusals) {
  const cxx::Admin admin(host());
  auto ok = [](const AdminRequest&, AdminResponder& responder) { responder.respond(200, "{}"); };
  ASSERT_EQ(admin.register_handler(AdminMethod::post, "change", "", ok), SMPPD_OK);
  EXPECT_EQ(admin.register_handler(AdminMethod::post, "change", "", ok), SMPPD_E_STATE);
  EXPECT_EQ(admin.register_handler(AdminMethod::get, "../up", "", ok), SMPPD_E_INVALID);
  EXPECT_EQ(admin.register_handler(AdminMethod::get, "/leading-slash", "", ok), SMPPD_E_INVALID);
  ASSERT_EQ(admin.register_handler(AdminMethod::get, "tree/", "", [](const AdminRequest& request, AdminResponder& responder) {
    responder.respond(200, request.path);
  }),
            SMPPD_OK);
  EXPECT_EQ(host_.admin().post("/plugins/demo/change").status, 200u);
  EXPECT_EQ(host_.admin().get("/plugins/demo/change").status, 405u);
  EXPECT_EQ(host_.admin().get("/plugins/demo/nothing").status, 404u);
  EXPECT_EQ(host_.admin().get("/plugins/demo/tree/a/b").body, "/plugins/demo/tree/a/b");
  EXPECT_EQ(host_.admin().routes().size(), 2u);
}

TEST_F(FakeHostAdminTest, ADeferredAnswerFromAnotherThread) {
  const cxx::Admin admin(host());
  std::thread worker;
  ASSERT_EQ(admin.register_handler(AdminMethod::get, "later", "", [&worker](const AdminRequest&, AdminResponder& responder) {
    const auto ticket = responder.defer();
    ASSERT_TRUE(ticket);
    EXPECT_EQ(responder.respond(200, "now"), SMPPD_E_STATE) << "deferred: the answer comes through the ticket";
    worker = std::thread([ticket = *ticket] {
      std::this_thread::sleep_for(20ms);
      EXPECT_EQ(ticket.complete(202, R"({"done":true})"), SMPPD_OK);
      EXPECT_EQ(ticket.complete(200, "again"), SMPPD_E_NOT_FOUND);
    });
  }),
            SMPPD_OK);
  const AdminAnswer answer = host_.admin().get("/plugins/demo/later");
  worker.join();
  EXPECT_EQ(answer.status, 202u);
  EXPECT_TRUE(answer.deferred);
  EXPECT_EQ(answer.body, R"({"done":true})");
  EXPECT_EQ(host_.admin().late_completions(), 1u);
}

TEST_F(FakeHostAdminTest, ADeferredAnswerThatDoesNotComeIs504AndALateOneIsIgnored) {
  const cxx::Admin admin(host());
  cxx::AdminTicket kept;
  ASSERT_EQ(admin.register_handler(AdminMethod::post, "never", "", [&kept](const AdminRequest&, AdminResponder& responder) {
    kept = *responder.defer();
  }),
            SMPPD_OK);
  const AdminAnswer answer = host_.admin().request(SMPPD_ADMIN_POST, "/plugins/demo/never", {}, "", 30ms);
  EXPECT_EQ(answer.status, 504u);
  EXPECT_EQ(kept.complete(200, "late"), SMPPD_E_NOT_FOUND);
  EXPECT_EQ(host_.admin().late_completions(), 1u);
  EXPECT_EQ(host_.admin().deferred_waiting(), 0u);
}

TEST_F(FakeHostAdminTest, AHandlerThatThrowsOrSaysNothingAnswers500) {
  const cxx::Admin admin(host());
  ASSERT_EQ(admin.register_handler(AdminMethod::get, "throws", "", [](const AdminRequest&, AdminResponder&) {
    throw std::runtime_error("broken \"badly\"");
  }),
            SMPPD_OK);
  ASSERT_EQ(admin.register_handler(AdminMethod::get, "throws_later", "", [](const AdminRequest&, AdminResponder& responder) {
    (void)responder.defer();
    throw std::runtime_error("after deferring");
  }),
            SMPPD_OK);
  ASSERT_EQ(admin.register_handler(AdminMethod::get, "silent", "", [](const AdminRequest&, AdminResponder&) {}), SMPPD_OK);
  const AdminAnswer thrown = host_.admin().get("/plugins/demo/throws");
  EXPECT_EQ(thrown.status, 500u);
  EXPECT_EQ(thrown.body, R"({"error":"broken \"badly\""})");
  const AdminAnswer thrown_later = host_.admin().get("/plugins/demo/throws_later");
  EXPECT_EQ(thrown_later.status, 500u);
  EXPECT_TRUE(thrown_later.deferred);
  EXPECT_EQ(host_.admin().get("/plugins/demo/silent").status, 500u);
  EXPECT_TRUE(host_.logged(SMPPD_LOG_ERROR, "an admin handler threw: broken"));
}

TEST_F(FakeHostAdminTest, AnOlderHostWithoutDeferIsToldApart) {
  host_.admin_table().struct_size = offsetof(smppd_admin_api, defer);
  const cxx::Admin admin(host());
  EXPECT_TRUE(admin.supported());
  EXPECT_FALSE(admin.can_defer());
  ASSERT_EQ(admin.register_handler(AdminMethod::get, "try", "", [](const AdminRequest&, AdminResponder& responder) {
    EXPECT_EQ(responder.defer().status(), SMPPD_E_UNSUPPORTED);
    responder.respond(200, "at once");
  }),
            SMPPD_OK);
  EXPECT_EQ(host_.admin().get("/plugins/demo/try").body, "at once");
}

TEST_F(FakeHostAdminTest, ANamedLoggerIsRecordedApart) {
  const cxx::Host plugin = host();
  EXPECT_TRUE(plugin.log_named("audit", cxx::LogLevel::info, "a change"));
  EXPECT_FALSE(plugin.log_named("bad name!", cxx::LogLevel::info, "refused"));
  EXPECT_FALSE(plugin.log_named("", cxx::LogLevel::info, "refused"));
  const auto logs = host_.logs();
  ASSERT_EQ(logs.size(), 1u);
  EXPECT_EQ(logs[0].logger, "audit");
  EXPECT_EQ(logs[0].plugin, "demo");
  EXPECT_EQ(logs[0].message, "a change");
  host_.log_table().struct_size = offsetof(smppd_log_api, write_named);
  EXPECT_FALSE(plugin.log_named("audit", cxx::LogLevel::info, "an older host"));
}

}  // namespace
}  // namespace smppd::testing
