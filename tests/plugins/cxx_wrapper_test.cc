// The C++ SDK (sdk/include/smppd/cxx) on the fake host: the views over the C tables, and the filter
// adapter's promise that no exception crosses the ABI.
#include <gtest/gtest.h>

#include <atomic>
#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "fake_host.h"
#include "smppd/cxx/plugin.hpp"

namespace {

namespace cxx = smppd::cxx;
using smppd::testing::FakeCall;
using smppd::testing::FakeHost;
using smppd::testing::FakeMessage;
using smppd::testing::FakeSession;
using smppd::testing::FilterDriver;

// --- filters under test ---------------------------------------------------------------------------

// Throws from wherever its config says.
struct ThrowingFilter {
  static constexpr const char* name = "throwing";
  static constexpr const char* config_schema = R"({"type": "object"})";

  struct Config {
    Config(const cxx::Host& host, std::string_view json) : where(json) {
      if (where == "config") throw cxx::ConfigError("the config says no");
      if (where == "config-int") throw 42;
      (void)host.counter("requests", "Requests");
    }
    std::string where;
  };

  struct Session {
    Session(Config& made_by, const cxx::SessionInfo& info) : config(made_by) {
      if (config.where == "session") throw std::runtime_error("no session for you");
      peer = std::string(info.peer_address);
    }
    cxx::Verdict on_request(cxx::Call& call, uint64_t) {
      if (config.where == "request") throw std::runtime_error("request exploded");
      if (config.where == "request-int") throw 7;
      if (config.where == "bad-access") (void)call.message().get_string(SMPPD_F_SOURCE_ADDR).value();  // absent
      return cxx::Verdict::Stop(SMPPD_STATUS_RTHROTTLED);
    }
    void on_cancel(uint64_t) {
      if (config.where == "cancel") throw std::runtime_error("cancel exploded");
      ++cancels;
    }
    Config& config;
    std::string peer;
    int cancels = 0;
  };
};

// No Session type: the config is the instance; pauses and resumes from the blocking pool.
struct EchoFilter {
  static constexpr const char* name = "echo";
  struct Config {
    Config(const cxx::Host& made_with, std::string_view) : host(made_with) {
      requests = host.counter("requests", "Requests").value_or(cxx::Counter{});
    }
    cxx::Verdict on_request(cxx::Call& call, uint64_t token) {
      requests.add();
      cxx::Message message = call.message();
      const std::string destination(message.string_or(SMPPD_F_DESTINATION_ADDR));
      if (destination.empty()) return cxx::Verdict::Continue();
      call.set_string(cxx::Scope::call, "echo.destination", destination);
      const cxx::Host owner = host;
      const int32_t rc = host.run_blocking([owner, token, destination] {
        owner.token_set_string(token, cxx::Scope::session, "echo.last", destination);
        owner.resume(token, cxx::Verdict::Stop(static_cast<uint32_t>(destination.size())));
      });
      return rc == SMPPD_OK ? cxx::Verdict::Pause() : cxx::Verdict::Stop(SMPPD_STATUS_RTHROTTLED);
    }
    cxx::Host host;
    cxx::Counter requests;
  };
};

// Records each on_complete as "<what on_request saw>:<response command_status or none>"; throws
// from on_complete when its config says so.
std::vector<std::string> completions;

struct CompletingFilter {
  static constexpr const char* name = "completing";
  struct Config {
    Config(const cxx::Host&, std::string_view json) : mode(json) {}
    std::string mode;
  };
  struct Session {
    Session(Config& made_by, const cxx::SessionInfo&) : config(made_by) {}
    cxx::Verdict on_request(cxx::Call& call, uint64_t) {
      call.set_string(cxx::Scope::call, "completing.destination", call.message().string_or(SMPPD_F_DESTINATION_ADDR));
      return cxx::Verdict::Continue();
    }
    void on_complete(cxx::Call& call, const cxx::Message* response) {
      if (config.mode == "throw") throw std::runtime_error("complete exploded");
      std::string entry(call.get_string(cxx::Scope::call, "completing.destination").value_or("?"));
      entry += ':';
      entry += response == nullptr ? "none" : std::to_string(response->get_int(SMPPD_F_COMMAND_STATUS).value_or(-1));
      if (response != nullptr) entry += "/" + std::string(response->string_or(SMPPD_F_MESSAGE_ID));
      completions.push_back(entry);
    }
    Config& config;
  };
};

// No Session: the config completes, as it requests, from every worker.
struct StatelessCompletingFilter {
  static constexpr const char* name = "stateless_completing";
  struct Config {
    Config(const cxx::Host&, std::string_view) {}
    cxx::Verdict on_request(cxx::Call&, uint64_t) { return cxx::Verdict::Stop(SMPPD_STATUS_RTHROTTLED); }
    void on_complete(cxx::Call&, const cxx::Message* response) {
      completions.push_back(response == nullptr ? "stateless:none" : "stateless:" + std::to_string(response->command_id()));
    }
  };
};

constexpr smppd_factory kCompletingFactories[] = {cxx::filter_factory<CompletingFilter>(),
                                                  cxx::filter_factory<StatelessCompletingFilter>()};
constexpr smppd_plugin_descriptor kCompleting =
    cxx::plugin_descriptor("completing_test", "1.0.0", "on_complete through the wrapper", kCompletingFactories);

int init_calls = 0;
void init_plugin(const cxx::Host& host) {
  ++init_calls;
  host.info("init ran");
}
void refuse_init(const cxx::Host&) { throw std::runtime_error("missing dependency"); }

constexpr smppd_factory kFactories[] = {cxx::filter_factory<ThrowingFilter>(), cxx::filter_factory<EchoFilter>()};
constexpr smppd_plugin_descriptor kDescriptor =
    cxx::plugin_descriptor("wrapper_test", "1.2.3", "the wrapper's test plugin", kFactories, cxx::init_hook<&init_plugin>);
constexpr smppd_plugin_descriptor kRefusing =
    cxx::plugin_descriptor("refusing", "1.0.0", "refuses init", kFactories, cxx::init_hook<&refuse_init>);

// --- the descriptor -------------------------------------------------------------------------------

TEST(CxxPluginTest, BuildsTheDescriptorAndFactoriesAtCompileTime) {
  static_assert(kDescriptor.struct_size == sizeof(smppd_plugin_descriptor));
  static_assert(kDescriptor.factory_count == 2);
  static_assert(kFactories[0].kind == SMPPD_KIND_FILTER);
  EXPECT_EQ(kDescriptor.abi_major, static_cast<uint32_t>(SMPPD_ABI_VERSION_MAJOR));
  EXPECT_EQ(kDescriptor.abi_minor, static_cast<uint32_t>(SMPPD_ABI_VERSION_MINOR));
  EXPECT_EQ(kDescriptor.min_host_minor, 0u);
  EXPECT_STREQ(kDescriptor.factories[1].name, "echo");
  EXPECT_STREQ(kDescriptor.factories[0].config_schema, R"({"type": "object"})");
  EXPECT_EQ(kDescriptor.factories[1].config_schema, nullptr);
  const auto* throwing = static_cast<const smppd_filter_vtable*>(kFactories[0].vtable);
  const auto* echo = static_cast<const smppd_filter_vtable*>(kFactories[1].vtable);
  EXPECT_EQ(throwing->struct_size, sizeof(smppd_filter_vtable));
  EXPECT_NE(throwing->session_new, nullptr);
  EXPECT_EQ(echo->session_new, nullptr);  // no Session type: hooks get the config
  EXPECT_EQ(echo->session_free, nullptr);
  EXPECT_EQ(throwing->on_complete, nullptr);  // no on_complete: nothing for the host to call
  EXPECT_EQ(echo->on_complete, nullptr);
  const auto* completing = static_cast<const smppd_filter_vtable*>(kCompletingFactories[0].vtable);
  const auto* stateless = static_cast<const smppd_filter_vtable*>(kCompletingFactories[1].vtable);
  EXPECT_NE(completing->on_complete, nullptr);
  EXPECT_NE(stateless->on_complete, nullptr);
  EXPECT_EQ(stateless->session_new, nullptr);
}

TEST(CxxPluginTest, InitRunsAndAnExceptionRefusesThePlugin) {
  FakeHost host;
  init_calls = 0;
  { FilterDriver driver(host, &kDescriptor, "echo"); }
  EXPECT_EQ(init_calls, 1);
  EXPECT_TRUE(host.logged(SMPPD_LOG_INFO, "init ran"));
  try {
    FilterDriver driver(host, &kRefusing, "echo");
    FAIL() << "init was not refused";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("missing dependency"), std::string::npos) << e.what();
  }
}

