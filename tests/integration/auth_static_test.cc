// Binds authenticated by the real auth_static plugin (plugins/filter/auth_static) in the real
// smppd, with password hashes made by smppd-passwd. Skipped when the build has no auth_static.
#include <filesystem>
#include <map>

#include "host/codec/command_status.h"
#include "host/codec/pdu_encoder.h"
#include "tests/integration/integration_test.h"
#include "tests/support/run_command.h"

namespace smppd::integration {
namespace {

namespace status = codec::status;

constexpr const char* kPassword = "s3cret!";

bool auth_static_built() {
  const std::filesystem::path dir = SMPPD_PLUGIN_DIR;
  return std::filesystem::exists(dir / "auth_static.toml") && std::filesystem::exists(dir / "libsmppd_auth_static.so");
}

// The Argon2id hash of `password`, as an operator makes it; "" when smppd-passwd is missing.
std::string hash_of(const std::string& password) {
#ifdef SMPPD_PASSWD_BINARY
  const testing::CommandResult result =
      testing::run_command("printf '%s\\n' '" + password + "' | '" SMPPD_PASSWD_BINARY "' 2>/dev/null");
  if (result.exit_code != 0 || result.output.empty()) return {};
  return result.output.substr(0, result.output.find('\n'));
#else
  (void)password;
  return {};
#endif
}

class AuthStaticTest : public IntegrationTest {
 protected:
  static void SetUpTestSuite() {
    if (auth_static_built()) hash_ = new std::string(hash_of(kPassword));
  }
  static void TearDownTestSuite() {
    delete hash_;
    hash_ = nullptr;
  }
  void SetUp() override {
    if (!auth_static_built()) GTEST_SKIP() << "auth_static is not in " << SMPPD_PLUGIN_DIR;
    ASSERT_TRUE(hash_ != nullptr && !hash_->empty()) << "smppd-passwd made no hash";
  }

  // alice: transmitter or transceiver, from 127.0.0.1 only, two binds at most.
  // bob: any bind type, from 127.0.0.2 only. carol: disabled.
  ListenerSpec auth_listener() const {
    ListenerSpec listener;
    listener.allow_unauthenticated = false;
    listener.keys = {{"max_connections_per_ip", "1000"}};
    const std::string hash = "password_hash = \"" + *hash_ + "\"\n";
    listener.filters =
        "[[listeners.filters]]\n"
        "name = \"auth_static\"\n"
        "\n"
        "[[listeners.filters.config.accounts]]\n"
        "system_id = \"alice\"\n" + hash +
        "bind_types = [\"transmitter\", \"transceiver\"]\n"
        "allowed_cidrs = [\"127.0.0.1/32\"]\n"
        "max_binds = 2\n"
        "\n"
        "[[listeners.filters.config.accounts]]\n"
        "system_id = \"bob\"\n" + hash +
        "allowed_cidrs = [\"127.0.0.2/32\"]\n"
        "\n"
        "[[listeners.filters.config.accounts]]\n"
        "system_id = \"carol\"\n" + hash +
        "enabled = false\n";
    return listener;
  }

  // Binds on a new connection; the bind resp's status, or -1 without one.
  int64_t bind_status(CommandId bind, const std::string& system_id, const std::string& password,
                      SmppTestClientOptions options = {}) {
    auto client = connect(std::move(options));
    if (!client) return -1;
    const auto response = client->bind(bind, system_id, password);
    if (!response) return -1;
    EXPECT_EQ(response->command_id, codec::response_of(bind));
    return response->command_status;
  }

