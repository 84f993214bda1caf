// The credit plugin's admin paths (/plugins/credit/balance, topup, set) through the fake host's
// admin table, as smppd's admin server calls them: deferred answers from the state store, the
// audit trail (its logger and its file), and bad input.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "tests/plugins/filter/credit/credit_test_support.h"

namespace smppd::plugins::credit::testing {
namespace {

using namespace std::chrono_literals;
using smppd::testing::AdminAnswer;
using smppd::testing::LogRecord;

class CreditAdminTest : public CreditTest {
 protected:
  CreditAdminTest() : dir_(std::filesystem::temp_directory_path() / ("smppd-credit-admin-" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(dir_);
  }
  ~CreditAdminTest() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  AdminAnswer get(const std::string& target) { return host_.admin().get(target); }
  AdminAnswer post(const std::string& target) {
    return host_.admin().request(SMPPD_ADMIN_POST, target, {}, "192.0.2.7:40404");
  }

  std::vector<LogRecord> audit_lines() const {
    std::vector<LogRecord> lines;
    for (const LogRecord& record : host_.logs()) {
      if (record.logger == "audit") lines.push_back(record);
    }
    return lines;
  }

  static std::string read(const std::filesystem::path& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }

  std::filesystem::path dir_;
};

TEST_F(CreditAdminTest, ThePathsAreRegisteredByInit) {
  const auto routes = host_.admin().routes();
  ASSERT_EQ(routes.size(), 3u);
  EXPECT_EQ(routes[0].path, "/plugins/credit/balance");
  EXPECT_EQ(routes[0].method, SMPPD_ADMIN_GET);
  EXPECT_EQ(routes[1].path, "/plugins/credit/topup");
  EXPECT_EQ(routes[1].method, SMPPD_ADMIN_POST);
  EXPECT_EQ(routes[2].path, "/plugins/credit/set");
  EXPECT_EQ(routes[2].method, SMPPD_ADMIN_POST);
}

TEST_F(CreditAdminTest, ReadsABalanceThroughADeferredAnswer) {
  configure(R"({"default_price": 10, "low_balance": {"threshold": 500}})");
  set_balance("acme", 1234);
  const AdminAnswer answer = get("/plugins/credit/balance?account=acme");
  EXPECT_EQ(answer.status, 200u) << answer.body;
  EXPECT_TRUE(answer.deferred);
  EXPECT_EQ(answer.content_type, "application/json");
  EXPECT_EQ(answer.body, R"({"account":"acme","balance":1234,"low_balance_threshold":500,"below_threshold":false})");

  EXPECT_EQ(get("/plugins/credit/balance?account=nobody").body,
            R"({"account":"nobody","balance":0,"low_balance_threshold":500,"below_threshold":true})");
  EXPECT_EQ(get("/plugins/credit/balance?account=a%2Fb%20c").body,
            R"({"account":"a/b c","balance":0,"low_balance_threshold":500,"below_threshold":true})");
}

TEST_F(CreditAdminTest, ATopUpAddsAndIsAudited) {
  configure(R"({"default_price": 10})");
  set_balance("acme", 100);
  const AdminAnswer answer = post("/plugins/credit/topup?account=acme&amount=500");
  EXPECT_EQ(answer.status, 200u) << answer.body;
  EXPECT_EQ(answer.body, R"({"account":"acme","old_balance":100,"balance":600,"amount":500})");
  EXPECT_EQ(balance("acme"), 600);

  const auto lines = audit_lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].level, SMPPD_LOG_INFO);
  EXPECT_EQ(lines[0].plugin, "credit");
  EXPECT_NE(lines[0].message.find(R"("who":"192.0.2.7:40404","action":"topup","account":"acme","old":100,"new":600,"amount":500})"),
            std::string::npos)
      << lines[0].message;
  EXPECT_EQ(counter("admin_changes"), 1u);