// --- exceptions never cross the boundary --------------------------------------------------------

class CxxFilterAdapterTest : public ::testing::Test {
 protected:
  cxx::Verdict::Kind kind_of(int32_t verdict) { return static_cast<cxx::Verdict::Kind>(verdict); }

  FakeHost host_;
  FilterDriver throwing_{host_, &kDescriptor, "throwing"};
  FakeSession session_;
  FakeMessage message_{SMPPD_CMD_SUBMIT_SM};
};

TEST_F(CxxFilterAdapterTest, AConfigExceptionIsAConfigErrorWithItsText) {
  std::string error;
  EXPECT_EQ(throwing_.configure("config", &error), SMPPD_E_CONFIG);
  EXPECT_EQ(error, "the config says no");
  EXPECT_EQ(throwing_.configure("config-int", &error), SMPPD_E_CONFIG);
  EXPECT_NE(error.find("non-standard exception"), std::string::npos);
  EXPECT_EQ(throwing_.config(), nullptr);
}

TEST_F(CxxFilterAdapterTest, AnOnRequestExceptionStopsWithSystemError) {
  for (const char* where : {"request", "request-int", "bad-access"}) {
    ASSERT_EQ(throwing_.configure(where), SMPPD_OK);
    auto instance = throwing_.open_session(session_);
    FakeCall call(session_, message_);
    const auto outcome = instance.request(call);
    EXPECT_EQ(outcome.verdict, SMPPD_STOP) << where;
    EXPECT_EQ(outcome.command_status, SMPPD_STATUS_RSYSERR) << where;
  }
  EXPECT_TRUE(host_.logged(SMPPD_LOG_ERROR, "on_request threw; answering ESME_RSYSERR: request exploded"));
  EXPECT_TRUE(host_.logged(SMPPD_LOG_ERROR, "a non-standard exception"));
  EXPECT_TRUE(host_.logged(SMPPD_LOG_ERROR, "smppd::cxx::Result holds no value"));
}

