// A plugin's admin handler as smppd's admin server calls it (host->admin, smppd/admin.h): an
// answer at once, a deferred one (host->admin->defer, then complete from any thread, even before
// the handler returns), 504 when none comes in time with the late one ignored, and 500 for none.
#include "host/api/plugin_admin_handlers.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_future.hpp>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

namespace smppd::api {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

smppd_plugin_view view(std::string_view text) { return smppd_plugin_view{text.data(), text.size()}; }

// What the test's handler does with each request, and what it saw.
struct Script {
  enum class Mode { respond, defer_and_complete_inside, defer_and_complete_later, defer_never, nothing, respond_after_defer };
  Mode mode = Mode::respond;
  std::chrono::milliseconds delay{0};
  std::string peer_seen;
  std::string query_seen;
  uint64_t ticket = 0;
  int32_t second_answer = SMPPD_OK;  // what respond or defer answered after a defer
  std::thread worker;
};

void handler(void* user_data, const smppd_admin_request* request, smppd_admin_response* response) {
  auto* script = static_cast<Script*>(user_data);
  const smppd_admin_api* admin = admin_table();
  script->peer_seen.assign(request->peer.data, request->peer.size);
  script->query_seen.assign(request->query.data, request->query.size);
  switch (script->mode) {
    case Script::Mode::respond:
      admin->respond(response, 201, view("text/plain"), view("at once"));
      return;
    case Script::Mode::nothing:
      return;
    case Script::Mode::respond_after_defer:
      ASSERT_EQ(admin->defer(response, &script->ticket), SMPPD_OK);
      script->second_answer = admin->respond(response, 200, view(""), view("too"));
      EXPECT_EQ(admin->defer(response, &script->ticket), SMPPD_E_STATE);
      admin->complete(script->ticket, 200, view(""), view("{}"));
      return;
    case Script::Mode::defer_and_complete_inside:
      ASSERT_EQ(admin->defer(response, &script->ticket), SMPPD_OK);
      EXPECT_EQ(admin->complete(script->ticket, 200, view(""), view(R"({"inside":true})")), SMPPD_OK);
      return;
    case Script::Mode::defer_and_complete_later: {
      ASSERT_EQ(admin->defer(response, &script->ticket), SMPPD_OK);
      const uint64_t ticket = script->ticket;
      const auto delay = script->delay;
      script->worker = std::thread([ticket, delay] {
        std::this_thread::sleep_for(delay);
        EXPECT_EQ(admin_table()->complete(ticket, 202, view("text/plain"), view("later")), SMPPD_OK);
      });
      return;
    }
    case Script::Mode::defer_never:
      ASSERT_EQ(admin->defer(response, &script->ticket), SMPPD_OK);
      return;
  }
}

PluginAdminAnswer call(Script& script, std::chrono::milliseconds timeout = 2000ms) {
  asio::io_context context;
  PluginAdminHandler plugin{"/plugins/test/path", false, "", &handler, &script};
  PluginAdminCall request;
  request.path = plugin.path;
  request.raw_query = "account=a%20b";
  request.peer = "[2001:db8::1]:4444";
  auto future = asio::co_spawn(context, call_plugin_admin_handler(plugin, request, timeout), asio::use_future);
  context.run();
  if (script.worker.joinable()) script.worker.join();
  return future.get();
}

TEST(PluginAdminHandlersTest, AnAnswerAtOnce) {
  Script script;
  const PluginAdminAnswer answer = call(script);
  EXPECT_EQ(answer.status, 201u);
  EXPECT_EQ(answer.content_type, "text/plain");
  EXPECT_EQ(answer.body, "at once");
  EXPECT_EQ(script.peer_seen, "[2001:db8::1]:4444");
  EXPECT_EQ(script.query_seen, "account=a%20b");
}

TEST(PluginAdminHandlersTest, AHandlerThatGivesNoAnswerIs500) {
  Script script;
  script.mode = Script::Mode::nothing;
  EXPECT_EQ(call(script).status, 500u);
}

TEST(PluginAdminHandlersTest, ADeferredAnswerCompletedBeforeTheHandlerReturns) {
  Script script;
  script.mode = Script::Mode::defer_and_complete_inside;
  const PluginAdminAnswer answer = call(script);
  EXPECT_EQ(answer.status, 200u);
  EXPECT_EQ(answer.content_type, "application/json");
  EXPECT_EQ(answer.body, R"({"inside":true})");
  EXPECT_EQ(DeferredAdminAnswers::process().waiting(), 0u);
}

TEST(PluginAdminHandlersTest, ADeferredAnswerFromAnotherThreadWhileTheServerServesOthers) {
  Script script;
  script.mode = Script::Mode::defer_and_complete_later;
  script.delay = 100ms;
  asio::io_context context;
  PluginAdminHandler plugin{"/plugins/test/path", false, "", &handler, &script};
  PluginAdminCall request;
  request.path = plugin.path;
  auto future = asio::co_spawn(context, call_plugin_admin_handler(plugin, request, 5000ms), asio::use_future);
  // Meanwhile the same thread keeps running other handlers: nothing blocks on the plugin.
  std::atomic<int> ticks{0};
  asio::steady_timer tick(context, 10ms);
  std::function<void(boost::system::error_code)> on_tick = [&](boost::system::error_code) {
    if (++ticks < 5) {
      tick.expires_after(10ms);
      tick.async_wait(on_tick);
    }
  };
  tick.async_wait(on_tick);
  context.run();
  script.worker.join();
  const PluginAdminAnswer answer = future.get();
  EXPECT_EQ(answer.status, 202u);
  EXPECT_EQ(answer.body, "later");
  EXPECT_EQ(ticks.load(), 5);
}

TEST(PluginAdminHandlersTest, NoAnswerInTimeIs504AndTheLateOneIsIgnored) {
  Script script;
  script.mode = Script::Mode::defer_never;
  const uint64_t late_before = DeferredAdminAnswers::process().late_answers();
  const auto started = std::chrono::steady_clock::now();
  const PluginAdminAnswer answer = call(script, 50ms);
  EXPECT_GE(std::chrono::steady_clock::now() - started, 50ms);
  EXPECT_EQ(answer.status, 504u);
  EXPECT_NE(answer.body.find("no answer within 50 ms"), std::string::npos) << answer.body;
  EXPECT_EQ(admin_table()->complete(script.ticket, 200, view(""), view("late")), SMPPD_E_NOT_FOUND);
  EXPECT_EQ(DeferredAdminAnswers::process().late_answers(), late_before + 1);
  EXPECT_EQ(DeferredAdminAnswers::process().waiting(), 0u);
}

TEST(PluginAdminHandlersTest, RespondAfterDeferIsRefusedAndTheTicketStillAnswers) {
  Script script;
  script.mode = Script::Mode::respond_after_defer;
  const PluginAdminAnswer answer = call(script);
  EXPECT_EQ(script.second_answer, SMPPD_E_STATE);
  EXPECT_EQ(answer.status, 200u);
  EXPECT_EQ(answer.body, "{}");
}

TEST(PluginAdminHandlersTest, TheTableChecksItsArguments) {
  const smppd_admin_api* admin = admin_table();
  ASSERT_TRUE(SMPPD_HAS(admin, defer));
  ASSERT_TRUE(SMPPD_HAS(admin, complete));
  uint64_t ticket = 0;
  EXPECT_EQ(admin->defer(nullptr, &ticket), SMPPD_E_INVALID);
  smppd_admin_response response;
  EXPECT_EQ(admin->defer(&response, nullptr), SMPPD_E_INVALID);
  ASSERT_EQ(admin->defer(&response, &ticket), SMPPD_OK);
  EXPECT_EQ(admin->complete(ticket, 99, view(""), view("")), SMPPD_E_INVALID);
  EXPECT_EQ(admin->complete(ticket, 600, view(""), view("")), SMPPD_E_INVALID);
  EXPECT_EQ(admin->complete(ticket, 200, view(""), view("")), SMPPD_OK);
  EXPECT_EQ(admin->complete(ticket, 200, view(""), view("")), SMPPD_E_NOT_FOUND);
  EXPECT_EQ(admin->complete(0, 200, view(""), view("")), SMPPD_E_NOT_FOUND);
  EXPECT_TRUE(DeferredAdminAnswers::process().take(ticket));
}

}  // namespace
}  // namespace smppd::api