  static std::string* hash_;
};

std::string* AuthStaticTest::hash_ = nullptr;

TEST_F(AuthStaticTest, TheRightPasswordBinds) {
  ASSERT_NO_FATAL_FAILURE(start(auth_listener()));
  auto client = connect();
  ASSERT_TRUE(client);
  const auto bind = client->bind(CommandId::bind_transceiver, "alice", kPassword);
  ASSERT_TRUE(bind);
  EXPECT_EQ(bind->command_status, status::kOk) << testing::describe(bind);
  const auto submit = client->submit();
  ASSERT_TRUE(submit);
  EXPECT_EQ(submit->command_status, status::kInvDstAdr);
}

TEST_F(AuthStaticTest, AWrongPasswordIsRefusedWithInvPaswdAndTheSessionMayBindAgain) {
  ASSERT_NO_FATAL_FAILURE(start(auth_listener()));
  auto client = connect();
  ASSERT_TRUE(client);
  const auto wrong = client->bind(CommandId::bind_transmitter, "alice", "wrong");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->command_status, status::kInvPaswd) << testing::describe(wrong);
  const auto submit = client->submit();
  ASSERT_TRUE(submit);
  EXPECT_EQ(submit->command_status, status::kInvBndSts) << "a refused bind must not bind";
  const auto right = client->bind(CommandId::bind_transmitter, "alice", kPassword);
  ASSERT_TRUE(right);
  EXPECT_EQ(right->command_status, status::kOk) << testing::describe(right);
}

TEST_F(AuthStaticTest, AnUnknownSystemIdIsRefusedWithInvSysId) {
  ASSERT_NO_FATAL_FAILURE(start(auth_listener()));
  EXPECT_EQ(bind_status(CommandId::bind_transceiver, "mallory", kPassword), status::kInvSysId);
}

TEST_F(AuthStaticTest, ABindTypeTheAccountDoesNotAllowIsRefusedWithBindFail) {
  ASSERT_NO_FATAL_FAILURE(start(auth_listener()));
  EXPECT_EQ(bind_status(CommandId::bind_receiver, "alice", kPassword), status::kBindFail);
  EXPECT_EQ(bind_status(CommandId::bind_transmitter, "alice", kPassword), status::kOk);
}

TEST_F(AuthStaticTest, AnAddressOutsideTheAccountsCidrsIsRefusedWithBindFail) {
  ASSERT_NO_FATAL_FAILURE(start(auth_listener()));
  EXPECT_EQ(bind_status(CommandId::bind_transceiver, "bob", kPassword), status::kBindFail);  // from 127.0.0.1
  EXPECT_EQ(bind_status(CommandId::bind_transceiver, "bob", kPassword, good_client_options()), status::kOk);
  EXPECT_EQ(bind_status(CommandId::bind_transceiver, "alice", kPassword, good_client_options()), status::kBindFail);
}

TEST_F(AuthStaticTest, ADisabledAccountIsRefusedWithBindFail) {
  ASSERT_NO_FATAL_FAILURE(start(auth_listener()));
  EXPECT_EQ(bind_status(CommandId::bind_transceiver, "carol", kPassword), status::kBindFail);
}

TEST_F(AuthStaticTest, MaxBindsLimitsTheSessionsOfAnAccountAndAnUnbindFreesOne) {
  ASSERT_NO_FATAL_FAILURE(start(auth_listener()));
  std::vector<std::unique_ptr<SmppTestClient>> sessions;
  for (int i = 0; i < 2; ++i) {
    sessions.push_back(connect());
    ASSERT_TRUE(sessions.back());
    const auto bind = sessions.back()->bind(CommandId::bind_transceiver, "alice", kPassword);
    ASSERT_TRUE(bind);
    ASSERT_EQ(bind->command_status, status::kOk) << "bind " << i << ": " << testing::describe(bind);
  }
  EXPECT_EQ(bind_status(CommandId::bind_transceiver, "alice", kPassword), status::kBindFail);
  const auto unbind = sessions.back()->unbind();
  ASSERT_TRUE(unbind);
  ASSERT_TRUE(sessions.back()->wait_closed(2s).closed);
  sessions.pop_back();
  EXPECT_EQ(bind_status(CommandId::bind_transceiver, "alice", kPassword), status::kOk);
}

// HARDENING.md class 17: a flood of binds with wrong passwords is throttled before any password
// is hashed; the throttled ones are answered at once with ESME_RTHROTTLED.
TEST_F(AuthStaticTest, Class17_AFloodOfWrongPasswordsIsThrottledBeforeHashing) {
  ListenerSpec listener = auth_listener();
  listener.bind_throttle = "attempts_per_second = 2.0\nburst = 3\n";
  ASSERT_NO_FATAL_FAILURE(start(listener));
  // bob may bind from 127.0.0.2, the checker's address, whose bucket the flood does not touch.
  checker_system_id_ = "bob";
  checker_password_ = kPassword;
  constexpr int kAttempts = 60;
  std::map<uint32_t, int> answers;
  expect_others_served_during([&] {
    std::vector<std::unique_ptr<SmppTestClient>> flood;
    for (int i = 0; i < kAttempts; ++i) {
      flood.push_back(connect());
      ASSERT_TRUE(flood.back());
      codec::Pdu bind = testing::make_bind(CommandId::bind_transmitter, "alice", "guess" + std::to_string(i));
      bind.sequence_number = 1;
      ASSERT_TRUE(flood.back()->send(bind));
    }
    for (auto& client : flood) {
      const testing::ReadResult answer = client->read();
      ASSERT_TRUE(answer.ok()) << testing::read_status_name(answer.status);
      ++answers[answer.pdu.command_status];
    }
  });
  EXPECT_GE(answers[status::kThrottled], kAttempts - 10);
  EXPECT_EQ(answers[status::kThrottled] + answers[status::kInvPaswd], kAttempts);
}

// Without a filter that authenticates, a listener refuses every bind unless it allows
// unauthenticated binds (the host's rule, no plugin needed).
class NoAuthenticationTest : public IntegrationTest {};

TEST_F(NoAuthenticationTest, EveryBindIsRefusedWithoutAnAuthenticatingFilter) {
  ListenerSpec listener;
  listener.allow_unauthenticated = false;
  ASSERT_NO_FATAL_FAILURE(start(listener));
  for (const CommandId bind : {CommandId::bind_transmitter, CommandId::bind_receiver, CommandId::bind_transceiver}) {
    auto client = connect();
    ASSERT_TRUE(client);
    const auto response = client->bind(bind, "anyone", "anything");
    ASSERT_TRUE(response);
    EXPECT_EQ(response->command_id, codec::response_of(bind));
    EXPECT_EQ(response->command_status, status::kBindFail) << testing::describe(response);
    EXPECT_TRUE(client->enquire_link()) << "a refused bind leaves the session open";
  }
}

// A filter that lets every request continue but authenticates nobody is not enough either.
TEST_F(NoAuthenticationTest, AFilterThatDoesNotAuthenticateIsNotEnough) {
  ListenerSpec listener;
  listener.allow_unauthenticated = false;
  listener.filters = delay_filter(10ms);
  ASSERT_NO_FATAL_FAILURE(start({listener}, kDelayPool));
  auto client = connect();
  ASSERT_TRUE(client);
  const auto response = client->bind(CommandId::bind_transceiver, "anyone", "anything");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->command_status, status::kBindFail) << testing::describe(response);
}

}  // namespace
}  // namespace smppd::integration