TEST_F(CxxFilterAdapterTest, AnswersWhatTheFilterSaysWhenNothingThrows) {
  ASSERT_EQ(throwing_.configure("nowhere"), SMPPD_OK);
  auto instance = throwing_.open_session(session_);
  FakeCall call(session_, message_);
  const auto outcome = instance.request(call);
  EXPECT_EQ(outcome.verdict, SMPPD_STOP);
  EXPECT_EQ(outcome.command_status, SMPPD_STATUS_RTHROTTLED);
  EXPECT_EQ(host_.log_count(SMPPD_LOG_ERROR), 0u);
}

TEST_F(CxxFilterAdapterTest, ASessionExceptionRefusesTheSession) {
  ASSERT_EQ(throwing_.configure("session"), SMPPD_OK);
  EXPECT_THROW(throwing_.open_session(session_), std::runtime_error);
  EXPECT_TRUE(host_.logged(SMPPD_LOG_ERROR, "session_new threw; the session is refused: no session for you"));
}

TEST_F(CxxFilterAdapterTest, OnCancelReachesTheSessionAndItsExceptionsStayInside) {
  ASSERT_EQ(throwing_.configure("cancel"), SMPPD_OK);
  auto instance = throwing_.open_session(session_);
  instance.cancel(host_.new_token());
  EXPECT_TRUE(host_.logged(SMPPD_LOG_ERROR, "on_cancel threw: cancel exploded"));
}