  EXPECT_EQ(post("/plugins/credit/topup?account=newcomer&amount=7").body,
            R"({"account":"newcomer","old_balance":0,"balance":7,"amount":7})");
}

TEST_F(CreditAdminTest, SetReplacesTheBalanceAndIsAuditedToTheFileToo) {
  const std::filesystem::path file = dir_ / "audit.log";
  configure(R"({"default_price": 10, "audit_file": ")" + file.string() + R"("})");
  set_balance("acme", 100);
  EXPECT_EQ(post("/plugins/credit/set?account=acme&amount=42").body,
            R"({"account":"acme","old_balance":100,"balance":42,"amount":42})");
  EXPECT_EQ(post("/plugins/credit/set?account=acme&amount=0").status, 200u);
  EXPECT_EQ(balance("acme"), 0);
  ASSERT_TRUE(host_.wait_blocking_idle());

  const std::string written = read(file);
  EXPECT_NE(written.find(R"("action":"set","account":"acme","old":100,"new":42,"amount":42})" "\n"), std::string::npos) << written;
  EXPECT_NE(written.find(R"("action":"set","account":"acme","old":42,"new":0,"amount":0})" "\n"), std::string::npos) << written;
  EXPECT_EQ(std::count(written.begin(), written.end(), '\n'), 2);
  EXPECT_EQ(audit_lines().size(), 2u);
}

TEST_F(CreditAdminTest, AnAuditFileThatCannotBeWrittenIsReportedButTheChangeStands) {
  configure(R"({"default_price": 10, "audit_file": ")" + (dir_ / "missing" / "audit.log").string() + R"("})");
  const AdminAnswer answer = post("/plugins/credit/topup?account=acme&amount=5");
  EXPECT_EQ(answer.status, 200u);
  EXPECT_NE(answer.body.find("\"audit_file_error\""), std::string::npos) << answer.body;
  EXPECT_EQ(balance("acme"), 5);
  EXPECT_EQ(counter("audit_file_failures"), 1u);
  EXPECT_EQ(audit_lines().size(), 1u) << "the audit log has the line all the same";
}

TEST_F(CreditAdminTest, BadInputAnswers400AndChangesNothing) {
  configure(R"({"default_price": 10})");
  set_balance("acme", 100);
  for (const char* target : {"/plugins/credit/topup", "/plugins/credit/topup?amount=5",
                             "/plugins/credit/topup?account=&amount=5", "/plugins/credit/topup?account=acme",
                             "/plugins/credit/topup?account=acme&amount=abc", "/plugins/credit/topup?account=acme&amount=-5",
                             "/plugins/credit/topup?account=acme&amount=0", "/plugins/credit/topup?account=acme&amount=1.5",
                             "/plugins/credit/topup?account=acme&amount=1000000000000001",
                             "/plugins/credit/topup?account=acme%0A&amount=5", "/plugins/credit/set?account=acme&amount=",
                             "/plugins/credit/set?account=acme&amount=%zz"}) {
    const AdminAnswer answer = post(target);
    EXPECT_EQ(answer.status, 400u) << target << ": " << answer.body;
    EXPECT_NE(answer.body.find("\"error\""), std::string::npos) << target;
  }
  EXPECT_EQ(get("/plugins/credit/balance").status, 400u);
  EXPECT_EQ(balance("acme"), 100);
  EXPECT_TRUE(audit_lines().empty());
  EXPECT_EQ(host_.admin().request(SMPPD_ADMIN_GET, "/plugins/credit/topup?account=acme&amount=5").status, 405u);
}

TEST_F(CreditAdminTest, ATopUpPastTheLargestBalanceAnswers409) {
  configure(R"({"default_price": 10})");
  set_balance("acme", 1000000000000000);
  EXPECT_EQ(post("/plugins/credit/topup?account=acme&amount=1").status, 409u);
  EXPECT_EQ(balance("acme"), 1000000000000000);
}

TEST_F(CreditAdminTest, ATopUpReArmsTheLowBalanceEvent) {
  configure(R"({"default_price": 10, "low_balance": {"threshold": 100}})");
  set_balance("acme", 105);
  ASSERT_EQ(submit().outcome.verdict, SMPPD_CONTINUE);  // 95: event
  settle();
  ASSERT_EQ(counter("low_balance_events"), 1u);
  EXPECT_EQ(host_.gauge("smppd.plugin.credit.accounts_below_threshold"), 1);
  ASSERT_EQ(post("/plugins/credit/topup?account=acme&amount=10").status, 200u);  // 105
  EXPECT_EQ(host_.gauge("smppd.plugin.credit.accounts_below_threshold"), 0);
  ASSERT_EQ(submit().outcome.verdict, SMPPD_CONTINUE);  // 95: event again
  settle();
  EXPECT_EQ(counter("low_balance_events"), 2u);
}

TEST_F(CreditAdminTest, AStoreThatCannotBeReachedAnswers503) {
  configure(R"({"default_price": 10})");
  host_.set_state_available(false);
  EXPECT_EQ(get("/plugins/credit/balance?account=acme").status, 503u);
  EXPECT_EQ(post("/plugins/credit/topup?account=acme&amount=5").status, 503u);
  host_.set_state_available(true);
  host_.set_state_execute_result(SMPPD_E_BUSY);
  EXPECT_EQ(post("/plugins/credit/set?account=acme&amount=5").status, 503u);
  host_.set_state_execute_result(SMPPD_OK);
  EXPECT_TRUE(audit_lines().empty());
}

TEST_F(CreditAdminTest, WithoutAConfigThePathsAnswer503) {
  EXPECT_EQ(get("/plugins/credit/balance?account=acme").status, 503u);
}

TEST_F(CreditAdminTest, AnAnswerThatComesTooLateIsIgnoredByTheHost) {
  configure(R"({"default_price": 10})");
  host_.hold_state_answers();
  const AdminAnswer answer = host_.admin().request(SMPPD_ADMIN_POST, "/plugins/credit/topup?account=acme&amount=5", {},
                                                   "127.0.0.1:1", 50ms);
  EXPECT_EQ(answer.status, 504u);
  host_.release_state_answers();
  settle();
  EXPECT_EQ(host_.admin().late_completions(), 1u);
  EXPECT_EQ(balance("acme"), 5) << "the change was made; only its answer came late (and is audited)";
  EXPECT_EQ(audit_lines().size(), 1u);
}

}  // namespace
}  // namespace smppd::plugins::credit::testing