TEST_F(CxxFilterAdapterTest, AThrowingBlockingTaskIsLoggedNotFatal) {
  const cxx::Host host(host_.api(), host_.plugin("wrapper_test"));
  ASSERT_EQ(host.run_blocking([] { throw std::runtime_error("pool work exploded"); }), SMPPD_OK);
  ASSERT_TRUE(host_.wait_blocking_idle());
  EXPECT_TRUE(host_.logged(SMPPD_LOG_ERROR, "blocking work threw: pool work exploded"));
}

// --- a filter without sessions, pausing through the blocking pool -------------------------------

TEST(CxxEchoFilterTest, PausesAndResumesFromThePool) {
  FakeHost host;
  FilterDriver echo(host, &kDescriptor, "echo");
  ASSERT_EQ(echo.configure("{}"), SMPPD_OK);
  FakeSession session;
  auto instance = echo.open_session(session);
  EXPECT_EQ(instance.instance(), echo.config());

  FakeMessage message(SMPPD_CMD_SUBMIT_SM);
  message.set_string(SMPPD_F_DESTINATION_ADDR, "15550100");
  FakeCall call(session, message);
  const auto outcome = instance.request_and_wait(call);
  EXPECT_EQ(outcome.verdict, SMPPD_STOP);
  EXPECT_EQ(outcome.command_status, 8u);
  EXPECT_EQ(call.attributes().get_string("echo.destination"), "15550100");
  EXPECT_EQ(session.attributes().get_string("echo.last"), "15550100");
  EXPECT_EQ(host.counter("smppd.plugin.wrapper_test.requests"), 1u);

  host.set_blocking_busy(true);
  FakeCall busy(session, message);
  EXPECT_EQ(instance.request(busy).command_status, SMPPD_STATUS_RTHROTTLED);
}

// --- on_complete -------------------------------------------------------------------------------

TEST(CxxOnCompleteTest, ReachesTheSessionWithTheCallAndTheResponse) {
  FakeHost host;
  completions.clear();
  FilterDriver filter(host, &kCompleting, "completing");
  ASSERT_EQ(filter.configure("{}"), SMPPD_OK);
  FakeSession session;
  auto instance = filter.open_session(session);
  FakeMessage submit(SMPPD_CMD_SUBMIT_SM);
  submit.set_string(SMPPD_F_DESTINATION_ADDR, "15550100");
  FakeCall call(session, submit);
  const auto outcome = instance.request(call);
  ASSERT_EQ(outcome.verdict, SMPPD_CONTINUE);
  EXPECT_TRUE(completions.empty());  // not before the response

  FakeMessage response(SMPPD_CMD_SUBMIT_SM | SMPPD_CMD_RESPONSE_BIT);
  response.set_int(SMPPD_F_COMMAND_STATUS, SMPPD_STATUS_OK).set_string(SMPPD_F_MESSAGE_ID, "m-1");
  EXPECT_TRUE(instance.complete(outcome.token, response));
  EXPECT_EQ(completions, (std::vector<std::string>{"15550100:0/m-1"}));

  // The session closes before the next request's response is known: a null response.
  FakeCall second(session, submit);
  ASSERT_EQ(instance.request(second).verdict, SMPPD_CONTINUE);
  instance.close();
  EXPECT_EQ(completions, (std::vector<std::string>{"15550100:0/m-1", "15550100:none"}));
  EXPECT_EQ(host.log_count(SMPPD_LOG_ERROR), 0u);
}

TEST(CxxOnCompleteTest, ReachesAConfigWithoutSessions) {
  FakeHost host;
  completions.clear();
  FilterDriver filter(host, &kCompleting, "stateless_completing");
  ASSERT_EQ(filter.configure("{}"), SMPPD_OK);
  FakeSession session;
  auto instance = filter.open_session(session);
  FakeMessage submit(SMPPD_CMD_SUBMIT_SM);
  FakeCall call(session, submit);
  const auto outcome = instance.request(call);
  ASSERT_EQ(outcome.verdict, SMPPD_STOP);  // a filter that stops a request is owed its on_complete too
  FakeMessage refusal(SMPPD_CMD_SUBMIT_SM | SMPPD_CMD_RESPONSE_BIT);
  refusal.set_int(SMPPD_F_COMMAND_STATUS, outcome.command_status);
  EXPECT_TRUE(instance.complete(outcome.token, refusal));
  EXPECT_EQ(completions, (std::vector<std::string>{"stateless:" + std::to_string(SMPPD_CMD_SUBMIT_SM | SMPPD_CMD_RESPONSE_BIT)}));
}

TEST(CxxOnCompleteTest, AnExceptionIsLoggedAndStaysInside) {
  FakeHost host;
  completions.clear();
  FilterDriver filter(host, &kCompleting, "completing");
  ASSERT_EQ(filter.configure("throw"), SMPPD_OK);
  FakeSession session;
  auto instance = filter.open_session(session);
  FakeMessage submit(SMPPD_CMD_SUBMIT_SM);
  FakeCall call(session, submit);
  const auto outcome = instance.request(call);
  FakeMessage response(SMPPD_CMD_SUBMIT_SM | SMPPD_CMD_RESPONSE_BIT);
  EXPECT_TRUE(instance.complete(outcome.token, response));
  EXPECT_TRUE(host.logged(SMPPD_LOG_ERROR, "on_complete threw: complete exploded"));
  EXPECT_TRUE(completions.empty());
}

// --- the views ------------------------------------------------------------------------------------

TEST(CxxViewsTest, ReadMessagesCallsAndSessions) {
  FakeHost host;
  smppd::testing::SessionInfo info;
  info.peer_address = "::1";
  info.peer_port = 40001;
  info.bind_type = SMPPD_BIND_TRANSMITTER;
  info.system_id = "acme";
  FakeSession session(info);
  FakeMessage message(SMPPD_CMD_SUBMIT_SM, 9);
  message.set_string(SMPPD_F_SHORT_MESSAGE, std::string("\x00\x48\x00\x69", 4)).set_int(SMPPD_F_DATA_CODING, 8);
  message.add_tlv(0x1400, "a").add_tlv(0x1401, "b");
  FakeCall raw_call(session, message);
  cxx::Call call(raw_call.handle(), host.api());

  const cxx::Message m = call.message();
  EXPECT_EQ(m.command_id(), SMPPD_CMD_SUBMIT_SM);
  EXPECT_FALSE(m.is_bind());
  EXPECT_FALSE(m.is_response());
  EXPECT_EQ(m.get_int(SMPPD_F_SEQUENCE_NUMBER).value(), 9);
  EXPECT_EQ(m.get_string(SMPPD_F_DESTINATION_ADDR).status(), SMPPD_E_NOT_FOUND);
  EXPECT_EQ(m.string_or(SMPPD_F_DESTINATION_ADDR, "none"), "none");
  EXPECT_THROW((void)m.get_string(SMPPD_F_DESTINATION_ADDR).value(), cxx::BadResultAccess);
  const auto text = m.text();
  ASSERT_TRUE(text);
  EXPECT_EQ(text->utf8, "Hi");
  EXPECT_EQ(text->encoding, SMPPD_TEXT_UCS2);
  EXPECT_FALSE(text->lossy());
  EXPECT_EQ(m.tlv_count(), 2);
  std::string tags;
  m.for_each_tlv([&](const cxx::Tlv& tlv) { tags += std::to_string(tlv.tag) + "=" + std::string(tlv.value) + ";"; });
  EXPECT_EQ(tags, "5120=a;5121=b;");
  int visited = 0;
  m.for_each_tlv([&](const cxx::Tlv&) { return ++visited < 1; });
  EXPECT_EQ(visited, 1);
  EXPECT_EQ(m.tlv(0x1401).value(), "b");

  cxx::Message writable = call.message();
  EXPECT_EQ(writable.set_string(SMPPD_F_DESTINATION_ADDR, "15550100"), SMPPD_OK);
  EXPECT_EQ(writable.set_tlv(0x1402, "c"), SMPPD_OK);
  EXPECT_EQ(writable.remove_tlv(0x1400), SMPPD_OK);
  EXPECT_EQ(writable.set_int(SMPPD_F_ESM_CLASS, 300), SMPPD_E_RANGE);
  EXPECT_EQ(message.string(SMPPD_F_DESTINATION_ADDR), "15550100");

  const auto session_info = call.session();
  ASSERT_TRUE(session_info);
  EXPECT_EQ(session_info->peer_address, "::1");
  EXPECT_EQ(session_info->peer_port, 40001u);
  EXPECT_EQ(session_info->bind_type, cxx::BindType::transmitter);
  EXPECT_EQ(session_info->system_id, "acme");

  EXPECT_EQ(call.set_int(cxx::Scope::session, "test.count", 4), SMPPD_OK);
  EXPECT_EQ(call.get_int(cxx::Scope::session, "test.count").value(), 4);
  EXPECT_EQ(call.get_string(cxx::Scope::session, "test.count").status(), SMPPD_E_INVALID);
  EXPECT_EQ(call.remove(cxx::Scope::session, "test.count"), SMPPD_OK);
  EXPECT_EQ(call.get_int(cxx::Scope::session, "test.count").status(), SMPPD_E_NOT_FOUND);
}

// A plugin's logic logs with a severity of its own, free of the ABI; the host's level is one
// mapping for every plugin.
TEST(CxxHostTest, ALogicSeverityMapsToTheHostsLevel) {
  static_assert(cxx::log_level_of(cxx::Severity::debug) == cxx::LogLevel::debug);
  static_assert(cxx::log_level_of(cxx::Severity::info) == cxx::LogLevel::info);
  static_assert(cxx::log_level_of(cxx::Severity::warn) == cxx::LogLevel::warn);
  static_assert(cxx::log_level_of(cxx::Severity::error) == cxx::LogLevel::error);
  FakeHost host;
  const cxx::Host wrapped(host.api(), host.plugin("logic"));
  wrapped.log(cxx::log_level_of(cxx::Severity::warn), "from the logic");
  ASSERT_EQ(host.logs().size(), 1u);
  EXPECT_EQ(host.logs().front().level, SMPPD_LOG_WARN);
}

TEST(CxxHostTest, ChecksEveryEntryBeforeCallingIt) {
  FakeHost host;
  const cxx::Host wrapped(host.api(), host.plugin("old"));
  // Tables that end before these entries (an older minor), or lack them.
  host.log_table().struct_size = offsetof(smppd_log_api, write);
  host.metrics_table().counter_add = nullptr;
  host.async_table().struct_size = offsetof(smppd_async_api, run_blocking);
  host.call_table().message = nullptr;

  wrapped.error("not written");
  EXPECT_FALSE(wrapped.log_enabled(cxx::LogLevel::critical));
  EXPECT_TRUE(host.logs().empty());
  const auto counter = wrapped.counter("c", "");
  EXPECT_EQ(counter.status(), SMPPD_E_UNSUPPORTED);
  counter.value_or(cxx::Counter{}).add();  // a no-op, not a crash
  auto alive = std::make_shared<int>(0);
  EXPECT_EQ(wrapped.run_blocking([alive] {}), SMPPD_E_UNSUPPORTED);
  EXPECT_EQ(alive.use_count(), 1);
  EXPECT_EQ(wrapped.resume(1, cxx::Verdict::Continue()), SMPPD_E_NOT_FOUND);  // resume is still there
  EXPECT_EQ(wrapped.resume(1, cxx::Verdict::Pause()), SMPPD_E_INVALID);
  FakeSession session;
  FakeMessage message(SMPPD_CMD_SUBMIT_SM);
  FakeCall call(session, message);
  EXPECT_EQ(cxx::Call(call.handle(), host.api()).message().command_id(), 0u);
  EXPECT_TRUE(cxx::Call(call.handle(), host.api()).session());  // the entries after it still work
  host.call_table().struct_size = offsetof(smppd_call_api, session_info);
  EXPECT_EQ(cxx::Call(call.handle(), host.api()).session().status(), SMPPD_E_UNSUPPORTED);

  host.api_table().struct_size = offsetof(smppd_host_api, async);  // no async table at all
  EXPECT_EQ(wrapped.async(), nullptr);
  EXPECT_EQ(wrapped.resume(1, cxx::Verdict::Continue()), SMPPD_E_UNSUPPORTED);
  EXPECT_EQ(wrapped.token_set_string(1, cxx::Scope::session, "k", "v"), SMPPD_E_UNSUPPORTED);
}

TEST(CxxHostTest, DropsBlockingWorkTheHostRefused) {
  FakeHost host;
  const cxx::Host wrapped(host.api(), host.plugin("demo"));
  host.set_blocking_busy(true);
  std::atomic<int> runs{0};
  auto alive = std::make_shared<int>(0);
  EXPECT_EQ(wrapped.run_blocking([alive, &runs] { ++runs; }), SMPPD_E_BUSY);
  EXPECT_EQ(alive.use_count(), 1);  // the refused task was destroyed, unrun
  host.set_blocking_busy(false);
  EXPECT_EQ(wrapped.run_blocking([alive, &runs] { ++runs; }), SMPPD_OK);
  ASSERT_TRUE(host.wait_blocking_idle());
  EXPECT_EQ(runs.load(), 1);
  EXPECT_EQ(alive.use_count(), 1);  // and the one that ran, after it ran
}

TEST(CxxHostTest, ReadsClocksAndDefinesMetrics) {
  FakeHost host;
  const cxx::Host wrapped(host.api(), host.plugin("demo"));
  host.set_monotonic_ns(123);
  EXPECT_EQ(wrapped.monotonic().count(), 123);
  EXPECT_EQ(wrapped.worker_count(), 1);
  const auto gauge = wrapped.gauge("depth", "Depth");
  const auto histogram = wrapped.histogram("latency_us", "Latency");
  ASSERT_TRUE(gauge && histogram);
  gauge->set(5);
  gauge->add(-2);
  histogram->record(10);
  EXPECT_EQ(host.gauge("depth"), 3);
  EXPECT_EQ(host.histogram("latency_us"), (std::vector<uint64_t>{10}));
  int built = 0;
  host.set_log_level(SMPPD_LOG_INFO);
  wrapped.log_lazy(cxx::LogLevel::debug, [&] {
    ++built;
    return std::string("expensive");
  });
  EXPECT_EQ(built, 0);
  wrapped.log_lazy(cxx::LogLevel::warn, [&] {
    ++built;
    return std::string("cheap enough");
  });
  EXPECT_EQ(built, 1);
  EXPECT_TRUE(host.logged(SMPPD_LOG_WARN, "cheap enough"));
}

TEST(CxxVerdictTest, CarriesItsCode) {
  static_assert(cxx::Verdict::Continue().code() == SMPPD_CONTINUE);
  static_assert(cxx::Verdict::Pause().code() == SMPPD_PAUSE);
  static_assert(cxx::Verdict::Stop(0x0E).code() == SMPPD_STOP);
  static_assert(cxx::Verdict::Stop(0x0E).command_status() == 0x0E);
  static_assert(cxx::Verdict::Stop(1) != cxx::Verdict::Stop(2));
  EXPECT_TRUE(cxx::Verdict::Pause().is_pause());
}

}  // namespace

// --- BoundSystemId ----------------------------------------------------------------------------

TEST(CxxBoundSystemIdTest, AsksUntilTheSessionIsBoundThenKeepsIt) {
  FakeHost host;
  FakeSession session;
  FakeMessage submit(SMPPD_CMD_SUBMIT_SM);
  FakeCall call(session, submit);
  const cxx::Call view(call.handle(), host.api());
  cxx::BoundSystemId client;
  EXPECT_EQ(client.of(view), "") << "not bound yet";
  session.info().system_id = "acme";
  EXPECT_EQ(client.of(view), "acme") << "asked again until bound";
  session.info().system_id = "other";
  EXPECT_EQ(client.of(view), "acme") << "kept once bound: the host is not asked again";
}
